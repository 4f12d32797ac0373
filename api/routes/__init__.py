"""One router per resource: health, import sessions, custom fields, records, exports, audit."""
