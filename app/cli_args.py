"""Argument types and the parser of the `edestory` command: bad input is one line, exit 2.

argparse's own answer to bad input is a usage block and an error line; ours is the error
line alone, with the command's name and a pointer to its --help.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable
from typing import NoReturn

from app.graphql.ids import parse_global_id, to_global_id


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def fail(message: str) -> NoReturn:
    """Bad input or a refused request: one line on stderr, exit status 2."""
    print(f"edestory: {message}", file=sys.stderr)
    raise SystemExit(2)


def object_id(type_name: str) -> Callable[[str], uuid.UUID]:
    """An argument that is a UUID or the global ID the API shows for a `type_name`."""

    def parse(value: str) -> uuid.UUID:
        text = value.strip()
        try:
            return uuid.UUID(text)
        except ValueError:
            pass
        found = parse_global_id(text, type_name)
        if found is None:
            raise argparse.ArgumentTypeError(
                f"{value!r} is neither a UUID nor a {type_name} global ID"
            )
        return found

    parse.__name__ = f"{type_name} ID"  # argparse names the type in its messages
    return parse


def id_forms(**ids: uuid.UUID) -> dict[str, str]:
    """{"tenant_id": uuid, "tenant_global_id": the API's ID, ...}: both forms of each id, so
    an id printed by a command can be pasted into GraphQL as well as into another command."""
    forms: dict[str, str] = {}
    for name, value in ids.items():
        forms[f"{name}_id"] = str(value)
        forms[f"{name}_global_id"] = to_global_id(name.capitalize(), value)
    return forms


def count(value: str) -> int:
    """A whole number, zero or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return number


def port(value: str) -> int:
    number = count(value)
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port (1-65535)")
    return number


def comma_list(value: str) -> list[str]:
    """`a,b` -> ["a", "b"]; blanks around items are dropped, empty items refused."""
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise argparse.ArgumentTypeError(f"{value!r} has an empty item")
    return items


def positive(value: str) -> int:
    """A whole number, one or more."""
    number = count(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
