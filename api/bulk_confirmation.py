"""Confirmation tokens: a bulk edit is written only after its dry run's summary was seen.

The token is an HMAC, keyed by a secret of the serving process, of the entity,
the selection, the changes and the exact per-record diffs the dry run showed.
The real call repeats the dry run and must present the token of what it would
now do: a changed selection or changed records since the dry run give another
token, so the call is refused and a new dry run is needed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from dealbrain.records.results import BulkChange


def confirmation_token(secret: bytes, change: BulkChange) -> str:
    document: dict[str, Any] = {"entity": change.entity, "where": change.where, "changes": change.changes,
                                "records": change.records}
    body = json.dumps(document, sort_keys=True, default=str).encode("utf-8")
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def matches(secret: bytes, change: BulkChange, token: str) -> bool:
    return hmac.compare_digest(confirmation_token(secret, change), token)
