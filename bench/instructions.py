"""`python -m bench.instructions`: CPU instructions per request, counted by valgrind.

On a shared 2-core machine, req/s and CPU time of the same code move by 10 to 20% from
run to run; instruction counts do not (repeat runs agree within 0.5%). This counts the
instructions the API process executes per request of W1, W2 and W3 (its own process
only: PostgreSQL's work is not included), as the difference between a run of N1 and a run
of N2 requests (bench/asgi_loop.py under `valgrind --tool=cachegrind --cache-sim=no`), so
start-up and warm-up cancel out. Use it to compare changes to the request path; use
`make bench` for throughput. Takes about 40 s per workload; needs valgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

from bench.procs import WORK
from bench.run import server_env
from bench.stack import prepare, start_stack

REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def under_valgrind(env: dict[str, str], module: list[str], label: str) -> int:
    """The instructions `python -m <module...>` executes, counted by valgrind."""
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        *module,
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    found = REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{label} under valgrind failed:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def _instructions(env: dict[str, str], workload: str, count: int) -> int:
    return under_valgrind(env, ["bench.asgi_loop", workload, str(count)], workload)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workloads", nargs="*", default=["W1", "W2", "W3"])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--n1", type=int, default=10)
    parser.add_argument("--n2", type=int, default=60)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    stack = start_stack(WORK)
    try:
        catalog = prepare(stack, args.products, seed=1)
        env = server_env(catalog)
        env.update(BENCH_TOKEN=catalog.token, BENCH_HANDLE=catalog.handle)
        env["PYTHONPATH"] = os.getcwd()
        for workload in args.workloads:
            low = _instructions(env, workload, args.n1)
            high = _instructions(env, workload, args.n2)
            per_request = (high - low) / (args.n2 - args.n1)
            print(f"{workload}: {per_request / 1e6:.2f} M instructions per request", flush=True)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
