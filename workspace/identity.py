"""Who is using the workspace: the local user when authentication is off, else whoever signed in with a token.

A token typed on the sign-in page is checked with the same `authenticate` the
API uses and then kept only in this process's memory, keyed by the browser's
session id (NiceGUI's signed session cookie): never in a URL, a cookie, a log
or a file. Every page load and every write authenticates it again, so a
revoked or replaced token stops working at once, and a server restart signs
everyone out. Failed tokens are rate limited per address like the API's.
"""

from __future__ import annotations

from dataclasses import dataclass

from nicegui import app

from dealbrain.auth import Actor, AuthenticationError, Role
from dealbrain.auth.environment_policy import within_environment
from dealbrain.auth.users import authenticate
from workspace.context import context

_tokens: dict[str, str] = {}


@dataclass(frozen=True)
class Identity:
    """The acting user and the sentence the header shows about them."""

    actor: Actor
    authentication_on: bool

    @property
    def description(self) -> str:
        if self.authentication_on:
            return f"signed in as {self.actor.name} ({self.actor.role.value})"
        return f"acting as local user {self.actor.name} ({self.actor.role.value}; authentication off)"


def _browser_id() -> str:
    return str(app.storage.browser["id"])


def _signed_in(token: str) -> Actor:
    """The token's user, with what the environment's switches take away from their role."""
    return within_environment(authenticate(context().engine, token), context().settings.environment)


def current_identity() -> Identity | None:
    """The identity of this browser, or None when authentication is on and nobody (valid) signed in."""
    settings = context().settings
    if not settings.auth_enabled:
        return Identity(Actor(name=settings.actor, role=Role.ADMIN), authentication_on=False)
    token = _tokens.get(_browser_id())
    if token is None:
        return None
    try:
        return Identity(_signed_in(token), authentication_on=True)
    except AuthenticationError:
        _tokens.pop(_browser_id(), None)
        return None


def sign_in(token: str, address: str) -> Identity:
    """Check ``token`` and remember it for this browser; `AuthenticationError` (with the reason) if refused."""
    limiter = context().token_limiter
    wait = limiter.retry_after(address)
    if wait is not None:
        raise AuthenticationError(f"Too many failed tokens from {address}; wait {wait} s before trying again.")
    try:
        actor = _signed_in(token)
    except AuthenticationError:
        limiter.record_failure(address)
        raise
    _tokens[_browser_id()] = token.strip()
    return Identity(actor, authentication_on=True)


def sign_out() -> None:
    _tokens.pop(_browser_id(), None)
