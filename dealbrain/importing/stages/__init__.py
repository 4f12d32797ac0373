"""The import pipeline's stages, one module each, in order:

parse -> resolve_entities -> map_columns -> apply_custom_fields -> validate -> commit.

Each takes the previous stage's result and returns its own; none imports Dagster.
"""
