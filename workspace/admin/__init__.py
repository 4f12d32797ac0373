"""The workspace's administration pages' helpers: custom fields, imports and the audit log."""
