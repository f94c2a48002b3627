"""docker-compose.yml and the Dockerfile (docker itself does not run here): the YAML parses,
the API and the arq worker are services of their own with health checks, the commands they
run are ones `edestory` accepts, and the optional PgBouncer (profile `pgbouncer`) is wired
in by its documented switches only."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from app.cli import build_parser, cmd_serve, cmd_worker
from app.settings import load_settings

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


SECRETS = {"EDESTORY_JWT_SECRET": "j" * 32, "EDESTORY_SECRETS_KEY": "s" * 32}
PGBOUNCER_SWITCH = {  # what the compose file's header and the README tell operators to set
    "COMPOSE_PROFILES": "pgbouncer",
    "EDESTORY_APP_DB_ADDRESS": "pgbouncer:6432",
    "EDESTORY_DB_PREPARED_STATEMENTS": "0",
}


def _substitute(value: str, env: dict[str, str]) -> str:
    """Compose's interpolation: `${NAME}`, `${NAME:-default}`, `${NAME:?error}`."""

    def one(found: re.Match[str]) -> str:
        name, op, arg = found[1], found[2], found[3] or ""
        if env.get(name):
            return env[name]
        assert op != ":?", f"{name} must be set: {arg}"
        return arg if op == ":-" else ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, value)


def _environment(service: str, env: dict[str, str]) -> dict[str, str]:
    found = _compose()["services"][service].get("environment", {})
    return {k: _substitute(str(v), env) for k, v in found.items()}


def _active(env: dict[str, str]) -> set[str]:
    """The services `docker compose up` starts with these variables (profiles honoured)."""
    profiles = set(filter(None, env.get("COMPOSE_PROFILES", "").split(",")))
    return {
        name
        for name, service in _compose()["services"].items()
        if not service.get("profiles") or profiles & set(service["profiles"])
    }


def test_the_default_path_runs_without_pgbouncer() -> None:
    services = _compose()["services"]
    assert _active(SECRETS) == {"postgres", "redis", "migrate", "api", "worker"}
    assert services["pgbouncer"]["profiles"] == ["pgbouncer"]
    # Nothing that starts by default may need it: its dependents hold it as optional.
    for name, service in services.items():
        needs = service.get("depends_on", {})
        if "pgbouncer" in needs:
            assert needs["pgbouncer"]["required"] is False, name
    for name in ("api", "worker", "migrate"):
        env = _environment(name, SECRETS)
        assert urlsplit(env["DATABASE_URL"]).netloc.endswith("@postgres:5432")
        assert env["DATABASE_DIRECT_URL"] == env["DATABASE_URL"]
        settings = load_settings(env)
        assert settings.db_prepared_statements is True
        assert settings.direct_url == settings.database_url


def test_the_pgbouncer_profile_puts_it_between_the_app_and_postgres() -> None:
    switched = {**SECRETS, **PGBOUNCER_SWITCH}
    assert _active(switched) == {"postgres", "pgbouncer", "redis", "migrate", "api", "worker"}
    services = _compose()["services"]
    bouncer = _environment("pgbouncer", switched)
    assert bouncer["POOL_MODE"] == "transaction"
    assert (bouncer["DB_HOST"], bouncer["DB_PORT"]) == ("postgres", "5432")
    assert "6432" in services["pgbouncer"]["healthcheck"]["test"]
    assert services["pgbouncer"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker"):
        assert services[name]["depends_on"]["pgbouncer"]["condition"] == "service_healthy"
        env = _environment(name, switched)
        through = urlsplit(env["DATABASE_URL"])
        # The app's role, password and database, at PgBouncer's listening port.
        assert (through.hostname, str(through.port)) == ("pgbouncer", bouncer["LISTEN_PORT"])
        assert (through.username, through.password) == (bouncer["DB_USER"], bouncer["DB_PASSWORD"])
        assert through.path == "/" + bouncer["DB_NAME"]
        # LISTEN (the relay) and migrations go straight to PostgreSQL.
        for direct in (env["DATABASE_DIRECT_URL"], env["DATABASE_OWNER_URL"]):
            assert urlsplit(direct).netloc.endswith("@postgres:5432")
        settings = load_settings(env)
        assert settings.db_prepared_statements is False  # PgBouncer's transaction mode
        assert settings.direct_url != settings.database_url
    # The password, set once for the postgres volume, is the one PgBouncer logs in with.
    custom = {**switched, "EDESTORY_APP_DB_PASSWORD": "another-password"}
    assert _environment("pgbouncer", custom)["DB_PASSWORD"] == "another-password"
    assert urlsplit(_environment("api", custom)["DATABASE_URL"]).password == "another-password"
