"""The import pipeline, free of Dagster: request -> parse -> entities -> mapping -> typing -> validation -> commit."""
