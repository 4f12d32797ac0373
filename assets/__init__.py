"""Thin Dagster assets over the Dagster-free `dealbrain` domain package."""
