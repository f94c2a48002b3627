"""Reading integrity errors: which constraint a write violated."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError


def constraint_of(exc: IntegrityError) -> str | None:
    """The violated constraint's name, from asyncpg's error under SQLAlchemy's wrapper."""
    return getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None)
