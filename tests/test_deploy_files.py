"""docker-compose.yml and the Dockerfile (docker itself does not run here): the YAML parses,
the API and the arq worker are services of their own with health checks, and the commands
they run are ones `edestory` accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from app.cli import build_parser, cmd_serve, cmd_worker

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return found


def _interpolated(args: list[str]) -> list[str]:
    """Compose's `${NAME:-default}` with nothing set."""
    return [re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", a) for a in args]


def test_api_and_worker_are_services_of_their_own_with_health_checks() -> None:
    services = _compose()["services"]
    api, worker = services["api"], services["worker"]
    assert api["image"] == worker["image"]

    serve = build_parser().parse_args(_interpolated(api["command"])[1:])
    assert serve.func is cmd_serve and serve.workers == 2
    assert "/readyz" in " ".join(api["healthcheck"]["test"])

    assert worker["healthcheck"]["test"][:2] == ["CMD", "edestory"]
    check = build_parser().parse_args(worker["healthcheck"]["test"][2:])
    assert check.func is cmd_worker and check.check
    assert build_parser().parse_args(worker["command"][1:]).check is False


def test_the_image_serves_the_api_by_default() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = json.loads(re.findall(r"^CMD (.+)$", dockerfile, re.MULTILINE)[-1])
    args = build_parser().parse_args(command[1:])
    assert args.func is cmd_serve and args.workers is None  # one process per core
