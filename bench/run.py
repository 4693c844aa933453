"""Buurtkompas benchmark (`make bench`): prints figures and ratios; it asserts nothing.

On the national data in BUURTKOMPAS_DATA_DIR it measures
1. the import: wall time and peak memory;
2. latency (p50/p95) and throughput of the ranking JSON endpoint and a wijk profile page under
   16 concurrent keep-alive clients on loopback, against a bare view (/healthz) on the same
   gunicorn server and settings, as ratios;
3. bytes sent for the national wijk map, as a ratio to the raw 2024 wijk GeoJSON;
4. time to the first rendered map in headless Chromium.
Record the results in docs/performance.md.
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLIENTS = 16
WORKERS = int(os.getenv("BENCH_WORKERS", "2"))  # one per core
THREADS = int(os.getenv("BENCH_THREADS", "8"))
REQUESTS_PER_CLIENT = 150
PAGES = {
    "bare view (/healthz)": "/healthz",
    "ranking JSON (/api/index, wijken)": "/api/index?level=wijk&per_page=50",
    "wijk profile page": "/regio/2024/WK059915/",
}


def environment(workdir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DB="sqlite",
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        BUURTKOMPAS_ARCHIVE_DIR=str(workdir / "archive"),
    )
    env.setdefault("BUURTKOMPAS_DATA_DIR", str(ROOT.parent / "shared" / "data"))
    return env


def run(args: list[str], env: dict) -> str:
    return subprocess.run(
        args, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def measure_import(env: dict) -> dict:
    run([str(BIN / "buurtkompas"), "migrate", "--noinput"], env)
    return json.loads(run([sys.executable, str(ROOT / "bench" / "_import_once.py")], env))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    run([str(BIN / "buurtkompas"), "collectstatic", "--noinput"], env)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "buurtkompas.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not answer within 30 s")


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def client(port: int, path: str, count: int, latencies: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 200:
            errors.append(response.status)
    conn.close()


def load(port: int, path: str) -> dict:
    for _ in range(20):  # warm caches and connections
        get(port, path)
    latencies: list[float] = []
    errors: list[int] = []
    threads = [
        threading.Thread(target=client, args=(port, path, REQUESTS_PER_CLIENT, latencies, errors))
        for _ in range(CLIENTS)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "rps": len(latencies) / wall,
        "errors": len(errors),
    }


def map_bytes(port: int, env: dict) -> dict:
    raw = Path(env["BUURTKOMPAS_DATA_DIR"]) / "geo" / "wijken_2024.geojson"
    gzip = {"Accept-Encoding": "gzip"}
    shapes = get(port, "/atlas/kaart/wijk/2024.json", gzip)[1]
    values = get(port, "/atlas/kaart/waarden.json?level=wijk", gzip)[1]
    sent = len(shapes) + len(values)
    return {"sent_bytes": sent, "raw_bytes": raw.stat().st_size, "ratio": sent / raw.stat().st_size}


def first_map_ms(port: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--enable-unsafe-swiftshader",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(3):
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/atlas/?level=wijk")
            page.wait_for_selector("#map[data-ready='true']", state="attached", timeout=30_000)
            times.append(page.evaluate("performance.now()"))
            page.close()
        browser.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bk-bench-") as tmp:
        env = environment(Path(tmp))
        env["STATIC_ROOT"] = str(Path(tmp) / "static")
        imported = measure_import(env)
        print(
            f"import all (national shared data): {imported['wall_s']:.1f} s wall, "
            f"peak {imported['peak_mb']} MB   (target < 30 s, < 1024 MB)"
        )
        port = free_port()
        server = start_server(env, port)
        try:
            report_latency(port)
            size = map_bytes(port, env)
            print(
                f"national wijk map: {size['sent_bytes']:,} bytes sent (gzip) vs raw GeoJSON "
                f"{size['raw_bytes']:,} bytes = {100 * size['ratio']:.1f}%   (target <= 25%)"
            )
            times = first_map_ms(port)
            print(
                f"first rendered map in headless Chromium: median {statistics.median(times):.0f}"
                f" ms over {len(times)} loads ({', '.join(f'{t:.0f}' for t in times)})"
                "   (target < 2000 ms)"
            )
        finally:
            server.terminate()
            server.wait(timeout=10)


def report_latency(port: int) -> None:
    results = {name: load(port, path) for name, path in PAGES.items()}
    bare = results["bare view (/healthz)"]
    print(
        f"\n{CLIENTS} concurrent clients x {REQUESTS_PER_CLIENT} requests, "
        f"gunicorn {WORKERS} workers x {THREADS} threads, SQLite, DEBUG=false"
    )
    print(
        f"{'endpoint':40} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p95/bare':>9} "
        f"{'rps/bare':>9} {'errors':>6}"
    )
    for name, r in results.items():
        print(
            f"{name:40} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['rps']:8.0f} "
            f"{r['p95_ms'] / bare['p95_ms']:9.2f} {r['rps'] / bare['rps']:9.2f} "
            f"{r['errors']:6d}"
        )
    print("targets: p95 < 100 ms; throughput at least half of the bare view (rps/bare >= 0.5)\n")


if __name__ == "__main__":
    main()
