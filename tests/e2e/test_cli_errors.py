"""Bad input to any `edestory` command: one line naming the problem, exit status 2."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from pathlib import Path

import asyncpg
import pytest

from app.embedded import StackUrls
from app.graphql.ids import to_global_id
from tests.e2e.test_cli_commands import run
from tests.helpers import PASSWORD


def _env(urls: StackUrls) -> dict[str, str]:
    return {"DATABASE_URL": urls.database_url, "REDIS_URL": urls.redis_url}


def _one_line_refusal(result: object, *, naming: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode == 2, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert naming in stderr


@pytest.fixture(scope="module")
def tenant(stack_urls: StackUrls, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    email = f"cli-{uuid.uuid4().hex[:8]}@example.com"
    result = run(
        "tenant",
        "create",
        "--name",
        "CLI shop",
        "--owner-email",
        email,
        "--owner-password",
        PASSWORD,
        "--languages",
        "es, en",
        env=_env(stack_urls),
        cwd=tmp_path_factory.mktemp("cli"),
    )
    assert result.returncode == 0, result.stderr
    created: dict[str, str] = json.loads(result.stdout)
    created["email"] = email
    return created


def test_tenant_create_answers_both_id_forms(tenant: dict[str, str]) -> None:
    assert tenant["tenant_global_id"] == to_global_id("Tenant", uuid.UUID(tenant["tenant_id"]))
    assert tenant["store_global_id"] == to_global_id("Store", uuid.UUID(tenant["store_id"]))
    assert tenant["owner_password_set"] is True


@pytest.mark.parametrize("form", ["tenant_id", "tenant_global_id"])
def test_apikey_create_takes_a_uuid_or_a_global_id(
    stack_urls: StackUrls, tenant: dict[str, str], form: str, tmp_path: Path
) -> None:
    result = run(
        "apikey",
        "create",
        "--tenant-id",
        tenant[form],
        "--name",
        "erp",
        "--scopes",
        "catalog:read,orders:read",
        env=_env(stack_urls),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("esk_")


def _bad_inputs(tenant: dict[str, str]) -> list[tuple[list[str], str]]:
    store_gid = tenant["store_global_id"]
    unknown = str(uuid.uuid4())
    key = ["--name", "erp", "--scopes", "catalog:read"]
    return [
        (["apikey", "create", "--tenant-id", "not-an-id", *key], "neither a UUID nor a Tenant"),
        (["apikey", "create", "--tenant-id", store_gid, *key], "neither a UUID nor a Tenant"),
        (["apikey", "create", "--tenant-id", unknown, *key], f"no tenant has the id {unknown}"),
        (
            [
                "apikey",
                "create",
                "--tenant-id",
                tenant["tenant_id"],
                "--name",
                "x",
                "--scopes",
                "everything",
            ],
            "INVALID_SCOPE",
        ),
        (["apikey", "create", "--tenant-id", tenant["tenant_id"]], "required: --name"),
        (["store", "create", "--tenant-id", unknown, "--name", "B"], "no tenant has the id"),
        (
            [
                "store",
                "create",
                "--tenant-id",
                tenant["tenant_id"],
                "--name",
                "B",
                "--currency",
                "XXX",
            ],
            "INVALID_CURRENCY",
        ),
        (
            [
                "store",
                "create",
                "--tenant-id",
                tenant["tenant_id"],
                "--name",
                "B",
                "--languages",
                "es,,en",
            ],
            "empty item",
        ),
        (
            [
                "tenant",
                "create",
                "--name",
                "T",
                "--owner-email",
                "nobody",
                "--owner-password",
                PASSWORD,
            ],
            "INVALID_EMAIL",
        ),
        (["seed", "--products", "-3"], "-3 is negative"),
        (["dev", "--port", "70000"], "not a TCP port"),
        (["apikey", "delete"], "invalid choice"),
        (["nonsense"], "invalid choice"),
    ]


def test_bad_input_is_one_line_and_exit_status_2(
    stack_urls: StackUrls, tenant: dict[str, str], tmp_path: Path
) -> None:
    for args, naming in _bad_inputs(tenant):
        result = run(*args, env=_env(stack_urls), cwd=tmp_path)
        _one_line_refusal(result, naming=naming)


async def _password_hash(url: str, email: str) -> str:
    conn = await asyncpg.connect(url)
    try:
        found: str = await conn.fetchval("SELECT password_hash FROM users WHERE email = $1", email)
        return found
    finally:
        await conn.close()


def test_an_existing_owner_keeps_their_password(
    stack_urls: StackUrls, tenant: dict[str, str], tmp_path: Path
) -> None:
    before = asyncio.run(_password_hash(stack_urls.database_url, tenant["email"]))
    result = run(
        "tenant",
        "create",
        "--name",
        "Second shop",
        "--owner-email",
        tenant["email"],
        "--owner-password",
        "another long passphrase",
        env=_env(stack_urls),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "its password was not changed" in result.stderr
    assert json.loads(result.stdout)["owner_password_set"] is False
    assert asyncio.run(_password_hash(stack_urls.database_url, tenant["email"])) == before


def test_dev_on_a_port_in_use_is_refused_before_starting_anything(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("dev", "--port", str(port), env={}, cwd=tmp_path)
    _one_line_refusal(result, naming=f"127.0.0.1:{port} is in use")
    assert not (tmp_path / ".edestory").exists()  # no server was started, nothing seeded
