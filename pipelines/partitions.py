"""One dynamic partition per import session."""

import dagster as dg

import_sessions = dg.DynamicPartitionsDefinition(name="import_sessions")
