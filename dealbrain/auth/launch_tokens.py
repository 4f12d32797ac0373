"""Signed launch tokens: how a Dagster run proves who launched it.

A launch token is ``base64url(payload) "." base64url(HMAC-SHA256(secret, payload part))``
where the payload is compact JSON ``{"sub", "role", "exp", "nonce"}``. Whoever
holds IMPORTER_LAUNCH_SECRET can sign one, so the secret lives only where
runs are launched or executed (the CLI, the webserver, the daemon). Tokens are
short-lived; the nonce lets a run claim a token so no other run can reuse it
(see `dealbrain.auth.run_identity`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dealbrain.auth.errors import AuthenticationError, LaunchSecretError
from dealbrain.auth.permissions import Actor, Role

MIN_SECRET_BYTES = 32
MAX_TOKEN_CHARS = 2048
MAX_TTL_SECONDS = 24 * 3600
CLI_RUN_TTL_SECONDS = 300
LAUNCH_TOKEN_TAG = "dealbrain/launch_token"
"""The run tag a launch token travels in: runs read who launched them from it, never from their config."""
LAUNCHPAD_TTL_SECONDS = 900
_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_NONCE = re.compile(r"[0-9a-f]{32}")
_FIELDS = {"sub", "role", "exp", "nonce"}
SIGN_AGAIN = "Sign a new one with `importer token launch`."


@dataclass(frozen=True)
class LaunchClaims:
    """What a verified launch token says: who, until when, and its one-run nonce."""

    actor: Actor
    expires_at: datetime
    nonce: str

    def check_not_expired(self, now: datetime | None = None) -> None:
        if (now or datetime.now(UTC)) >= self.expires_at:
            raise AuthenticationError(
                f"The launch token of {self.actor.name!r} expired at {self.expires_at:%Y-%m-%d %H:%M:%S} UTC. "
                + SIGN_AGAIN
            )


def check_secret(secret: bytes | None) -> bytes:
    """The secret itself, or `LaunchSecretError` if it is missing or too short to be safe."""
    if not secret:
        raise LaunchSecretError(
            "IMPORTER_LAUNCH_SECRET is not set. Authentication is on, so runs need signed launch tokens: "
            "set it to the same random value (at least 32 characters, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`) for the CLI, the webserver and the daemon."
        )
    if len(secret) < MIN_SECRET_BYTES:
        raise LaunchSecretError(
            f"IMPORTER_LAUNCH_SECRET is {len(secret)} bytes long; use at least {MIN_SECRET_BYTES} random characters."
        )
    return secret


def sign_launch_token(secret: bytes, actor: Actor, ttl_seconds: int, now: datetime | None = None) -> str:
    """A token saying ``actor`` launched the run, valid for ``ttl_seconds`` from ``now``."""
    if not 0 < ttl_seconds <= MAX_TTL_SECONDS:
        raise ValueError(f"a launch token lives between 1 second and {MAX_TTL_SECONDS} seconds, not {ttl_seconds}")
    expires = (now or datetime.now(UTC)) + timedelta(seconds=ttl_seconds)
    payload = {"sub": actor.name, "role": actor.role.value, "exp": int(expires.timestamp()), "nonce": secrets.token_hex(16)}
    body = _encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{body}.{_encode(_mac(check_secret(secret), body))}"


def decode_launch_token(secret: bytes, token: str) -> LaunchClaims:
    """The claims of a token signed with ``secret``, expired or not; `AuthenticationError` otherwise."""
    secret = check_secret(secret)
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or not _SHAPE.fullmatch(token.strip()):
        raise AuthenticationError("This is not a launch token (expected two base64url parts joined by '.'). " + SIGN_AGAIN)
    body, signature = token.strip().split(".")
    if not hmac.compare_digest(_decode(signature), _mac(secret, body)):
        raise AuthenticationError(
            "The launch token's signature does not match: it was altered, forged, or signed with another "
            "IMPORTER_LAUNCH_SECRET. " + SIGN_AGAIN
        )
    return _claims(_payload(body))


def verify_launch_token(secret: bytes, token: str, now: datetime | None = None) -> Actor:
    """Who a valid, unexpired launch token names; `AuthenticationError` for anything else."""
    claims = decode_launch_token(secret, token)
    claims.check_not_expired(now)
    return claims.actor


def _mac(secret: bytes, body: str) -> bytes:
    return hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise AuthenticationError("The launch token is damaged (bad base64url). " + SIGN_AGAIN) from None


def _payload(body: str) -> dict[str, Any]:
    try:
        payload = json.loads(_decode(body))
    except (UnicodeDecodeError, json.JSONDecodeError):
        payload = None
    if not isinstance(payload, dict) or set(payload) != _FIELDS:
        raise AuthenticationError("The launch token's content is malformed. " + SIGN_AGAIN)
    return payload


def _claims(payload: dict[str, Any]) -> LaunchClaims:
    subject, role, expires, nonce = payload["sub"], payload["role"], payload["exp"], payload["nonce"]
    well_formed = (
        isinstance(subject, str) and 0 < len(subject) <= 128
        and role in {r.value for r in Role}
        and isinstance(expires, int) and not isinstance(expires, bool) and 0 < expires < 2**33
        and isinstance(nonce, str) and _NONCE.fullmatch(nonce)
    )
    if not well_formed:
        raise AuthenticationError("The launch token's content is malformed. " + SIGN_AGAIN)
    return LaunchClaims(Actor(subject, Role(role)), datetime.fromtimestamp(expires, UTC), nonce)
