"""Every answer is checked before it is measured; the floor must answer W1's exact JSON."""

from __future__ import annotations

import http.client
import json
from dataclasses import replace
from typing import Any

from bench.procs import WORK, Server
from bench.workloads import CATEGORY_PAGE, Workload, persisted_extensions


def fetch(port: int, workload: Workload) -> Any:
    """One request; the parsed body, or exit loudly on a non-200 or a GraphQL error."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    if workload.method == "GET":
        conn.request("GET", workload.path, headers=workload.headers)
    else:
        conn.request("POST", workload.path, body=workload.body, headers=workload.http_headers)
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise SystemExit(f"{workload.name}: HTTP {response.status}: {data[:500]!r}")
    document = json.loads(data)
    document.pop("extensions", None)  # the cost report: not part of the answer the floor gives
    if document.get("errors"):
        raise SystemExit(f"{workload.name}: GraphQL errors: {document['errors']}")
    return document


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if type(a) is not type(b):
        return f"{path or '/'}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key, ...) != b.get(key, ...):
                return _first_difference(a.get(key), b.get(key), f"{path}/{key}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}/{i}")
    return f"{path or '/'}: {a!r} != {b!r}"


def verify(api: Server, floor_server: Server, wl: dict[str, Workload], page: int) -> None:
    """Check every answer before measuring; the floor must answer exactly W1's JSON."""
    w1 = fetch(api.port, wl["W1"])
    edges = w1["data"]["products"]["edges"]
    assert len(edges) == page and all(e["node"]["variants"]["nodes"] for e in edges), w1
    (WORK / "W1.json").write_text(json.dumps(w1, indent=1))
    for name in ("floor", "floor-tx"):
        answer = fetch(floor_server.port, wl[name])
        (WORK / f"{name}.json").write_text(json.dumps(answer, indent=1))
        if answer != w1:
            raise SystemExit(
                f"The {name} JSON differs from W1's (see {WORK}/W1.json and {name}.json): "
                + _first_difference(w1, answer)
            )
    if "W1c" in wl:
        # Register the text (APQ), then the first GET fills the response cache.
        register = wl["W1"]
        registration = json.loads(register.body)
        registration["extensions"] = persisted_extensions(CATEGORY_PAGE)
        fetch(api.port, replace(register, body=json.dumps(registration).encode()))
        assert fetch(api.port, wl["W1c"]) == w1, "W1c (GET, persisted, cached) differs from W1"
    product = fetch(api.port, wl["W2"])["data"]["product"]
    assert product and product["variants"]["nodes"], product
    assert fetch(api.port, wl["W3"]) == {"data": {"__typename": "Query"}}
    if "W4" in wl:
        added = fetch(api.port, wl["W4"])["data"]
        assert added["cartLinesAdd"]["userErrors"] == [], added
        assert added["cartLinesAdd"]["cart"]["totalQuantity"] == 4, added
        assert added["reset"]["userErrors"] == [], added
