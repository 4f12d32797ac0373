"""Deployment environments (dev, staging, prod) and the feature switches each one turns on or off.

An environment is a named bundle of defaults. Every switch can still be set
on its own (``IMPORTER_FEATURE_*``); a switch left unset takes the
environment's default. Nothing here reads the environment itself: the values
come from `dealbrain.settings.ImporterSettings`, which calls
`resolve_environment`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum


class EnvironmentName(StrEnum):
    """Where the importer runs: a developer's machine, a rehearsal copy, or production."""

    DEV = "dev"
    STAGING = "staging"
    PROD = "prod"


@dataclass(frozen=True)
class FeatureSwitches:
    """The new surfaces, each on or off. Field names are the ``IMPORTER_FEATURE_<NAME>`` variables."""

    web_workspace: bool
    """The browser workspace for reviewing and committing imports."""
    operator_promotions: bool
    """Operators may propose promoting a column into a custom field (an admin still approves)."""
    unattended_commits: bool
    """Recurring sources may commit without a person looking at the preview."""
    legacy_api_routes: bool
    """The HTTP API's pre-revamp routes, kept for existing clients."""


@dataclass(frozen=True)
class EnvironmentDefaults:
    """What an environment means when nothing else is said."""

    authentication_required: bool
    """Every CLI command, API call and Dagster run must carry a user's identity."""
    automatic_migration: bool
    """The database may be upgraded on first use; otherwise `importer db upgrade` is a deliberate step."""
    inbox_sensor_running: bool
    """The inbox sensor starts switched on (it can always be switched in the Dagster UI)."""
    switches: FeatureSwitches


ENVIRONMENT_DEFAULTS: dict[EnvironmentName, EnvironmentDefaults] = {
    EnvironmentName.DEV: EnvironmentDefaults(
        authentication_required=False,
        automatic_migration=True,
        inbox_sensor_running=True,
        switches=FeatureSwitches(
            web_workspace=True, operator_promotions=True, unattended_commits=False, legacy_api_routes=True
        ),
    ),
    EnvironmentName.STAGING: EnvironmentDefaults(
        authentication_required=True,
        automatic_migration=False,
        inbox_sensor_running=False,
        switches=FeatureSwitches(
            web_workspace=True, operator_promotions=True, unattended_commits=False, legacy_api_routes=True
        ),
    ),
    EnvironmentName.PROD: EnvironmentDefaults(
        authentication_required=True,
        automatic_migration=False,
        inbox_sensor_running=False,
        switches=FeatureSwitches(
            web_workspace=False, operator_promotions=False, unattended_commits=False, legacy_api_routes=True
        ),
    ),
}
"""Unattended commits are off everywhere until someone switches them on deliberately."""


@dataclass(frozen=True)
class Environment:
    """The environment in force: its name, its defaults and the switches after explicit settings."""

    name: EnvironmentName
    authentication_required: bool
    automatic_migration: bool
    inbox_sensor_running: bool
    switches: FeatureSwitches
    overridden: tuple[str, ...]
    """Switches set explicitly rather than taken from the environment's defaults."""

    def switch_table(self) -> list[tuple[str, bool, str]]:
        """(switch, on, where the value came from) for every feature switch."""
        return [
            (item.name, getattr(self.switches, item.name), "set" if item.name in self.overridden else f"{self.name} default")
            for item in fields(FeatureSwitches)
        ]


def resolve_environment(name: EnvironmentName, explicit: dict[str, bool | None]) -> Environment:
    """The environment ``name`` with every switch given in ``explicit`` (not None) replacing its default."""
    defaults = ENVIRONMENT_DEFAULTS[name]
    unknown = set(explicit) - {item.name for item in fields(FeatureSwitches)}
    if unknown:
        raise ValueError(f"unknown feature switches: {', '.join(sorted(unknown))}")
    chosen = {key: value for key, value in explicit.items() if value is not None}
    switches = FeatureSwitches(**{item.name: chosen.get(item.name, getattr(defaults.switches, item.name))
                                  for item in fields(FeatureSwitches)})
    return Environment(
        name=name,
        authentication_required=defaults.authentication_required,
        automatic_migration=defaults.automatic_migration,
        inbox_sensor_running=defaults.inbox_sensor_running,
        switches=switches,
        overridden=tuple(sorted(chosen)),
    )


def environment_problems(environment: Environment, *, auth_enabled: bool) -> list[str]:
    """Settings that contradict the environment, each as a sentence saying what to change."""
    problems = []
    if environment.authentication_required and not auth_enabled:
        problems.append(
            f"IMPORTER_ENV={environment.name} requires authentication, but IMPORTER_AUTH_ENABLED is off: "
            "set IMPORTER_AUTH_ENABLED=true (and IMPORTER_LAUNCH_SECRET) before serving users."
        )
    return problems
