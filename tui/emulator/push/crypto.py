"""RingCentral's PubNub payload encryption: AES-128-ECB, PKCS7, base64 outside, JSON inside.

This is what ringcentral-python 0.8.x decrypted (see shared/docs/pubnub.md §6). ECB is weak, but
it is the wire format RingCentral used, so the emulator reproduces it byte for byte.
"""

from __future__ import annotations

import base64
import json
import secrets

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY_BYTES = 16  # AES-128


def new_encryption_key() -> str:
    """A fresh random AES-128 key, base64 encoded as in `deliveryMode.encryptionKey`."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def encrypt_bytes(key_b64: str, plaintext: bytes) -> str:
    """Base64 of AES-128-ECB/PKCS7 ciphertext of `plaintext` under the base64 key."""
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(base64.b64decode(key_b64)), modes.ECB()).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")


def decrypt_bytes(key_b64: str, message_b64: str) -> bytes:
    """Reverse of `encrypt_bytes`; raises ValueError on a bad key, ciphertext or padding."""
    decryptor = Cipher(algorithms.AES(base64.b64decode(key_b64)), modes.ECB()).decryptor()
    padded = decryptor.update(base64.b64decode(message_b64)) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def encrypt_envelope(key_b64: str, envelope: dict) -> str:
    """The PubNub message `d` for one notification envelope (compact JSON, like RingCentral)."""
    text = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)
    return encrypt_bytes(key_b64, text.encode("utf-8"))


def decrypt_envelope(key_b64: str, message_b64: str) -> dict:
    """Decode a PubNub message `d` back into the notification envelope."""
    return json.loads(decrypt_bytes(key_b64, message_b64))
