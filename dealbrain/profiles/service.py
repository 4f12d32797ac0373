"""`ProfileService`: save, list, show and apply import profiles, with the permission checks, for every surface.

Operators and admins save profiles (the import-commit permission: a profile
decides what unattended commits write); everyone who may read sees them.
Saving content equal to the current version makes no new version; anything
else becomes version N+1, audited with where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.auth import Actor, Permission, require
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportProfile, ImportProfileVersion, ImportSession, SessionProfileUse
from dealbrain.errors import UserFacingError
from dealbrain.importing.options import ImportOptions
from dealbrain.profiles.content import apply_profile, differing_fields, for_file, holds_nul, profile_content
from dealbrain.store.sessions import SessionStatus

PROFILE_NAME_LIMIT = 128


class ProfileError(UserFacingError, ValueError):
    """An unknown profile or version, a bad name, or a session a profile cannot be saved from."""


class ProfileNotFound(ProfileError):
    """No profile, version or session of that name."""


class ProfileSessionNotCommitted(ProfileError):
    """The session a profile is saved from was not committed (or predates profiles)."""


@dataclass(frozen=True)
class ProfileVersionView:
    version: int
    options: dict[str, Any]
    saved_from: str
    saved_by: str
    saved_at: datetime | None
    note: str | None
    changed: list[str]
    """Fields that differ from the previous version (all set fields for version 1)."""


@dataclass(frozen=True)
class ProfileSummary:
    name: str
    current_version: int
    created_by: str
    sessions: int


@dataclass(frozen=True)
class ProfileDetail:
    name: str
    current_version: int
    versions: list[ProfileVersionView]

    @property
    def current(self) -> ProfileVersionView:
        return next(v for v in self.versions if v.version == self.current_version)


@dataclass(frozen=True)
class SavedProfile:
    name: str
    version: int
    created: bool
    """False when the content equalled the current version and nothing was written."""


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > PROFILE_NAME_LIMIT or any(c in name for c in "@/\\\n"):
        raise ProfileError(f"Profile name {name!r} is not allowed: give 1-{PROFILE_NAME_LIMIT} characters without '@', '/' or '\\'.")
    return name


def _profile(session: Session, name: str) -> ImportProfile:
    row = session.scalar(select(ImportProfile).where(ImportProfile.name == name))
    if row is None:
        known = ", ".join(session.scalars(select(ImportProfile.name).order_by(ImportProfile.name))) or "none yet"
        raise ProfileNotFound(f"No import profile named {name!r} (known: {known}). Save one with `importer profiles save`.")
    return row


def _version(session: Session, profile: ImportProfile, version: int | None) -> ImportProfileVersion:
    number = version or profile.current_version
    row = session.scalar(select(ImportProfileVersion).where(
        ImportProfileVersion.profile_id == profile.id, ImportProfileVersion.version == number))
    if row is None:
        raise ProfileNotFound(f"Profile {profile.name!r} has no version {number} (current: {profile.current_version}).")
    return row


class ProfileService:
    """Import profiles on one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save_from_config(self, actor: Actor, name: str, document: dict[str, Any], *, origin: str, note: str | None = None) -> SavedProfile:
        """A new version of ``name`` holding the import options of ``document`` (a preview's config file)."""
        require(self.engine, actor, Permission.IMPORT_COMMIT, action="save an import profile")
        content = profile_content(document, origin=origin)
        return self._save(actor, _check_name(name), content, f"config {origin}", note)

    def save_from_session(self, actor: Actor, name: str, session_id: str, *, note: str | None = None) -> SavedProfile:
        """A new version of ``name`` holding the decisions of committed session ``session_id``."""
        require(self.engine, actor, Permission.IMPORT_COMMIT, action="save an import profile", import_session_id=None)
        with transaction(self.engine) as session:
            row = session.get(ImportSession, session_id)
            use = session.get(SessionProfileUse, session_id)
            if row is None:
                raise ProfileNotFound(f"No import session {session_id!r}; `importer status` lists them.")
            if row.status != SessionStatus.COMMITTED:
                raise ProfileSessionNotCommitted(
                    f"Session {session_id!r} is {row.status}, not committed: a profile is saved from decisions that were "
                    "committed. Commit it first, or save from its config file with `--config`."
                )
            if use is None:
                raise ProfileSessionNotCommitted(f"Session {session_id!r} predates profiles: its options were not recorded. Use `--config`.")
            document = dict(use.options_json)
        content = profile_content(document, origin=f"session {session_id}")
        return self._save(actor, _check_name(name), content, f"session {session_id}", note)

    def _save(self, actor: Actor, name: str, content: dict[str, Any], saved_from: str, note: str | None) -> SavedProfile:
        if holds_nul(content):
            raise ProfileError(f"Profile {name!r} was not saved: text in its options contains the NUL character (\\0); "
                               "remove it and save again.")
        with transaction(self.engine) as session:
            profile = session.scalar(select(ImportProfile).where(ImportProfile.name == name))
            if profile is not None and _version(session, profile, None).options_json == content:
                return SavedProfile(name, profile.current_version, created=False)
            if profile is None:
                profile = ImportProfile(name=name, current_version=0, created_by=actor.name)
                session.add(profile)
                session.flush()
            profile.current_version += 1
            session.add(ImportProfileVersion(profile_id=profile.id, version=profile.current_version, options_json=content,
                                             saved_from=saved_from, note=note, saved_by=actor.name))
            record_event(session, actor=actor.name, action=AuditAction.PROFILE_SAVED,
                         payload={"profile": name, "version": profile.current_version, "saved_from": saved_from})
            return SavedProfile(name, profile.current_version, created=True)

    def list(self, actor: Actor) -> list[ProfileSummary]:
        require(self.engine, actor, Permission.READ, action="list import profiles")
        with transaction(self.engine) as session:
            uses: dict[str, int] = {}
            for used in session.scalars(select(SessionProfileUse.profile_name).where(SessionProfileUse.profile_name.is_not(None))):
                uses[used] = uses.get(used, 0) + 1
            return [ProfileSummary(p.name, p.current_version, p.created_by, uses.get(p.name, 0))
                    for p in session.scalars(select(ImportProfile).order_by(ImportProfile.name))]

    def show(self, actor: Actor, name: str) -> ProfileDetail:
        """The profile with every version, oldest first, each saying what it changed."""
        require(self.engine, actor, Permission.READ, action="read an import profile")
        with transaction(self.engine) as session:
            profile = _profile(session, name)
            rows = session.scalars(select(ImportProfileVersion).where(ImportProfileVersion.profile_id == profile.id)
                                   .order_by(ImportProfileVersion.version)).all()
            versions, previous = [], None
            for row in rows:
                changed = differing_fields(previous or {}, row.options_json)
                versions.append(ProfileVersionView(row.version, dict(row.options_json), row.saved_from, row.saved_by,
                                                   row.saved_at, row.note, changed))
                previous = row.options_json
            return ProfileDetail(profile.name, profile.current_version, versions)

    def content(self, actor: Actor, name: str, version: int | None = None) -> tuple[int, dict[str, Any]]:
        """(version, options) of ``name`` at ``version`` (default: current)."""
        require(self.engine, actor, Permission.READ, action="read an import profile")
        with transaction(self.engine) as session:
            row = _version(session, _profile(session, name), version)
            return row.version, dict(row.options_json)

    def resolve(self, actor: Actor, options: ImportOptions) -> tuple[ImportOptions, int | None]:
        """``options`` with their profile applied (given options win) and the profile version used; unchanged without one.

        For a one-sheet file (CSV, JSON), the profile's one sheet is the file's, whatever the file is called
        (its ``source_name`` when it has one: a file kept under its sha256 is read under that name).
        """
        if not options.profile:
            return options, None
        version, content = self.content(actor, options.profile)
        return apply_profile(options, for_file(content, options.source_name or Path(options.file).name)), version
