"""The one exception services raise to reject input (no GraphQL here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason to refuse: a code of the domain's enum, a message for people, and the path
    to the input at fault."""

    code: Enum
    message: str
    field: list[str] | None = None


class ServiceError(Exception):
    """Raised by a service to reject input; the mutation pipeline maps each of its problems
    to one ``userErrors`` entry.

    Raising rather than returning matters: the mutation's savepoint is rolled back, so
    nothing of a half-done change remains. A service that checks a whole form collects its
    problems (`Problems`) and raises once, so three bad fields answer three userErrors.
    """

    def __init__(self, code: Enum, message: str, field: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.problems = [Problem(code, message, list(field) if field is not None else None)]

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> ServiceError:
        """One error carrying several problems, in order (at least one)."""
        first, *rest = problems
        error = cls(first.code, first.message, first.field)
        error.problems.extend(rest)
        return error

    @property
    def code(self) -> Enum:
        return self.problems[0].code

    @property
    def message(self) -> str:
        return self.problems[0].message

    @property
    def field(self) -> list[str] | None:
        return self.problems[0].field


class Problems:
    """Collects the problems of a form, to raise them together."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, code: Enum, message: str, field: Sequence[str] | None = None) -> None:
        self.found.append(Problem(code, message, list(field) if field is not None else None))

    def raise_any(self) -> None:
        if self.found:
            raise ServiceError.of(self.found)
