"""What can go wrong when managing custom fields, each with a message a person can act on.

Every error is a `ValueError` (the request was wrong, not the system), so the
CLI maps all of them to "refused" and the Dagster asset to a failed run with
the message as its description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dealbrain.errors import UserFacingError

if TYPE_CHECKING:
    from dealbrain.customfields.impact import ImpactReport


class CustomFieldError(UserFacingError, ValueError):
    """Base of every refusal of a custom-field request."""


class InvalidKey(CustomFieldError):
    """The key is not a safe identifier, or it is reserved for the entity."""


class DuplicateField(CustomFieldError):
    """A definition with that key already exists for the entity (possibly soft-deleted)."""


class InvalidDefinition(CustomFieldError):
    """The type, rules, options or default do not make a usable field."""


class FieldNotFound(CustomFieldError):
    """No definition with that key exists for the entity."""


class InvalidFieldState(CustomFieldError):
    """The operation does not apply to the field as it is (e.g. restoring a field that is not deleted)."""


class ImpactConfirmationRequired(CustomFieldError):
    """The change would make stored values invalid and the caller did not confirm it."""

    def __init__(self, message: str, report: ImpactReport) -> None:
        super().__init__(message)
        self.report = report
