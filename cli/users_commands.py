"""`importer users ...`: add users, list them, change roles, revoke, issue new tokens (admins only).

The first user needs no token and must be an admin (bootstrap). Tokens are
printed once, alone on stdout (so `TOKEN=$(importer users add ...)` works);
everything else goes to stderr. Exit codes: 0 done, 1 refused, 2 usage.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from cli.context import auth_off_notice, cli_actor, cli_database, cli_settings
from cli.output import ExitCode, fail, print_json
from dealbrain.auth import AuthenticationError, PermissionDeniedError, Role, UserError
from dealbrain.auth.users import UserRecord, UserService, has_users
from dealbrain.tables import text_table

users_app = typer.Typer(help="Manage who may use the importer and with which role (admins only).", no_args_is_help=True)

_ROLES = ", ".join(role.value for role in Role)
Username = Annotated[str, typer.Argument(help="The user's name: letters, digits, '.', '_', '@', '-'.", show_default=False)]
COLUMNS = ("username", "role", "status", "token_created", "created_by")


@users_app.command("add")
def add_command(
    username: Username,
    role: Annotated[str | None, typer.Option(help=f"The role: {_ROLES} (default: operator).")] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Shorthand for --role admin.")] = False,
) -> None:
    """Add a user and print their token, once. The very first user must be an admin and needs no token."""
    if admin and role not in (None, Role.ADMIN.value):
        fail(f"--admin and --role {role} contradict each other; give one of them.", ExitCode.USAGE_ERROR)
    chosen = Role.ADMIN if admin else _role(role or Role.OPERATOR.value)
    engine = cli_database()
    bootstrap = cli_settings().auth_enabled and not has_users(engine)
    with _refusals():
        service = UserService(engine, None if bootstrap else cli_actor())
        user, token = service.add(username, chosen)
    typer.echo(f"Added {user.username} ({user.role.value}). Their token, shown only now:", err=True)
    typer.echo(token)


@users_app.command("list")
def list_command(as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False) -> None:
    """List users with their role and whether they are active (tokens are never shown)."""
    notice = auth_off_notice()
    if notice:
        typer.echo(notice, err=True)
    with _refusals():
        users = _service().list_users()
    if as_json:
        print_json([user.as_dict() for user in users])
    elif not users:
        typer.echo("No users yet. Add the first admin with `importer users add NAME --admin`.")
    else:
        typer.echo(text_table([_row(user) for user in users], COLUMNS))


@users_app.command("set-role")
def set_role_command(
    username: Username,
    role: Annotated[str, typer.Argument(help=f"The new role: {_ROLES}.", show_default=False)],
) -> None:
    """Change a user's role (their token keeps working, with the new role)."""
    chosen = _role(role)
    with _refusals():
        user = _service().set_role(username, chosen)
    typer.echo(f"{user.username} is now {user.role.value}.")


@users_app.command("revoke")
def revoke_command(username: Username) -> None:
    """Stop a user's token from working; `importer users token` reinstates them with a new one."""
    with _refusals():
        user = _service().revoke(username)
    typer.echo(f"Revoked {user.username}: their token no longer works.")


@users_app.command("token")
def token_command(username: Username) -> None:
    """Issue a new token for a user (the old one stops working; a revoked user is reinstated)."""
    with _refusals():
        user, token = _service().issue_token(username)
    typer.echo(f"New token for {user.username} ({user.role.value}), shown only now:", err=True)
    typer.echo(token)


def _service() -> UserService:
    return UserService(cli_database(), cli_actor())


def _role(name: str) -> Role:
    try:
        return Role(name.strip().lower())
    except ValueError:
        fail(f"{name!r} is not a role; use one of {_ROLES}.", ExitCode.USAGE_ERROR)


def _row(user: UserRecord) -> dict[str, str]:
    return {
        "username": user.username,
        "role": user.role.value,
        "status": "active" if user.active else f"revoked {user.revoked_at:%Y-%m-%d}",
        "token_created": f"{user.token_created_at:%Y-%m-%d %H:%M}",
        "created_by": user.created_by,
    }


@contextmanager
def _refusals() -> Iterator[None]:
    """Refusals become a message on stderr and exit code 1."""
    try:
        yield
    except (UserError, PermissionDeniedError, AuthenticationError) as refusal:
        fail(str(refusal))
