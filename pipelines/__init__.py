"""Dagster composition: definitions, jobs, partitions, sensors and schedules."""
