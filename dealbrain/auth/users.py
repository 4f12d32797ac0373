"""Users, their roles and tokens: adding, listing, changing roles, revoking, rotating, authenticating.

A token is a random secret shown once; only its sha256 is stored, so a copy
of the database does not hand out working tokens. Every change is audited as
``user_changed`` with the user before and after (never the token or its hash).

Bootstrap: while there are no users, the first ``add`` needs no permission and
must create an admin. From then on managing users needs ``manage_users``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.auth.errors import AuthenticationError, UserError
from dealbrain.auth.permissions import Actor, Permission, Role, require
from dealbrain.db.engine import transaction
from dealbrain.db.models import AppUser

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,127}")
MAX_TOKEN_LENGTH = 256
BOOTSTRAP_ACTOR = "bootstrap"


def new_token() -> str:
    """A fresh high-entropy secret (256 bits), URL- and shell-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The stored form of a token: sha256 hex (enough for random secrets; no salt or stretching needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def as_utc(moment: datetime | None) -> datetime | None:
    """Timestamps read back from SQLite are naive UTC; make every one aware."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class UserRecord:
    """A user as shown to admins: never the token or its hash."""

    username: str
    role: Role
    token_created_at: datetime
    revoked_at: datetime | None
    created_by: str
    created_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "role": self.role.value,
            "active": self.active,
            "token_created_at": self.token_created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


def _record(row: AppUser) -> UserRecord:
    return UserRecord(
        username=row.username,
        role=Role(row.role),
        token_created_at=as_utc(row.token_created_at),
        revoked_at=as_utc(row.revoked_at),
        created_by=row.created_by,
        created_at=as_utc(row.created_at),
    )


def has_users(engine: Engine) -> bool:
    """Whether anyone was added yet (while not, the first admin may be added without a token)."""
    with transaction(engine) as session:
        return has_users_in(session)


def has_users_in(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(AppUser)) > 0


class UserService:
    """Manage users as ``actor``; ``actor`` may be None only to add the first admin."""

    def __init__(self, engine: Engine, actor: Actor | None) -> None:
        self._engine = engine
        self._actor = actor

    def add(self, username: str, role: Role | str = Role.OPERATOR) -> tuple[UserRecord, str]:
        """Create a user; returns the user and their token, which is never shown again."""
        role, username = _role(role), _check_username(username)
        bootstrap = not has_users(self._engine)
        if bootstrap and role is not Role.ADMIN:
            raise UserError(
                f"There are no users yet, so the first one must be an admin (to manage the others): "
                f"add {username!r} with --admin."
            )
        if not bootstrap:
            self._require("add a user")
        token = new_token()
        with transaction(self._engine) as session:
            if bootstrap and has_users_in(session):
                raise UserError("Another user was added meanwhile; authenticate as an admin and try again.")
            if _find(session, username) is not None:
                raise UserError(f"A user named {username!r} already exists; pick another name.")
            now = datetime.now(UTC)
            row = AppUser(
                username=username, role=role.value, token_hash=hash_token(token), token_created_at=now,
                created_by=self._actor_name(), created_at=now,
            )
            session.add(row)
            session.flush()
            after = _record(row)
            self._audit(session, "added", None, after)
            return after, token

    def list_users(self) -> list[UserRecord]:
        """Every user, revoked ones included, by name."""
        self._require("list users")
        with transaction(self._engine) as session:
            return [_record(row) for row in session.scalars(select(AppUser).order_by(AppUser.username))]

    def set_role(self, username: str, role: Role | str) -> UserRecord:
        role = _role(role)
        self._require("change a user's role")
        with transaction(self._engine) as session:
            row = _existing(session, username)
            before = _record(row)
            if before.role is role:
                return before
            if before.role is Role.ADMIN:
                _refuse_losing_last_admin(session, row, "change the role of")
            row.role = role.value
            session.flush()
            after = _record(row)
            self._audit(session, "role_changed", before, after)
            return after

    def revoke(self, username: str) -> UserRecord:
        """Disable a user's token; `issue_token` gives them a new one and reinstates them."""
        self._require("revoke a user")
        with transaction(self._engine) as session:
            row = _existing(session, username)
            before = _record(row)
            if not before.active:
                raise UserError(f"{username!r} is already revoked.")
            if before.role is Role.ADMIN:
                _refuse_losing_last_admin(session, row, "revoke")
            row.revoked_at = datetime.now(UTC)
            session.flush()
            after = _record(row)
            self._audit(session, "revoked", before, after)
            return after

    def issue_token(self, username: str) -> tuple[UserRecord, str]:
        """Replace a user's token (the old one stops working) and reinstate them if revoked."""
        self._require("issue a token")
        token = new_token()
        with transaction(self._engine) as session:
            row = _existing(session, username)
            before = _record(row)
            row.token_hash, row.token_created_at, row.revoked_at = hash_token(token), datetime.now(UTC), None
            session.flush()
            after = _record(row)
            self._audit(session, "token_issued", before, after)
            return after, token

    def _require(self, action: str) -> None:
        if self._actor is None:
            raise AuthenticationError(f"Only an admin may {action}: authenticate with an admin's token.")
        require(self._engine, self._actor, Permission.MANAGE_USERS, action=action)

    def _actor_name(self) -> str:
        return self._actor.name if self._actor else BOOTSTRAP_ACTOR

    def _audit(self, session: Session, change: str, before: UserRecord | None, after: UserRecord) -> None:
        record_event(
            session,
            actor=self._actor_name(),
            action=AuditAction.USER_CHANGED,
            payload={
                "username": after.username,
                "change": change,
                "before": before.as_dict() if before else None,
                "after": after.as_dict(),
            },
        )


def authenticate(engine: Engine, token: str | None) -> Actor:
    """The user holding ``token``; `AuthenticationError` if it is missing, unknown or revoked."""
    token = (token or "").strip()
    if not token:
        raise AuthenticationError("No token was given.")
    invalid = AuthenticationError(
        "This token is not valid: it is mistyped, or an admin replaced it with a newer one "
        "(`importer users token USERNAME`)."
    )
    if len(token) > MAX_TOKEN_LENGTH:
        raise invalid
    digest = hash_token(token)
    with transaction(engine) as session:
        rows = session.execute(select(AppUser.username, AppUser.role, AppUser.token_hash, AppUser.revoked_at)).all()
    match = next((row for row in rows if hmac.compare_digest(row.token_hash, digest)), None)
    if match is None:
        raise invalid
    if match.revoked_at is not None:
        raise AuthenticationError(
            f"The token of {match.username!r} was revoked on {as_utc(match.revoked_at):%Y-%m-%d %H:%M} UTC; "
            f"ask an admin for a new one (`importer users token {match.username}`)."
        )
    return Actor(name=match.username, role=_stored_role(match.username, match.role))


def active_actor(engine: Engine, username: str) -> Actor:
    """The current role of an active user; `AuthenticationError` if unknown or revoked."""
    with transaction(engine) as session:
        row = _find(session, username)
        if row is None:
            raise AuthenticationError(f"There is no user named {username!r}; an admin adds users with `importer users add`.")
        if row.revoked_at is not None:
            raise AuthenticationError(f"{username!r} was revoked; ask an admin for a new token.")
        return Actor(name=row.username, role=_stored_role(row.username, row.role))


def _find(session: Session, username: str) -> AppUser | None:
    return session.scalars(select(AppUser).where(AppUser.username == username)).one_or_none()


def _existing(session: Session, username: str) -> AppUser:
    row = _find(session, username)
    if row is None:
        raise UserError(f"There is no user named {username!r}; see `importer users list`.")
    return row


def _refuse_losing_last_admin(session: Session, row: AppUser, verb: str) -> None:
    admins = select(func.count()).select_from(AppUser).where(AppUser.role == Role.ADMIN.value, AppUser.revoked_at.is_(None))
    if session.scalar(admins) <= 1:
        raise UserError(f"Cannot {verb} {row.username!r}: they are the last active admin. Make another admin first.")


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise UserError(f"{role!r} is not a role; valid roles are {valid}.") from None


def _stored_role(username: str, role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AuthenticationError(f"{username!r} has an unknown role {role!r}; an admin must set it again.") from None


def _check_username(username: str) -> str:
    if not USERNAME_PATTERN.fullmatch(username or ""):
        raise UserError(
            f"{username!r} is not a valid username: use 1 to 128 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit."
        )
    return username
