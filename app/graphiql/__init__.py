"""GraphiQL served by the API itself, so it works on a machine without internet.

The page loads pinned, unmodified npm builds kept under `static/vendor/` (React 18.2.0,
ReactDOM 18.2.0, GraphiQL 3.8.3: the same files, by their sha384, that Strawberry's own page
takes from unpkg), each next to its LICENSE. `static/vendor/README.md` says how they were
fetched. The Explorer plugin and js-cookie of Strawberry's page are left out: one is a
nicety, the other reads a Django CSRF cookie this API never sets.

The Content-Security-Policy names no host: scripts and styles come from this origin only,
no inline script runs (the page's settings travel in a JSON data block, read by
`static/graphiql.js`), and requests go back to this origin only. Inline *styles* are
allowed because GraphiQL's dialogs (Radix, react-style-singleton) insert `<style>`
elements at run time; they cannot run code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent / "static"
STATIC_PREFIX = "/graphiql"

# path under static/ -> Subresource Integrity hash of the published file
VENDORED = {
    "vendor/react-18.2.0/react.production.min.js": (
        "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8"
    ),
    "vendor/react-dom-18.2.0/react-dom.production.min.js": (
        "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh"
    ),
    "vendor/graphiql-3.8.3/graphiql.min.js": (
        "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie"
    ),
    "vendor/graphiql-3.8.3/graphiql.min.css": (
        "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM"
    ),
}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",  # GraphiQL's CSS embeds its fonts as data: URLs
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


@dataclass(frozen=True, slots=True)
class IdeDefaults:
    """What the page opens with: `edestory dev` fills these in; elsewhere they stay empty."""

    query: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _asset(path: str) -> str:
    return f"{STATIC_PREFIX}/{path}"


def _script(path: str) -> str:
    return f'<script src="{_asset(path)}" integrity="{VENDORED[path]}"></script>'


def render_page(defaults: IdeDefaults | None) -> HTMLResponse:
    """The GraphiQL page, with its Content-Security-Policy."""
    config: dict[str, str] = {}
    if defaults is not None and defaults.query:
        config["query"] = defaults.query
    if defaults is not None and defaults.headers:
        config["headers"] = json.dumps(defaults.headers, indent=2)
    # `<` escaped, so no value can close the data block early.
    data = json.dumps(config).replace("<", "\\u003c")
    css = "vendor/graphiql-3.8.3/graphiql.min.css"
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Edestory GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{_asset(css)}" integrity="{VENDORED[css]}">
<link rel="stylesheet" href="{_asset("graphiql.css")}">
</head>
<body>
<div id="graphiql">Loading...</div>
<script id="graphiql-config" type="application/json">{data}</script>
{_script("vendor/react-18.2.0/react.production.min.js")}
{_script("vendor/react-dom-18.2.0/react-dom.production.min.js")}
{_script("vendor/graphiql-3.8.3/graphiql.min.js")}
<script src="{_asset("graphiql.js")}"></script>
</body>
</html>
"""
    return HTMLResponse(
        page,
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            # The dev page carries a storefront token: no shared cache may keep it.
            "Cache-Control": "no-store",
        },
    )


def static_routes() -> list[BaseRoute]:
    """The page's scripts and styles, served from the package."""
    return [Mount(STATIC_PREFIX, app=StaticFiles(directory=STATIC_DIR), name="graphiql")]
