"""RingCentral's PubNub payload encryption: AES-128-ECB with PKCS7 padding, base64 outside.

The PubNub SDK's own `cipher_key` is AES-CBC with a derived key and cannot read these
payloads (pubnub.md §6), so calldeck decrypts every message itself.
"""

from __future__ import annotations

import base64
import binascii
import json

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class DecryptError(ValueError):
    """A PubNub payload that is not a valid encrypted RingCentral notification."""


def decrypt_payload(ciphertext_b64: str, key_b64: str) -> bytes:
    """Return the plaintext bytes of one base64 AES-128-ECB/PKCS7 message.

    Raises DecryptError for bad base64, a wrong key size, or bad padding.
    """
    try:
        key = base64.b64decode(key_b64, validate=True)
        data = base64.b64decode(ciphertext_b64, validate=True)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise DecryptError(f"not base64: {exc}") from None
    if len(key) not in (16, 24, 32):
        raise DecryptError(f"an AES key has 16 bytes, this one has {len(key)}")
    if not data or len(data) % 16:
        raise DecryptError(f"ciphertext of {len(data)} bytes is not whole AES blocks")
    # ECB is what RingCentral uses for PubNub payloads; there is no IV to pass.
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        padded = decryptor.update(data) + decryptor.finalize()
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise DecryptError(f"bad padding: {exc}") from None


def decrypt_notification(ciphertext_b64: object, key_b64: str) -> dict:
    """Decrypt one PubNub message into the RingCentral notification envelope (a dict).

    Raises DecryptError when the message is not a string, does not decrypt, or is not a
    JSON object.
    """
    if not isinstance(ciphertext_b64, str):
        raise DecryptError(f"expected a base64 string, got {type(ciphertext_b64).__name__}")
    plaintext = decrypt_payload(ciphertext_b64, key_b64)
    try:
        envelope = json.loads(plaintext)
    # RecursionError: deeply nested JSON is unreadable too, not a crash.
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise DecryptError(f"decrypted text is not JSON: {exc}") from None
    if not isinstance(envelope, dict):
        raise DecryptError("decrypted JSON is not an object")
    return envelope
