"""The ``userErrors {field message code}`` convention shared by every mutation payload."""

from __future__ import annotations

from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry

from app.errors import ServiceError

C = TypeVar("C", bound=Enum)
E = TypeVar("E", bound="UserError[Any]")


@strawberry.type
class UserError(Generic[C]):
    """Why a mutation did not do what was asked; `field` is the path to the input at fault."""

    field: list[str] | None
    message: str
    code: C


def user_errors(cls: type[E], exc: ServiceError) -> list[E]:
    """One userError per problem the service found, in its order."""
    return [cls(field=p.field, message=p.message, code=p.code) for p in exc.problems]
