"""The inbox as an asset: materializing it registers a session for every inbox file, ready to launch.

This is how an operator starts an import from the UI alone: materialize
`inbox_files`, then open `import_workbook`'s Launchpad, pick the session in
the partition list and launch with `file` left empty; the run reads the
inbox file the session was made from. Files already registered (by the
inbox sensor or an earlier materialization, on any day) keep their session.
"""

import dagster as dg

from assets.presentation import markdown, records_table
from assets.session_partitions import import_sessions
from dealbrain.auth import Permission, PermissionDeniedError, require
from dealbrain.ingest.inbox import InboxFile, inbox_listing, same_file
from resources.deployment import Deployment

INBOX_GROUP = "inbox"
NEXT_STEP = (
    "Open Jobs → import_workbook → Launchpad, pick the session in the partition list, "
    "leave `file` empty (the run reads the session's inbox file), add any decisions and launch."
)


def _registered_as(file: InboxFile, registered: list[str]) -> str | None:
    return next((session for session in registered if same_file(session, file.session_id)), None)


@dg.asset(group_name=INBOX_GROUP, kinds={"python"}, owners=["team:data-operations"])
def inbox_files(context: dg.AssetExecutionContext, deployment: dg.ResourceParam[Deployment]) -> dg.MaterializeResult:
    """The files in the inbox folder and their import sessions; new files get a session, ready to launch."""
    try:
        require(deployment.engine(), deployment.actor_for(context.run), Permission.IMPORT_PREVIEW,
                action="register inbox files as import sessions")
    except PermissionDeniedError as refusal:
        raise dg.Failure(description=str(refusal), allow_retries=False) from None
    registered = list(context.instance.get_dynamic_partitions(import_sessions.name))
    rows, new_sessions = [], []
    for file in inbox_listing(deployment.inbox):
        session = _registered_as(file, registered)
        if session is None:
            session = file.session_id
            new_sessions.append(session)
            registered.append(session)
        status = file.path.stat()
        rows.append({
            "file": file.name, "bytes": status.st_size, "session": session,
            "registered": "now" if session in new_sessions else "earlier",
        })
    if new_sessions:
        context.instance.add_dynamic_partitions(import_sessions.name, new_sessions)
        context.log.info(f"Registered {len(new_sessions)} new session(s): {', '.join(new_sessions)}.")
    return dg.MaterializeResult(
        metadata={
            "next_step": markdown(NEXT_STEP if rows else f"The inbox ({deployment.inbox}) is empty: drop a file there first."),
            "files": records_table(rows, ["file", "session", "registered", "bytes"], {"bytes": "integer"}, empty="_none_"),
            "inbox": dg.MetadataValue.path(str(deployment.inbox)),
            "new_sessions": len(new_sessions),
            "dagster/row_count": len(rows),
        }
    )
