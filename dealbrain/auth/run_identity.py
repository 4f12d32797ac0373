"""Who a Dagster run acts as when authentication is on, proven by a launch token.

The token must be signed with the launch secret, name an active user whose
role has not changed since it was signed, and belong to this run: the first
run that presents a token claims its nonce, later steps of the same run are
accepted (even after the token expired, so long runs finish), any other run
is refused. A token cannot be replayed from a run's config by someone who
can read it in the UI.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from dealbrain.auth.errors import AuthenticationError
from dealbrain.auth.launch_tokens import SIGN_AGAIN, LaunchClaims, check_secret, decode_launch_token
from dealbrain.auth.permissions import Actor
from dealbrain.auth.users import active_actor
from dealbrain.db.engine import transaction
from dealbrain.db.models import LaunchTokenUse

MISSING_TOKEN = (
    "Authentication is on (IMPORTER_AUTH_ENABLED), so this run needs a launch token proving who launched it. "
    "Run `importer token launch` and add its output to the launch as the run tag "
    "dealbrain/launch_token (in the Launchpad: Edit tags)."
)


def identify_run(
    engine: Engine,
    secret: bytes | None,
    launch_token: str | None,
    run_id: str | None,
    now: datetime | None = None,
) -> Actor:
    """The user a run acts as; `AuthenticationError` (with what to do) when it cannot be proven.

    ``run_id`` None (a direct call outside a run) checks the token without claiming it.
    """
    check_secret(secret)
    if not launch_token or not launch_token.strip():
        raise AuthenticationError(MISSING_TOKEN)
    claims = decode_launch_token(secret, launch_token)
    actor = active_actor(engine, claims.actor.name)
    if actor.role is not claims.actor.role:
        raise AuthenticationError(
            f"{actor.name!r} is now {actor.role.value}, not {claims.actor.role.value} as when this launch token was "
            "signed. " + SIGN_AGAIN
        )
    if run_id is None:
        claims.check_not_expired(now)
    else:
        claim_for_run(engine, claims, run_id, now)
    return actor


def claim_for_run(engine: Engine, claims: LaunchClaims, run_id: str, now: datetime | None = None) -> None:
    """Bind the token to ``run_id`` on first use; refuse it for any other run."""
    for attempt in range(2):
        try:
            with transaction(engine) as session:
                use = session.get(LaunchTokenUse, claims.nonce)
                if use is None:
                    claims.check_not_expired(now or datetime.now(UTC))
                    session.add(LaunchTokenUse(nonce=claims.nonce, run_id=run_id, actor=claims.actor.name))
                    session.flush()
                elif use.run_id != run_id:
                    raise AuthenticationError(
                        f"This launch token was already used by run {use.run_id}; a token launches one run only "
                        "(re-executions too need a fresh one). " + SIGN_AGAIN
                    )
            return
        except IntegrityError:  # another step of a run claimed it at the same moment: look again
            if attempt:
                raise
