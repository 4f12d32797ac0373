"""Launch tokens: a valid one names its user; tampered, expired, malformed or foreign ones are refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from dealbrain.auth import Actor, AuthenticationError, LaunchSecretError, Role
from dealbrain.auth.launch_tokens import (
    decode_launch_token,
    sign_launch_token,
    verify_launch_token,
)

SECRET = b"launch-secret-for-tests-0123456789"
OTHER_SECRET = b"another-secret-for-tests-987654321"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
OLGA = Actor("olga", Role.OPERATOR)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _payload(token: str) -> dict:
    body = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_a_valid_token_names_its_user_until_it_expires() -> None:
    token = sign_launch_token(SECRET, OLGA, 300, NOW)
    assert verify_launch_token(SECRET, token, NOW + timedelta(seconds=299)) == OLGA
    claims = decode_launch_token(SECRET, token)
    assert claims.expires_at == NOW + timedelta(seconds=300)
    assert set(_payload(token)) == {"sub", "role", "exp", "nonce"}


def test_every_token_has_its_own_nonce() -> None:
    first, second = (sign_launch_token(SECRET, OLGA, 60, NOW) for _ in range(2))
    assert _payload(first)["nonce"] != _payload(second)["nonce"]


def test_an_expired_token_is_refused() -> None:
    token = sign_launch_token(SECRET, OLGA, 60, NOW)
    with pytest.raises(AuthenticationError, match="expired at 2026-11-26 12:01:00 UTC.*importer token launch"):
        verify_launch_token(SECRET, token, NOW + timedelta(seconds=60))


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = sign_launch_token(OTHER_SECRET, OLGA, 60, NOW)
    with pytest.raises(AuthenticationError, match="signature does not match.*IMPORTER_LAUNCH_SECRET"):
        verify_launch_token(SECRET, token, NOW)


def test_raising_ones_own_role_breaks_the_signature() -> None:
    token = sign_launch_token(SECRET, OLGA, 60, NOW)
    payload = _payload(token) | {"role": "admin"}
    forged = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()) + "." + token.split(".")[1]
    with pytest.raises(AuthenticationError, match="signature does not match"):
        verify_launch_token(SECRET, forged, NOW)


def test_a_flipped_signature_character_is_refused() -> None:
    token = sign_launch_token(SECRET, OLGA, 60, NOW)
    body, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    with pytest.raises(AuthenticationError, match="signature does not match"):
        verify_launch_token(SECRET, f"{body}.{flipped}", NOW)


@pytest.mark.parametrize(
    "token",
    ["", "no-dot", "a.b.c", "two..dots", "spaces in.token", "é.é", "x" * 5000 + ".y", "eyJ9.=="],
)
def test_malformed_tokens_are_refused(token: str) -> None:
    with pytest.raises(AuthenticationError, match="not a launch token|damaged|malformed|signature"):
        verify_launch_token(SECRET, token, NOW)


def test_a_signed_but_malformed_payload_is_refused() -> None:
    import hashlib
    import hmac

    for payload in [b"[]", b"not json", b'{"sub":"x"}', b'{"sub":"x","role":"root","exp":1,"nonce":"0"}']:
        body = _b64(payload)
        signature = _b64(hmac.new(SECRET, body.encode(), hashlib.sha256).digest())
        with pytest.raises(AuthenticationError, match="malformed"):
            verify_launch_token(SECRET, f"{body}.{signature}", NOW)


@pytest.mark.parametrize("secret", [None, b"", b"short"])
def test_a_missing_or_weak_secret_is_refused_with_the_variable_name(secret: bytes | None) -> None:
    with pytest.raises(LaunchSecretError, match="IMPORTER_LAUNCH_SECRET"):
        sign_launch_token(secret, OLGA, 60, NOW)  # type: ignore[arg-type]
    with pytest.raises(LaunchSecretError, match="IMPORTER_LAUNCH_SECRET"):
        verify_launch_token(secret, "a.b", NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize("ttl", [0, -5, 24 * 3600 + 1])
def test_lifetimes_are_bounded(ttl: int) -> None:
    with pytest.raises(ValueError, match="between 1 second"):
        sign_launch_token(SECRET, OLGA, ttl, NOW)
