"""One run of a URL source: fetch the file, import it only if its content changed since the source's last import.

The fetched bytes are fingerprinted (sha256) while they stream in. When they
equal those of the source's last previewed session, nothing is written: the
temporary file goes and the run reports which session already has them.
Otherwise they are kept in the upload store under their sha256, as every
upload is, and the session imports that stored file under the URL's file
name, so replay, provenance and re-previews find the very same bytes. A
fetch that fails writes nothing and says whether retrying may help.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from dealbrain.auth import Actor, Permission, require
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession, SessionProfileUse
from dealbrain.errors import UserFacingError
from dealbrain.sources.declaration import SourceDeclaration
from dealbrain.sources.fetch import fetch_url
from dealbrain.sources.runner import SourceOutcome, SourceRunner

FETCHING_DIR = ".fetching"
"""Under the upload folder: fetched files still streaming in (never read by an import)."""


@dataclass(frozen=True)
class UnchangedSource:
    """The URL served the bytes the source's last import already had: nothing was imported."""

    session_id: str
    previous_session: str
    sha256: str
    file_name: str

    @property
    def reason(self) -> str:
        return (f"{self.file_name} is unchanged since session {self.previous_session} (sha256 {self.sha256[:12]}…): "
                "nothing was imported.")


def last_import(engine: Engine, source: str) -> tuple[str, str] | None:
    """(session, sha256) of the source's most recently previewed session, if any."""
    with transaction(engine) as session:
        row = session.execute(
            select(ImportSession.id, ImportSession.checksum_sha256)
            .join(SessionProfileUse, SessionProfileUse.session_id == ImportSession.id)
            .where(SessionProfileUse.source_name == source)
            .order_by(SessionProfileUse.recorded_at.desc(), ImportSession.created_at.desc())
        ).first()
    return (row[0], row[1]) if row else None


def _session_exists(engine: Engine, session_id: str) -> bool:
    with transaction(engine) as session:
        return session.get(ImportSession, session_id) is not None


def run_url_source(runner: SourceRunner, actor: Actor, source: SourceDeclaration, session_id: str) -> SourceOutcome | UnchangedSource:
    """Fetch ``source``'s URL as ``actor`` and import it as ``session_id`` when its content changed."""
    if source.url is None:
        raise ValueError(f"source {source.name!r} has no url")
    engine, store = runner.imports.engine, runner.imports.store
    require(engine, actor, Permission.IMPORT_PREVIEW, action="fetch a recurring source's URL")
    fetched = fetch_url(source.url, store.root / FETCHING_DIR, source=source.name,
                        timeout_seconds=source.files.timeout_seconds, max_bytes=source.files.max_megabytes * 1024 * 1024)
    try:
        last = last_import(engine, source.name)
        if last is not None and last[1] == fetched.sha256:
            return UnchangedSource(session_id, last[0], fetched.sha256, fetched.name)
        stored = store.store(fetched.path, original_name=fetched.name)
    finally:
        fetched.path.unlink(missing_ok=True)
    try:
        return runner.run(actor, source, stored.path, session_id, file_name=stored.original_name)
    except UserFacingError:
        if not stored.already_present and not _session_exists(engine, session_id):
            store.discard(stored.sha256)  # refused before a session kept it: leave nothing behind
        raise
