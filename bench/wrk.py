"""Throughput and latency with Debian's `wrk` (a real HTTP load generator in C), for the
benchmarks: `measure(url, headers=...)` runs it and returns its figures as a dict.

wrk's own summary is parsed from a small Lua `done()` hook that prints JSON: latency
percentiles (p50/p95/p99, ms), requests per second, non-2xx answers and socket errors.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

THREADS, CONNECTIONS, SECONDS = 2, 16, 10

DONE_HOOK = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "requests": %d, "seconds": %.3f, '
    .. '"non_2xx": %d, "socket_errors": %d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.duration / 1e6,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def measure(
    url: str,
    *,
    headers: dict | None = None,
    threads: int = THREADS,
    connections: int = CONNECTIONS,
    seconds: int = SECONDS,
    lua: str = "",
) -> dict:
    """Run wrk against `url`; returns p50/p95/p99 in ms, req_per_s, non_2xx, socket_errors.
    `lua`: more of wrk's script (e.g. a `request()` function that varies the path)."""
    with tempfile.TemporaryDirectory(prefix="bk-wrk-") as tmp:
        script = Path(tmp) / "done.lua"
        script.write_text(lua + DONE_HOOK)
        args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(script)]
        for name, value in (headers or {}).items():
            args += ["-H", f"{name}: {value}"]
        out = subprocess.run([*args, url], check=True, capture_output=True, text=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["req_per_s"] = figures["requests"] / figures["seconds"]
    return figures
