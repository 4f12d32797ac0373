"""The vocabulary of audited actions."""

from enum import StrEnum


class AuditAction(StrEnum):
    SESSION_CREATED = "session_created"
    DECLARED_ENTITIES_SAVED = "declared_entities_saved"
    DECLARED_ENTITY_MISMATCH = "declared_entity_mismatch"
    MAPPING_SAVED = "mapping_saved"
    CUSTOM_FIELD_CREATED = "custom_field_created"
    CUSTOM_FIELD_UPDATED = "custom_field_updated"
    CUSTOM_FIELD_DELETED = "custom_field_deleted"
    CUSTOM_FIELD_RESTORED = "custom_field_restored"
    CUSTOM_FIELD_APPROVED = "custom_field_approved"
    BULK_OVERRIDE_APPLIED = "bulk_override_applied"
    CONFLICTS_RESOLVED = "conflicts_resolved"
    COMMIT = "commit"
    COMMIT_REFUSED = "commit_refused"
    UNDO = "undo"
    RECORD_UPDATED = "record_updated"
    RECORD_DELETED = "record_deleted"
    RECORD_RESTORED = "record_restored"
    BULK_UPDATE = "bulk_update"
    PERMISSION_DENIED = "permission_denied"
    USER_CHANGED = "user_changed"
    PROFILE_SAVED = "profile_saved"
    SESSION_HELD = "session_held"
