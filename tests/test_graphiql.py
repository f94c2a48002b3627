"""GraphiQL works offline: every asset comes from the API itself, under a tight CSP."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from app.graphiql import STATIC_DIR, VENDORED, IdeDefaults
from app.graphiql.dev import CATEGORY_PAGE_QUERY, dev_defaults
from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CSP_KEYWORDS = {"'self'", "'none'", "'unsafe-inline'", "data:"}


async def _page(client: httpx.AsyncClient) -> httpx.Response:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return response


def _references(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]*)"', page)


async def test_page_references_no_host_but_the_apis_own(client: httpx.AsyncClient) -> None:
    response = await _page(client)
    page = response.text
    refs = _references(page)
    assert len(refs) >= 6  # three scripts, two stylesheets, the page's own script
    for ref in refs:
        assert ref == "data:," or (ref.startswith("/") and not ref.startswith("//")), ref
    assert "http://" not in page
    assert "https://" not in page
    assert "unpkg" not in page

    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"  # no inline script, no eval
    assert directives["connect-src"] == "'self'"
    for sources in directives.values():
        assert set(sources.split()) <= CSP_KEYWORDS, sources


async def test_every_asset_is_served_and_is_the_pinned_build(client: httpx.AsyncClient) -> None:
    page = (await _page(client)).text
    for ref in _references(page):
        if ref == "data:,":
            continue
        asset = await client.get(ref)
        assert asset.status_code == 200, ref
        path = ref.removeprefix("/graphiql/")
        if path in VENDORED:
            digest = base64.b64encode(hashlib.sha384(asset.content).digest()).decode()
            assert VENDORED[path] == f"sha384-{digest}"
            assert f'integrity="{VENDORED[path]}"' in page
            assert (STATIC_DIR / path).parent.joinpath("LICENSE").is_file()
    assert set(VENDORED) <= {r.removeprefix("/graphiql/") for r in _references(page)}


def _config(page: str) -> dict[str, str]:
    found = re.search(r'<script id="graphiql-config" type="application/json">(.*?)</script>', page)
    assert found is not None
    config: dict[str, str] = json.loads(found.group(1))
    return config


async def test_without_dev_defaults_the_page_opens_empty(client: httpx.AsyncClient) -> None:
    assert _config((await _page(client)).text) == {}


async def test_dev_opens_with_the_storefront_token_and_the_category_page(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    app.state.graphiql_defaults = dev_defaults("est_demo.token")
    try:
        config = _config((await _page(client)).text)
    finally:
        app.state.graphiql_defaults = None
    assert json.loads(config["headers"]) == {"X-Storefront-Token": "est_demo.token"}
    assert config["query"].endswith(CATEGORY_PAGE_QUERY)


async def test_a_value_cannot_close_the_data_block(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    app.state.graphiql_defaults = IdeDefaults(query="</script><script>alert(1)</script>")
    try:
        page = (await _page(client)).text
    finally:
        app.state.graphiql_defaults = None
    assert "<script>alert(1)" not in page
    assert _config(page)["query"] == "</script><script>alert(1)</script>"


def test_the_first_query_is_the_readmes_category_page() -> None:
    assert CATEGORY_PAGE_QUERY in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("path", ["/graphiql/graphiql.js", "/graphiql/vendor/README.md"])
async def test_production_serves_no_graphiql_assets(settings: Settings, path: str) -> None:
    production = create_app(settings.with_overrides(env="production"))
    transport = httpx.ASGITransport(app=production)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        assert (await c.get(path)).status_code == 404
