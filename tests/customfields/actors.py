"""One actor per role, shared by the custom-field tests."""

from dealbrain.auth import Actor, Role

ADMIN = Actor("ada", Role.ADMIN)
OPERATOR = Actor("otto", Role.OPERATOR)
ANALYST = Actor("anna", Role.ANALYST)
