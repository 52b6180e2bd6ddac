"""The log filter masks tokens and secrets wherever they appear."""

from __future__ import annotations

import logging

from tui.ringcentral.redact import MASK, RedactingFilter, redact, register_secret


def test_patterns_are_masked() -> None:
    text = (
        'Authorization: Bearer abc.DEF-123 {"access_token": "tok1234567", '
        '"refresh_token":"ref7654321"} grant_type=jwt&assertion=eyJhbGciOi '
        "GET /callback?code=AUTHCODE99&state=STATE123"
    )
    masked = redact(text)
    for secret in (
        "abc.DEF-123",
        "tok1234567",
        "ref7654321",
        "eyJhbGciOi",
        "AUTHCODE99",
        "STATE123",
    ):
        assert secret not in masked
    assert MASK in masked and "grant_type=jwt" in masked


def test_registered_secrets_are_masked_anywhere() -> None:
    register_secret("s3cr3t-value-xyz")
    assert "s3cr3t-value-xyz" not in redact("odd place s3cr3t-value-xyz here")


def test_filter_rewrites_records_and_tracebacks() -> None:
    register_secret("another-secret-42")
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "token %s", ("another-secret-42",), None
    )
    try:
        raise RuntimeError("boom another-secret-42")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert "another-secret-42" not in record.getMessage()
    assert "another-secret-42" not in (record.exc_text or "")
