"""bench/RESULTS.md: the measured part is rewritten between two markers, the rest is kept."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.profile import Profile
from bench.statements import Count

BEGIN = "<!-- bench:begin (written by `make bench`; edit outside the markers) -->"
END = "<!-- bench:end -->"


@dataclass
class Row:
    name: str
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    statements: Count | None
    peak_rss_mib: float
    server_cpu: float  # share of one core
    postgres_cpu: float  # in cores
    others_cpu: float  # cores used by processes the benchmark did not start
    loadgen_cpu: float


def code_state(root: Path) -> str:
    """The commit measured, and the app files that differ from it (others edit app/ too)."""

    binary = shutil.which("git")

    def git(*args: str) -> str:
        if binary is None:
            return ""
        done = subprocess.run([binary, "-C", str(root), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("log", "-1", "--format=%h %s")
    if not head:
        return "- Code: not a git checkout"
    changed = git("status", "--porcelain", "--", "app").splitlines()
    files = ", ".join(line.split(maxsplit=1)[-1] for line in changed) or "none"
    return f"- Code: `{head[:90]}`; uncommitted changes in app/: {files}"


def machine(postgres_version: str, loadgen: str, server: str) -> list[str]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found.group(1).strip() if found else model
    ram = psutil.virtual_memory().total / 2**30
    return [
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} CPUs ({model}), {ram:.1f} GiB RAM, {platform.system()} "
        f"{platform.release()}",
        f"- Python {platform.python_version()}, {postgres_version} (embedded, fsync off)",
        f"- Server: {server}",
        f"- Load: {loadgen}",
        code_state(Path(__file__).resolve().parents[1]),
    ]


def _ms(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| workload | req/s | p50 ms | p99 ms | statements/request | peak RSS MiB "
        "| server CPU | PostgreSQL CPU | other load | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.label} | {r.rps:,.0f} | {_ms(r.p50_ms)} | {_ms(r.p99_ms)} "
            f"| {r.statements or '-'} | {r.peak_rss_mib:.0f} | {r.server_cpu:.0%} "
            f"| {r.postgres_cpu:.2f} cores | {r.others_cpu:.2f} cores | {r.errors} |"
        )
    return lines


def statements_detail(rows: list[Row]) -> list[str]:
    lines = ["Statements of one request, as PostgreSQL logged them:", ""]
    for r in rows:
        if r.statements is not None and " x" not in r.name:  # not again for N workers
            found = "; ".join(f"`{s}`" for s in r.statements.labels) or "none"
            lines.append(f"- {r.name}: {found}")
    return lines


def profile_section(profile: Profile | None) -> list[str]:
    if profile is None:
        return ["(W1 was not profiled in this run.)"]
    lines = [
        profile.summary,
        "",
        "| layer (self time of the innermost Python frame) | share |",
        "| --- | ---: |",
        *(f"| {name} | {share:.1%} |" for name, share in profile.layers),
    ]
    if profile.steps:
        lines += [
            "",
            "| step (inclusive: samples with such a frame on the stack) | share |",
            "| --- | ---: |",
            *(f"| {name} | {share:.1%} |" for name, share in profile.steps),
        ]
    lines += [
        "",
        "| hottest functions (self) | share |",
        "| --- | ---: |",
        *(f"| `{name}` | {share:.1%} |" for name, share in profile.top),
    ]
    return lines


def measured(
    *,
    command: str,
    facts: list[str],
    setup: list[str],
    rows: list[Row],
    ratio: list[str],
    profile: Profile | None,
) -> str:
    lines = [
        BEGIN,
        "## Latest run",
        "",
        f"Command: `{command}`",
        "",
        *facts,
        *setup,
        "",
        *table(rows),
        "",
        *ratio,
        "",
        *statements_detail(rows),
        "",
        "### W1 profile (measured)",
        "",
        *profile_section(profile),
        END,
    ]
    return "\n".join(lines) + "\n"


def write(path: Path, section: str) -> None:
    """Replace the marked section of `path` (or create the file around it)."""
    if path.exists() and BEGIN in (text := path.read_text()) and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        path.write_text(before + section + ("\n" + after if after else ""))
        return
    path.write_text("# Benchmark results\n\n" + section)
