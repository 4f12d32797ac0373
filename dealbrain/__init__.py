"""Deal Brain import domain: entity specs, parsing, mapping, validation and persistence.

Nothing in this package imports Dagster; the Dagster layer lives in
`assets/`, `resources/` and `pipelines/` and calls into it.
"""
