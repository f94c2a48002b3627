"""`.edestory/dev.json`: what `edestory dev` tells a person (and the README's examples).

Several `edestory dev` processes may share one data directory on different ports (they
share its servers too). The file names the API that started last; when that one stops,
the file goes back to the API it named before, if that one still answers, so it never
points at a port nobody serves while another dev server runs.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def read_state(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        saved: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}  # a damaged file is rewritten below; nothing in it is irreplaceable
    return saved


def write_state(path: Path, info: dict[str, Any]) -> None:
    path.write_text(json.dumps(info, indent=2) + "\n")
    path.chmod(0o600)  # it holds the staff password and the database URLs


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    if not parts.hostname or not parts.port:
        return False
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=0.5):
            return True
    except OSError:
        return False


def restore_after_stop(path: Path, ours: dict[str, Any], before: dict[str, Any]) -> None:
    """Called when our API has stopped: hand the file back to the dev server it named
    before ours started, when that one still listens."""
    current = read_state(path)
    if current.get("graphql_url") != ours.get("graphql_url"):
        return  # another dev server wrote the file since: it is current
    previous = before.get("graphql_url")
    if previous and previous != ours.get("graphql_url") and _answers(previous):
        write_state(path, {**current, "graphql_url": previous})
