"""The audit trail: who did what, when, on which session, with what before and after."""

from dealbrain.audit.actions import AuditAction
from dealbrain.audit.log import AuditFilter, count_by_action, query_events, record_event

__all__ = ["AuditAction", "AuditFilter", "count_by_action", "query_events", "record_event"]
