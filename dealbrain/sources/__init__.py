"""Recurring sources: one YAML file each, run unattended under an import profile, held when anything needs a person."""
