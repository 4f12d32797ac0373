"""Errors an operator can cause and fix, as opposed to failures of the infrastructure.

Surfaces show these as a message (CLI exit code 1, a failed Dagster step with
the message as its description), never as a traceback.
"""

from __future__ import annotations

from dealbrain.auth import PermissionDeniedError
from dealbrain.customfields import CustomFieldError
from dealbrain.db.migrate import SchemaOutdatedError
from dealbrain.importing.promotion import PromotionConflictError
from dealbrain.importing.request import ImportRequestError
from dealbrain.importing.stages.commit import CommitRefusedError
from dealbrain.importing.undo import UndoRefusedError
from dealbrain.importing.writer import UnresolvedReferenceError
from dealbrain.ingest import FileRejected
from dealbrain.mapping import InvalidOverrideError
from dealbrain.overrides import OverrideError
from dealbrain.specs import UnknownEntityError

OPERATOR_ERRORS: tuple[type[Exception], ...] = (
    FileRejected,
    UnknownEntityError,
    ImportRequestError,
    InvalidOverrideError,
    OverrideError,
    PromotionConflictError,
    CustomFieldError,
    PermissionDeniedError,
    CommitRefusedError,
    UndoRefusedError,
    UnresolvedReferenceError,
    SchemaOutdatedError,
)
