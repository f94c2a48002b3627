"""The one "not given" marker of service inputs: a field left out, as opposed to null.

Services use it for partial updates (`title: str | Unset | None = UNSET`: UNSET keeps the
title, None clears it); the GraphQL layer turns Strawberry's own UNSET into this one at the
boundary, so services never import strawberry.
"""

from __future__ import annotations

from enum import Enum
from typing import Final


class Unset(Enum):
    """An input field that was left out, as opposed to given as null."""

    UNSET = "UNSET"


UNSET: Final = Unset.UNSET
