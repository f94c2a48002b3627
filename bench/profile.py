"""Where W1's time goes: py-spy on the running server (cProfile in-process without py-spy).

Samples are grouped two ways: by the layer of the innermost Python frame (self time: where
the CPU is spent, C calls counted in their Python caller) and by a few frames that contain
whole steps of a request (inclusive time).
"""

from __future__ import annotations

import cProfile
import pstats
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

# (layer, path prefixes of the innermost frame's file), first match wins.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("JSON encoding (orjson, in the view)", ("encode_json (",)),
    (
        "GraphQL parse + validate (and their caches)",
        (
            "graphql/language/",
            "graphql/validation/",
            "strawberry/extensions/parser_cache",
            "app/graphql/validation_cache.py",
        ),
    ),
    (
        "Strawberry HTTP view / result processing",
        ("strawberry/http/", "strawberry/asgi/", "app/graphql/view.py"),
    ),
    (
        "app resolvers: building objects, connections, cursors",
        (
            "app/catalog/reads/build.py",
            "app/catalog/reads/prefetch.py",
            "app/catalog/reads/nested.py",
            "app/catalog/types.py",
            "app/catalog/queries.py",
            "app/graphql/pagination.py",
            "app/graphql/ids.py",
            "app/money.py",
            "base64.py",
        ),
    ),
    (
        "GraphQL execution: compiled selection sets and the fast path (app)",
        (
            "(generated selection ",
            "app/graphql/fast_execution.py",
            "app/graphql/compiled_selections.py",
            "app/graphql/direct_resolvers.py",
        ),
    ),
    ("request context, language, error masking (app/graphql)", ("app/graphql/",)),
    ("GraphQL execution: graphql-core + Strawberry", ("graphql/", "strawberry/")),
    (
        "SQLAlchemy Core: building statements, cache keys, compiling",
        (
            "sqlalchemy/sql/",
            "app/catalog/reads/sql.py",
            "app/catalog/reads/pages.py",
            "app/db/metadata.py",
        ),
    ),
    ("SQLAlchemy engine: execute, pool, result rows", ("sqlalchemy/",)),
    ("asyncpg: protocol, encode/decode", ("asyncpg/",)),
    ("DB handle: transaction, rows as tuples (app/db)", ("app/db/",)),
    ("request context: auth (app)", ("app/",)),
    ("HTTP: uvicorn, Starlette, middleware", ("uvicorn/", "starlette/", "httptools/", "h11/")),
    ("event loop (uvloop internals, I/O, scheduling)", ("asyncio/", "uvloop/")),
    ("Redis client", ("redis/",)),
]
# (step, frames that mark it), a sample counted once when any of its frames matches. The
# markers are packages rather than top-level calls: graphql-core runs async fields in tasks
# (asyncio.gather), whose stacks start at the event loop, not under the request's frames.
STEPS: list[tuple[str, tuple[str, ...]]] = [
    ("graphql-core execution (an executor frame on the stack)", ("graphql/execution/",)),
    ("compiled selection sets (a generated function on the stack)", ("(generated selection ",)),
    ("GraphQL parse + validate", ("graphql/validation/", "graphql/language/parser")),
    ("catalog resolvers (products, page query, prefetch, build)", ("app/catalog/",)),
    ("SQLAlchemy (build, compile, execute, rows)", ("sqlalchemy/",)),
    ("asyncpg", ("asyncpg/",)),
    ("authentication", ("app/tenancy/principals.py",)),
    ("transaction commit / close", ("close (app/db/tenant.py",)),
    ("JSON encoding of the response (encode_json)", ("encode_json (",)),
]
GATHER = "GraphQL execution: asyncio tasks graphql-core creates for async fields (gather)"


@dataclass
class Profile:
    summary: str  # how it was measured
    layers: list[tuple[str, float]] = field(default_factory=list)
    steps: list[tuple[str, float]] = field(default_factory=list)
    top: list[tuple[str, float]] = field(default_factory=list)


def _layer(frames: tuple[str, ...]) -> str:
    leaf = frames[-1]
    if ("asyncio/" in leaf or "uvloop/" in leaf) and any("graphql/execution/" in f for f in frames):
        return GATHER
    for name, prefixes in LAYERS:
        if any(p in leaf for p in prefixes):
            return name
    return "other (stdlib, C extensions' callers)"


def _short(frame: str) -> str:
    """`func (file:line)` -> `func (file)`."""
    name, _, rest = frame.partition(" (")
    return f"{name} ({rest.rsplit(':', 1)[0]})" if rest else name


def summarize(stacks: Counter[tuple[str, ...]], summary: str, steps_too: bool = True) -> Profile:
    """`stacks`: root-first frames -> samples."""
    total = sum(stacks.values()) or 1
    layers: Counter[str] = Counter()
    steps: Counter[str] = Counter()
    top: Counter[str] = Counter()
    for frames, n in stacks.items():
        leaf = frames[-1]
        layers[_layer(frames)] += n
        top[_short(leaf)] += n
        for step, markers in STEPS:
            if any(m in f for f in frames for m in markers):
                steps[step] += n
    return Profile(
        summary=summary,
        layers=[(k, v / total) for k, v in layers.most_common()],
        steps=[(s, steps[s] / total) for s, _ in STEPS if steps[s]] if steps_too else [],
        top=[(k, v / total) for k, v in top.most_common(15)],
    )


def pyspy() -> str | None:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def record(pid: int, seconds: float, out: Path, rate: int = 250) -> subprocess.Popen[bytes]:
    """Start sampling `pid` (without pausing it); wait on the returned process."""
    binary = pyspy()
    assert binary is not None
    command = [
        binary,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(int(seconds)),
        "--rate",
        str(rate),
        "--format",
        "raw",
        "--nonblocking",
        "--output",
        str(out),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read_raw(path: Path) -> Counter[tuple[str, ...]]:
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in path.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if frames:
            # py-spy writes the outermost frame first.
            stacks[tuple(frames.split(";"))] += int(count)
    return stacks


def _relative(path: str) -> str:
    for marker in ("site-packages/", "/lib/python3.11/", "/lib/python3.12/"):
        if marker in path:
            return path.split(marker, 1)[1]
    root = str(Path(__file__).resolve().parents[1]) + "/"
    return path.removeprefix(root)


async def cprofile(call: Callable[[], Awaitable[None]], seconds: float) -> Profile:
    """The fallback: deterministic profile of sequential in-process calls for `seconds`."""
    profiler = cProfile.Profile()
    requests, deadline = 0, time.monotonic() + seconds
    profiler.enable()
    while requests < 20 or time.monotonic() < deadline:
        await call()
        requests += 1
    profiler.disable()
    stats = pstats.Stats(profiler)
    # Self time per function stands in for samples; no stacks, so no inclusive steps.
    stacks: Counter[tuple[str, ...]] = Counter()
    raw = stats.stats  # type: ignore[attr-defined]
    for (path, line, name), (_, _, tottime, _, _) in raw.items():
        stacks[(f"{name} ({_relative(path)}:{line})",)] += int(tottime * 1_000_000)
    summary = (
        f"Measured by cProfile (the fallback without py-spy): {requests} sequential W1 requests "
        "in-process through httpx.ASGITransport (no uvicorn, no concurrency; the client's "
        "own time is included and the profiler's overhead inflates per-call costs)."
    )
    return summarize(stacks, summary, steps_too=False)
