"""Drive a workload with wrk (when installed): a Lua script sends the POST and counts errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.workloads import Workload

SCRIPT = """
wrk.method = "{method}"
wrk.body = [==[{body}]==]
wrk.headers["Content-Type"] = "application/json"
{headers}
errors = 0
first_error = ""
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    errors = errors + 1
    if first_error == "" then first_error = status .. " " .. string.sub(body, 1, 300) end
  end
end
function done(summary, latency, requests)
  local errors, first = 0, ""
  for _, t in ipairs(threads) do
    errors = errors + t:get("errors")
    if first == "" then first = t:get("first_error") end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH {{\\"requests\\": %d, \\"micros\\": %d, \\"p50\\": %d, \\"p99\\": %d, "
    .. "\\"errors\\": %d, \\"socket_errors\\": %d}}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors, e.connect + e.read + e.write + e.timeout))
  io.write("FIRST_ERROR " .. first .. "\\n")
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def script(workload: Workload, path: Path) -> Path:
    headers = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in workload.headers.items())
    path.write_text(
        SCRIPT.format(method=workload.method, body=workload.body.decode(), headers=headers)
    )
    return path


def run(
    workload: Workload,
    port: int,
    *,
    connections: int,
    warmup: float,
    duration: float,
    script_path: Path,
    preexec: Callable[[], None] | None,
    mark: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """Warm up, then measure (`mark` is called around it); the same result keys as bench.load."""
    url = f"http://127.0.0.1:{port}{workload.path}"
    lua = str(script(workload, script_path))
    base = ["wrk", "-t1", f"-c{connections}", "--timeout", "10s", "-s", lua]
    subprocess.run(
        [*base, f"-d{max(1, round(warmup))}s", url],
        check=True,
        capture_output=True,
        preexec_fn=preexec,
    )
    mark()
    out = subprocess.run(
        [*base, f"-d{round(duration)}s", url],
        check=True,
        capture_output=True,
        text=True,
        preexec_fn=preexec,
    ).stdout
    mark()
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    first = next((x for x in out.splitlines() if x.startswith("FIRST_ERROR ")), "")
    raw = json.loads(line.removeprefix("BENCH "))
    seconds = raw["micros"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": seconds,
        "rps": raw["requests"] / seconds,
        "p50_ms": raw["p50"] / 1000,
        "p99_ms": raw["p99"] / 1000,
        "errors": raw["errors"] + raw["socket_errors"],
        "first_error": first.removeprefix("FIRST_ERROR ").strip(),
        "reconnects": 0,
        "loadgen_cpu": float("nan"),
    }
