"""The store under imports and edits: entity tables, reading stored records, import sessions, key folding.

`dealbrain.importing` (previews and commits) and `dealbrain.records` (edits
and their undo) are siblings over it; neither reaches into the other.
"""
