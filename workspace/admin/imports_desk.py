"""The Imports page's one service: receive a file, offer its sheets' entities and the profiles, preview, commit, list sessions.

It walks the same path as the API's ``POST /v1/imports/sessions``: the
permission check, a new session id, the file kept in the session's upload
folder, the import config checked against `ImportOptions`, and a real
``import_workbook`` run on the shared Dagster instance (`api.imports_runner`),
so the session appears in the Dagster UI with its actor. Profiles are
`ProfileService`'s (listed for the preview, saved from a committed session). Snapshots are the
API's (`api.session_reads`). Refusals are `UserFacingError`s or the API's
`ApiError`s, both with a sentence the page shows.
"""

from __future__ import annotations

import tempfile
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from api import imports_runner
from api.errors import NotFound
from api.session_reads import list_snapshots, session_row, snapshot_of
from api.uploads import SUPPORTED_SUFFIXES, discard_new_upload, upload_store
from dealbrain.auth import Actor, Permission, require
from dealbrain.errors import UserFacingError
from dealbrain.importing.sheet_choices import SheetChoice, sheet_choices
from dealbrain.ingest import FileRejected, StoredUpload, sanitize_display_name
from dealbrain.profiles import ProfileService, ProfileSummary, SavedProfile
from dealbrain.settings import ImporterSettings

SESSION_LIST_LIMIT = 50


class ImportRefused(UserFacingError):
    """A preview or commit that did not go through; the message says why and what to do."""


@dataclass(frozen=True)
class ReceivedFile:
    """An upload kept in the upload store, waiting for its sheets' entities to be declared."""

    session_id: str
    name: str
    stored: StoredUpload
    sheets: list[SheetChoice]

    @property
    def path(self) -> Path:
        return self.stored.path


@dataclass(frozen=True)
class Verdict:
    """What a session's snapshot says a person can do next."""

    text: str
    ready: bool


def verdict_of(snapshot: dict[str, Any]) -> Verdict:
    """The session's verdict as a sentence, and whether it may be committed."""
    status = snapshot.get("status")
    if status == "committed":
        return Verdict("Committed.", False)
    if status == "undone":
        return Verdict("Committed, then undone.", False)
    reasons = snapshot.get("blocking") or []
    if reasons:
        more = f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else ""
        return Verdict(f"Blocked: {reasons[0]}{more}", False)
    if status == "previewed":
        return Verdict("Ready to commit.", True)
    return Verdict(f"Not previewed yet ({status}).", False)


