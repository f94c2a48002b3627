"""The run with several API workers (`--api-workers`, default 2) beside the one-worker run:
W1 and W4 again, against `uvicorn --workers N`, and where each run saturates.

"Where it saturates" is read from the CPU the run measured: the API's processes (summed),
PostgreSQL's (all its backends) and the load generator's, against the cores the machine
has. A component near its ceiling (the API's N workers near N cores) is the bottleneck;
when none is, but the machine's cores are all busy, the components are sharing the box
(the usual case on 2 cores, where PostgreSQL and the load generator live too); when
neither, the run is bound by waiting (round trips), not by CPU.
"""

from __future__ import annotations

import math
import os

from bench.report import Row

NAMES = ("W1", "W4")
FULL = 0.9  # a share of its ceiling from which a component counts as saturated


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def saturation(row: Row, workers: int, machine: int) -> str:
    load = 0.0 if math.isnan(row.loadgen_cpu) else row.loadgen_cpu
    busy = row.server_cpu + row.postgres_cpu + load + row.others_cpu
    parts = (
        f"API {row.server_cpu:.2f} of {workers} core{'s' if workers > 1 else ''}, "
        f"PostgreSQL {row.postgres_cpu:.2f}, "
        f"load generator {'n/a' if math.isnan(row.loadgen_cpu) else f'{load:.2f}'}, "
        f"others {row.others_cpu:.2f}; machine {busy:.2f} of {machine}"
    )
    if row.server_cpu >= FULL * workers:
        return f"API CPU ({parts})"
    if busy >= FULL * machine:
        shares = {
            "API": row.server_cpu,
            "PostgreSQL": row.postgres_cpu,
            "the load generator": load,
            "processes this benchmark did not start (a disturbed run)": row.others_cpu,
        }
        top = max(shares, key=lambda k: shares[k])
        return f"the machine's cores, {top} the largest share ({parts})"
    if row.postgres_cpu >= FULL:
        return f"PostgreSQL CPU ({parts})"
    return f"no CPU full: waiting on round trips ({parts})"


def section(one: dict[str, Row], many: dict[str, Row], workers: int) -> list[str]:
    machine = cores()
    lines = [
        f"### {workers} API workers beside 1 (W1 and W4)",
        "",
        f"`uvicorn --workers {workers}` (not pinned: the workers, PostgreSQL and Redis share "
        f"the machine's {machine} cores with the load generator) against the one worker "
        "pinned to a core above; same data, same load. API CPU sums the server's processes.",
        "",
        "| workload | req/s, 1 worker | req/s, "
        f"{workers} workers | ratio | API CPU 1 → {workers} | PostgreSQL CPU 1 → {workers} |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in NAMES:
        a, b = one[name], many[name]
        lines.append(
            f"| {name} | {a.rps:,.0f} | {b.rps:,.0f} | {b.rps / a.rps:.2f} "
            f"| {a.server_cpu:.2f} → {b.server_cpu:.2f} cores "
            f"| {a.postgres_cpu:.2f} → {b.postgres_cpu:.2f} cores |"
        )
    lines += ["", "Where it saturates:", ""]
    for name in NAMES:
        lines.append(f"- {name}, 1 worker: {saturation(one[name], 1, machine)}")
        lines.append(f"- {name}, {workers} workers: {saturation(many[name], workers, machine)}")
    return lines
