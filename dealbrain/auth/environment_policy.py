"""What the environment's feature switches take away from a role, applied where an actor is established.

Every surface establishes who acts through the identity layer (a token, a
launch token, the local user, a sensor); each passes the actor through
`within_environment`, so the services' own permission checks see the
switches too, with no rule of their own in any surface.
"""

from __future__ import annotations

from dataclasses import replace

from dealbrain.auth.permissions import Actor, Permission, Role
from dealbrain.environment import Environment


def within_environment(actor: Actor, environment: Environment) -> Actor:
    """``actor`` with the permissions its role loses under ``environment``'s switches."""
    switched_off: set[Permission] = set()
    if not environment.switches.operator_promotions and actor.role is not Role.ADMIN:
        switched_off.add(Permission.PROPOSE_CUSTOM_FIELD)
    return replace(actor, switched_off=frozenset(switched_off)) if switched_off else actor
