"""Provenance: where each stored value came from, and which source columns feed each stored column."""

from dealbrain.provenance.history import RecordHistory, ValueChange, record_history
from dealbrain.provenance.sources import ColumnSource, latest_column_sources

__all__ = ["ColumnSource", "RecordHistory", "ValueChange", "latest_column_sources", "record_history"]
