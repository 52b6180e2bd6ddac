"""RingCentral's PubNub payload crypto against the published test vector."""

from __future__ import annotations

import base64
import json

import pytest

from tests.shared import fixture_path
from tui.ringcentral.push.crypto import DecryptError, decrypt_notification, decrypt_payload

KEY = fixture_path("raw/pubnub_aes_key.b64.txt").read_text().strip()
CIPHERTEXT = fixture_path("raw/pubnub_aes_ciphertext_presence_onhold.b64.txt").read_text().strip()
PLAINTEXT = fixture_path("pubnub_decrypted_presence_onhold_plaintext.json").read_bytes()


def test_fixture_vector_decrypts_byte_for_byte() -> None:
    assert decrypt_payload(CIPHERTEXT, KEY) == PLAINTEXT


def test_fixture_vector_is_the_on_hold_presence_envelope() -> None:
    envelope = decrypt_notification(CIPHERTEXT, KEY)
    assert envelope == json.loads(PLAINTEXT)
    assert envelope["body"]["telephonyStatus"] == "OnHold"
    assert envelope["event"].endswith("/presence")


@pytest.mark.parametrize(
    ("ciphertext", "key"),
    [
        ("not base64 !!", KEY),
        (CIPHERTEXT, base64.b64encode(b"short").decode()),
        (CIPHERTEXT[:-8] + "AAAAAAA=", KEY),  # last block damaged: bad padding
        (base64.b64encode(b"x" * 15).decode(), KEY),  # not whole blocks
        ("", KEY),
        (CIPHERTEXT, base64.b64encode(b"0123456789abcdef").decode()),  # wrong key
    ],
)
def test_garbage_is_a_decrypt_error_not_a_crash(ciphertext: str, key: str) -> None:
    with pytest.raises(DecryptError):
        decrypt_notification(ciphertext, key)


def test_non_string_payload_is_refused() -> None:
    with pytest.raises(DecryptError):
        decrypt_notification({"d": CIPHERTEXT}, KEY)
