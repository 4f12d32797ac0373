"""ORM model of the users' own workspace preferences: the columns each entity grid shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, text
from sqlalchemy.orm import Mapped, mapped_column

from dealbrain.db.base import TIMESTAMP, Base, JSONDocument

NOW = text("CURRENT_TIMESTAMP")


class UserGridColumns(Base):
    """One user's column choice for one entity's grid: ``[{"field": name, "visible": bool}, ...]`` in order."""

    __tablename__ = "user_grid_columns"

    username: Mapped[str] = mapped_column(String(128), primary_key=True)
    entity: Mapped[str] = mapped_column(String(64), primary_key=True)
    columns_json: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list,
                                                               server_default=text("'[]'"))
    saved_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


__all__ = ["UserGridColumns"]
