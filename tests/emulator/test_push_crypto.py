"""PubNub payload crypto: the RingCentral test vector, byte for byte, and round trips."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared import fixture_path
from tui.emulator.push.crypto import (
    decrypt_bytes,
    decrypt_envelope,
    encrypt_bytes,
    encrypt_envelope,
    new_encryption_key,
)

KEY = fixture_path("raw/pubnub_aes_key.b64.txt").read_text().strip()
CIPHERTEXT = fixture_path("raw/pubnub_aes_ciphertext_presence_onhold.b64.txt").read_text().strip()
PLAINTEXT = (
    fixture_path("pubnub_decrypted_presence_onhold_plaintext.json").read_bytes().rstrip(b"\n")
)


def test_encrypting_the_fixture_plaintext_reproduces_ringcentrals_ciphertext() -> None:
    assert encrypt_bytes(KEY, PLAINTEXT) == CIPHERTEXT


def test_decrypting_the_fixture_ciphertext_gives_the_presence_event() -> None:
    assert decrypt_bytes(KEY, CIPHERTEXT) == PLAINTEXT
    envelope = decrypt_envelope(KEY, CIPHERTEXT)
    assert envelope["body"] == {"extensionId": 402853446008, "telephonyStatus": "OnHold"}


def test_a_wrong_key_is_refused_rather_than_returning_garbage() -> None:
    with pytest.raises(ValueError):
        decrypt_envelope(new_encryption_key(), CIPHERTEXT)


def test_new_keys_are_random_aes_128_keys() -> None:
    keys = {new_encryption_key() for _ in range(20)}
    assert len(keys) == 20
    assert all(len(base64.b64decode(k)) == 16 for k in keys)


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.text(), st.integers(), st.booleans())))
def test_envelopes_round_trip(envelope: dict) -> None:
    key = new_encryption_key()
    assert decrypt_envelope(key, encrypt_envelope(key, envelope)) == json.loads(
        json.dumps(envelope)
    )