class ImportsDesk:
    """Imports as ``actor``: every method checks the permission it needs first."""

    def __init__(self, settings: ImporterSettings, engine: Engine, actor: Actor) -> None:
        self._settings = settings
        self._engine = engine
        self._actor = actor

    def receive(self, filename: str, data: bytes) -> ReceivedFile:
        """Keep the uploaded bytes in the upload store (once, as the API does) and read what each sheet seems to hold."""
        require(self._engine, self._actor, Permission.IMPORT_PREVIEW, action="preview an import")
        name = sanitize_display_name(filename or "")
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise FileRejected(f"{name!r} is not a file the importer reads", reason="unsupported_type",
                               fix=f"Upload one of {', '.join(sorted(SUPPORTED_SUFFIXES))}.", file=name)
        limit = self._settings.api_max_upload_bytes
        if len(data) > limit:
            raise FileRejected(f"the file is larger than the {limit // (1024 * 1024)} MB this server accepts",
                               reason="too_large", fix="Split it into smaller files.", file=name)
        with tempfile.TemporaryDirectory(prefix="workspace-upload-") as folder:
            arrived = Path(folder) / f"upload{Path(name).suffix.lower()}"
            arrived.write_bytes(data)
            stored = upload_store(self._settings).store(arrived, original_name=name)
        received = ReceivedFile(imports_runner.new_session_id(), name, stored, [])
        try:
            return replace(received, sheets=sheet_choices(stored.path, source_name=name))
        except BaseException:
            self.discard(received)
            raise

    def discard(self, received: ReceivedFile) -> None:
        """Forget a received file that will not be previewed (unless the same bytes were stored before)."""
        discard_new_upload(self._settings, received.stored)

    def preview(self, received: ReceivedFile, declared: dict[str, str], profile: str | None = None) -> dict[str, Any]:
        """Preview the file with the declared entities (over ``profile``'s options, if any) as an ``import_workbook`` run."""
        require(self._engine, self._actor, Permission.IMPORT_PREVIEW, action="preview an import")
        config: dict[str, Any] = {"file": str(received.path), "source_name": received.name}
        if declared:
            config["declared_entities"] = declared
        if profile:
            ProfileService(self._engine).content(self._actor, profile)  # an unknown profile is refused before the run
            config["profile"] = profile
        imports_runner.check_config(config, self._actor)
        report = imports_runner.start_preview(self._settings, self._engine, self._actor, received.session_id, config)
        try:
            return snapshot_of(self._engine, self._actor, received.session_id)
        except NotFound:
            self.discard(received)
            errors = report.get("summary", {}).get("errors") or ["the import run failed; its log is in the Dagster UI"]
            raise ImportRefused(f"The file could not be imported: {' '.join(errors)}") from None

    def commit(self, session_id: str) -> dict[str, Any]:
        """Commit the session's last preview in one run (as the API's commit); refused when it is not ready."""
        row = session_row(self._engine, self._actor, session_id)
        require(self._engine, self._actor, Permission.IMPORT_COMMIT, action="commit an import",
                import_session_id=session_id)
        if row.status in ("committed", "undone"):
            raise ImportRefused(f"Session {session_id} was already {row.status}; upload the file again for a new session.")
        config = imports_runner.last_import_config(self._settings, session_id)
        imports_runner.check_config(config, self._actor)
        report = imports_runner.commit_session(self._settings, self._engine, self._actor, session_id, config)
        summary = report.get("summary", {})
        if summary.get("status") != "committed":
            reasons = summary.get("blocking") or summary.get("errors") or ["the commit run failed; see the Dagster UI"]
            raise ImportRefused(f"Session {session_id} was not committed: {' '.join(reasons)}")
        return snapshot_of(self._engine, self._actor, session_id)

    def profiles(self) -> list[ProfileSummary]:
        """The import profiles a preview can start from."""
        return ProfileService(self._engine).list(self._actor)

    def save_profile(self, name: str, session_id: str) -> SavedProfile:
        """Save committed session ``session_id``'s decisions as the next version of profile ``name``."""
        return ProfileService(self._engine).save_from_session(self._actor, name, session_id, note="saved in the workspace")

    def sessions(self, limit: int = SESSION_LIST_LIMIT) -> list[dict[str, Any]]:
        """The newest import sessions' snapshots (record edits are not import sessions)."""
        return list_snapshots(self._engine, self._actor, limit, 0)

    def session(self, session_id: str) -> dict[str, Any]:
        return snapshot_of(self._engine, self._actor, session_id)

    def error_workbook(self, session_id: str) -> Path | None:
        """The last preview's error/preview workbook, when it wrote one."""
        path = (session_row(self._engine, self._actor, session_id).preview_json or {}).get("error_workbook")
        return Path(path) if path and Path(path).is_file() else None

    def dagster_links(self, snapshot: dict[str, Any]) -> dict[str, str]:
        """Where the session's preview (its partition) and its last run are in the Dagster UI."""
        base = self._settings.dagster_ui_url.rstrip("/")
        links = {"preview": f"{base}/assets/validated_preview?partition={urllib.parse.quote(snapshot['id'])}"}
        if snapshot.get("run_id"):
            links["run"] = f"{base}/runs/{urllib.parse.quote(snapshot['run_id'])}"
        return links
