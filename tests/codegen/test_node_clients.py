"""Node clients against a live API process: Apollo Client's PersistedQueryLink with
useGETForHashedQueries, and the graphql-http audit. Skipped, with the reason, when Node or
codegen/node_modules (`make node-deps`) is missing."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.settings import Settings
from tests.helpers import TenantFactory
from tests.live_server import serving

CODEGEN = Path(__file__).resolve().parents[2] / "codegen"


def _node_or_skip() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the Node client tests are skipped")
    if not (CODEGEN / "node_modules" / "@apollo" / "client").is_dir():
        pytest.skip("codegen/node_modules is missing (`make node-deps`): Node tests skipped")
    return node


@pytest.fixture(scope="module")
def api_url(settings: Settings) -> Iterator[str]:
    if not settings.fast_execution:
        pytest.skip("a live process runs the configured executor; once is enough")
    _node_or_skip()
    with serving(settings, 1, {"EDESTORY_RATE_LIMIT": "0"}) as (port,):
        yield f"http://127.0.0.1:{port}/graphql"


async def _run(script: str, env: dict[str, str]) -> dict[str, Any]:
    node = _node_or_skip()

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [node, str(CODEGEN / "tests" / script)],
            cwd=CODEGEN,
            env={"PATH": "/usr/bin:/bin", **env},
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )

    done = await asyncio.to_thread(run)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


async def test_apollo_persisted_query_link_with_get(
    api_url: str, tenants: TenantFactory, unique: str
) -> None:
    tenant = await tenants.create("Apollo")
    result = await _run(
        "apollo-apq.mjs",
        {"API_URL": api_url, "STOREFRONT_TOKEN": tenant.storefront_token, "SUFFIX": unique},
    )
    shop = {"__typename": "Shop", "name": "Apollo store", "currencyCode": "EUR"}
    assert result["first"] == {"shop": shop}
    assert result["second"] == {"shop": shop}
    # The hash by GET (unknown), the text by POST (registered), then the hash by GET alone.
    assert result["requests"] == [
        {"method": "GET", "carriesText": False, "status": 200},
        {"method": "POST", "carriesText": True, "status": 200},
        {"method": "GET", "carriesText": False, "status": 200},
    ]


async def test_graphql_http_audit(api_url: str) -> None:
    result = await _run("audit.mjs", {"API_URL": api_url})
    print(json.dumps(result, indent=1))
    assert result["error"] == 0, result["notOk"]
    assert result["warn"] == 0, result["notOk"]
