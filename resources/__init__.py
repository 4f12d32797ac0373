"""Dagster resources: configuration flows environment -> settings -> resources -> assets."""
