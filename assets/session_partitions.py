"""The import session partitions, the run tags that name a session, and the asset groups."""

from __future__ import annotations

from enum import StrEnum

import dagster as dg

import_sessions = dg.DynamicPartitionsDefinition(name="import_sessions")
"""One partition per import session; its key is the session id."""

IMPORT_GROUP = "import_session"
REFERENCE_GROUP = "reference_tables"
ADMIN_GROUP = "administration"

SESSION_TAG = "dealbrain/session"
ACTOR_TAG = "dealbrain/actor"
FILE_TAG = "dealbrain/file"
VERDICT_TAG = "dealbrain/verdict"
PROFILE_TAG = "dealbrain/profile"
"""The import profile and version a run used, e.g. ``shop-listings@3``."""
SOURCE_TAG = "dealbrain/source"
HELD_TAG = "dealbrain/held"
"""``true`` on a recurring source's run whose session waits for a person."""
WRITES_TAG = "dealbrain/writes"
"""On runs that write reference records (commit, undo, edits): the run queue lets one such run at a time."""
WRITES_DATABASE = "database"


class Verdict(StrEnum):
    """What a run concluded about its session, as a filterable run tag."""

    READY = "ready"
    BLOCKED = "blocked"
    COMMITTED = "committed"
    REFUSED = "refused"
    HELD = "held"
    UNCHANGED = "unchanged"
    """A URL source served the bytes its last import had: nothing was imported."""
