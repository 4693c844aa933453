"""The public atlas as a new visitor meets it (issue 13), with Debian's `wrk` (`make bench`):
prints figures and ratios; it asserts nothing.

The national shared data are imported into a temporary SQLite database; gunicorn serves the
site with production settings (DEBUG=false, 2 workers, the file cache). For each page `wrk`
runs 10 s with 16 connections (2 threads) after one warm-up request, sending
`Accept-Encoding: gzip, br` as browsers do; printed are req/s, p50/p95/p99 and the ratio to the
bare view `/healthz` measured in the same run. Then a conditional request (`If-None-Match` with
the page's ETag, answered 304) on the HTML ranking page, with one connection (its latency).

Targets: ranking JSON and wijk profile >= 0.5 x the bare view, the HTML ranking page >= 0.3 x,
p95 < 50 ms for all three at 16 connections; the 304 in < 5 ms p95. Record in
docs/performance.md.
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wrk  # noqa: E402
from run import environment, free_port, get, measure_import, start_server  # noqa: E402

WORKERS_NOTE = "gunicorn 2 workers x 8 threads"
BROWSER = {"Accept-Encoding": "gzip, br"}
PAGES = {
    "ranking JSON (/api/index?level=wijk&per_page=50)": ("/api/index?level=wijk&per_page=50", 0.5),
    "wijk profile page (/regio/2024/WK059915/)": ("/regio/2024/WK059915/", 0.5),
    "HTML ranking page (/atlas/ranglijst/)": ("/atlas/ranglijst/", 0.3),
}


def etag_of(port: int, path: str) -> str:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=BROWSER)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.getheader("ETag") or ""


def main() -> None:
    if not wrk.available():
        print("public cache bench: SKIPPED, wrk is not installed (apt-get install wrk)")
        return
    with tempfile.TemporaryDirectory(prefix="bk-bench-cache-") as tmp:
        env = environment(Path(tmp))
        env["STATIC_ROOT"] = str(Path(tmp) / "static")
        env["CACHE_DIR"] = str(Path(tmp) / "cache")
        measure_import(env)
        port = free_port()
        server = start_server(env, port)
        try:
            base = f"http://127.0.0.1:{port}"
            bare = wrk.measure(base + "/healthz")
            print(
                f"\npublic pages, anonymous visitor; {WORKERS_NOTE}; SQLite; wrk "
                f"{wrk.THREADS} threads x {wrk.CONNECTIONS} connections x {wrk.SECONDS} s, "
                f"Accept-Encoding: gzip, br"
            )
            print(
                f"{'page':52} {'req/s':>7} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} "
                f"{'p99 ms':>7} {'non2xx':>6}"
            )
            print(
                f"{'bare view (/healthz)':52} {bare['req_per_s']:7.0f} {1:6.2f} "
                f"{bare['p50_ms']:7.2f} {bare['p95_ms']:7.2f} {bare['p99_ms']:7.2f} "
                f"{bare['non_2xx']:6d}"
            )
            for name, (path, target) in PAGES.items():
                assert get(port, path)[0] == 200, path  # warm: the first request computes it
                figures = wrk.measure(base + path, headers=BROWSER)
                ratio = figures["req_per_s"] / bare["req_per_s"]
                verdict = "ok" if ratio >= target and figures["p95_ms"] < 50 else "MISSED"
                print(
                    f"{name:52} {figures['req_per_s']:7.0f} {ratio:6.2f} "
                    f"{figures['p50_ms']:7.2f} {figures['p95_ms']:7.2f} "
                    f"{figures['p99_ms']:7.2f} {figures['non_2xx']:6d}  "
                    f"(target >= {target} x, p95 < 50 ms: {verdict})"
                )
            path = "/atlas/ranglijst/"
            tag = etag_of(port, path)
            conditional = wrk.measure(
                base + path, headers={**BROWSER, "If-None-Match": tag}, threads=1, connections=1
            )
            print(
                f"{'304 (If-None-Match, HTML ranking, 1 connection)':52} "
                f"{conditional['req_per_s']:7.0f} "
                f"{conditional['req_per_s'] / bare['req_per_s']:6.2f} "
                f"{conditional['p50_ms']:7.2f} {conditional['p95_ms']:7.2f} "
                f"{conditional['p99_ms']:7.2f}      -  (target p95 < 5 ms: "
                f"{'ok' if conditional['p95_ms'] < 5 else 'MISSED'})"
            )
            print("(non2xx of the 304 run are the 304 answers themselves)")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
