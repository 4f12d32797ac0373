"""What every CLI command shares: settings, the database, and who is acting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Engine

from cli.output import ExitCode, fail
from dealbrain.auth import Actor, AuthenticationError
from dealbrain.auth.environment_policy import within_environment
from dealbrain.auth.local_user import local_actor
from dealbrain.auth.users import authenticate
from dealbrain.db.connect import open_database
from dealbrain.settings import ImporterSettings, load_settings
from dealbrain.store.table_changes import reporting_to

AUTH_OFF_NOTICE = (
    "note: authentication is off (IMPORTER_AUTH_ENABLED is not set): every command runs as {name} with the "
    "admin role, and user tokens are not checked."
)
NO_TOKEN = (
    "authentication is on (IMPORTER_AUTH_ENABLED): pass --token or set IMPORTER_TOKEN to your user token. "
    "An admin issues one with `importer users add` or `importer users token`; while there are no users, "
    "create the first admin with `importer users add NAME --admin`."
)


@dataclass
class _Invocation:
    """Global options of the current command line, set by the app callback."""

    token: str | None = None


_invocation = _Invocation()


def use_token(token: str | None) -> None:
    """Remember the global --token option for this invocation (None: fall back to IMPORTER_TOKEN)."""
    _invocation.token = token


@cache
def cli_settings() -> ImporterSettings:
    return load_settings()


@cache
def cli_database() -> Engine:
    return open_database(cli_settings())


def cli_token() -> str | None:
    """The user token: --token, else IMPORTER_TOKEN."""
    settings_token = cli_settings().token
    return _invocation.token or (settings_token.get_secret_value() if settings_token else None)


def cli_actor() -> Actor:
    """Who runs this command.

    Authentication off (the embedded single-user default): the local user, as admin.
    On: the user whose token was given; exit 2 with what to do when it is missing or invalid.
    """
    settings = cli_settings()
    if not settings.auth_enabled:
        try:
            return local_actor(settings)
        except AuthenticationError as error:
            fail(str(error), ExitCode.USAGE_ERROR)
    token = cli_token()
    if not token:
        fail(NO_TOKEN, ExitCode.USAGE_ERROR)
    try:
        return within_environment(authenticate(cli_database(), token), settings.environment)
    except AuthenticationError as error:
        fail(f"{error} Set IMPORTER_TOKEN (or pass --token) to a valid token.", ExitCode.USAGE_ERROR)


def auth_off_notice() -> str | None:
    """The one-line reminder that nobody is checked, or None when authentication is on."""
    settings = cli_settings()
    return None if settings.auth_enabled else AUTH_OFF_NOTICE.format(name=settings.actor)


@contextmanager
def reporting_changes() -> Iterator[None]:
    """Within the block, edits and undos are reported to the shared Dagster instance as table materializations."""
    from pipelines.table_events import dagster_table_reporter

    with reporting_to(dagster_table_reporter(cli_settings(), cli_database())):
        yield
