"""CPU and memory while a workload runs: the server's peak RSS, the CPU of the server and of
PostgreSQL, and the CPU of processes the benchmark did not start (a shared machine)."""

from __future__ import annotations

import contextlib
import resource
import threading
import time
from dataclasses import dataclass

import psutil


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy, all cores."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def _tree_cpu() -> dict[int, float]:
    """CPU seconds of this process and everything it started (servers, PostgreSQL, load)."""
    me = psutil.Process()
    found = {}
    for p in [me, *me.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            found[p.pid] = sum(p.cpu_times()[:2])
    return found


def _exited_children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _delta(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())


@dataclass
class Mark:
    at: float
    server: float
    postgres: dict[int, float]
    tree: dict[int, float]
    exited: float
    busy: float


@dataclass
class Usage:
    peak_rss_mib: float
    server: float  # share of one core (all the server's processes: several workers, more)
    postgres: float  # cores
    others: float  # cores used by processes this benchmark did not start


class Monitor:
    """Peak RSS of the server (polled; summed over its worker processes); CPU of the server
    (idem), of PostgreSQL and of everything else on the machine between two marks."""

    def __init__(self, server_pid: int, postgres_pid: int) -> None:
        self.server = psutil.Process(server_pid)
        self.postgres = psutil.Process(postgres_pid)
        self.peak = self.server.memory_info().rss
        self.running = True
        self.marks: list[Mark] = []
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _server_tree(self) -> list[psutil.Process]:
        """The server and its children: uvicorn's worker processes when it runs several."""
        with contextlib.suppress(psutil.Error):
            return [self.server, *self.server.children(recursive=True)]
        return [self.server]

    def _server_cpu(self) -> float:
        total = 0.0
        for p in self._server_tree():
            with contextlib.suppress(psutil.Error):
                total += sum(p.cpu_times()[:2])
        return total

    def _poll(self) -> None:
        while self.running:
            rss = 0
            for p in self._server_tree():
                with contextlib.suppress(psutil.Error):
                    rss += p.memory_info().rss
            self.peak = max(self.peak, rss)
            time.sleep(0.05)

    def mark(self) -> None:
        postgres = {}
        for p in [self.postgres, *self.postgres.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                postgres[p.pid] = sum(p.cpu_times()[:2])
        self.marks.append(
            Mark(
                time.monotonic(),
                self._server_cpu(),
                postgres,
                _tree_cpu(),
                _exited_children_cpu(),
                _busy_seconds(),
            )
        )

    def finish(self) -> Usage:
        self.running = False
        self.thread.join()
        a, b = self.marks[0], self.marks[-1]
        seconds = b.at - a.at
        ours = _delta(a.tree, b.tree) + b.exited - a.exited
        return Usage(
            peak_rss_mib=self.peak / 2**20,
            server=(b.server - a.server) / seconds,
            postgres=_delta(a.postgres, b.postgres) / seconds,
            others=max(0.0, (b.busy - a.busy - ours) / seconds),
        )


def wait_quiet(limit: float, timeout: float) -> float:
    """Wait (up to `timeout` s) until processes we did not start use under `limit` cores;
    returns what they used in the last second."""
    deadline = time.monotonic() + timeout
    while True:
        tree, exited, busy = _tree_cpu(), _exited_children_cpu(), _busy_seconds()
        time.sleep(1.0)
        ours = _delta(tree, _tree_cpu()) + _exited_children_cpu() - exited
        others = max(0.0, _busy_seconds() - busy - ours)
        if others < limit or time.monotonic() >= deadline:
            return others
