"""Fixtures for the identity tests: users in a fresh database, the CLI runner."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.auth.users import UserService
from tests.auth.cli_runner import auth_on, cli  # noqa: F401 - fixtures

SECRET = b"s" * 16 + b"0123456789abcdef"


@pytest.fixture
def admin_token(engine: Engine) -> str:
    """Bootstraps ``root`` (admin) and returns their token."""
    _, token = UserService(engine, None).add("root", Role.ADMIN)
    return token


@pytest.fixture
def admin(admin_token: str) -> Actor:
    return Actor("root", Role.ADMIN)


@pytest.fixture
def users(engine: Engine, admin: Actor) -> UserService:
    """The user service as the bootstrapped admin."""
    return UserService(engine, admin)
