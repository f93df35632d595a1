"""Load test of `kg serve` on loopback: many clients asking canned queries, then the same with slow queries mixed in.

    python bench/load.py [--build DIR] [--clients 32] [--slow 2] [--seconds 20]

Starts the server on a free port, runs two phases of equal length and prints, for each:
requests per second, p50 and p99 latency of the canned queries, errors, and the peak
memory of the server and its workers. The mixed phase's latency is also given as a ratio
of the first phase's, measured in the same run. Exits 1 if any request failed: a canned
query must answer 200, a slow query 422 (stopped at the time limit) or 503 (shed).
"""

import argparse
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
FAST = [("allies-of", {"actor": "DMSC"}), ("opponents-of", {"actor": "LNA"}), ("commanders-of", {"actor": "PFG"}),
        ("backers-of", {"actor": "Haftar"}), ("evidence", {"actor": "DMSC", "other": "LNA"}), ("contested", {})]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def start(build, timeout, workers):
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", "--quiet", "--out", str(build),
                                "--timeout", str(timeout), "--workers", str(workers)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    for line in process.stderr:
        if m := re.search(r" at (http://127\.0\.0\.1:\d+/) ", line):
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return process, m.group(1)
    raise SystemExit("kg serve did not start")


def rss_mb(pid):
    """Resident memory of a process and all its descendants, in MB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{p}/status").read_text()).group(1))
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total / 1024


def phase(url, pid, clients, slow, seconds):
    """Run one phase; its figures."""
    stop = time.monotonic() + seconds
    latencies, errors, slow_answers, peak = [], [], [], [0.0]

    def fast_client(i):
        with httpx.Client(base_url=url, timeout=60) as c:
            k = i
            while time.monotonic() < stop:
                name, params = FAST[k % len(FAST)]
                k += 1
                t = time.perf_counter()
                r = c.get(f"/query/{name}", params=params)
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors.append(f"{name}: {r.status_code} {r.text[:100]}")

    def slow_client():
        with httpx.Client(base_url=url, timeout=120) as c:
            while time.monotonic() < stop:
                r = c.post("/sparql", data={"query": SLOW})
                slow_answers.append(r.status_code)
                if r.status_code not in (422, 503):
                    errors.append(f"slow query: {r.status_code} {r.text[:100]}")

    def watch():
        while time.monotonic() < stop:
            peak[0] = max(peak[0], rss_mb(pid))
            time.sleep(0.2)

    threads = [threading.Thread(target=fast_client, args=(i,)) for i in range(clients)]
    threads += [threading.Thread(target=slow_client) for _ in range(slow)] + [threading.Thread(target=watch)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p99": q[98] * 1000,
            "errors": errors, "slow": slow_answers, "peak_mb": peak[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="build folder to serve (built if stale)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients asking canned queries")
    parser.add_argument("--slow", type=int, default=2, help="concurrent clients sending a runaway query")
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    parser.add_argument("--timeout", type=float, default=2, help="the server's time limit per query")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    process, url = start(args.build, args.timeout, args.workers)
    try:
        base = phase(url, process.pid, args.clients, 0, args.seconds)
        mixed = phase(url, process.pid, args.clients, args.slow, args.seconds)
    finally:
        process.terminate()
        process.wait()
    print(f"kg serve on loopback: {args.clients} canned-query clients, {args.workers} workers, "
          f"time limit {args.timeout:g} s, {args.seconds:g} s per phase")
    print(f"{'phase':<28}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'peak MB':>9}")
    for name, f in (("canned only", base), (f"canned + {args.slow} runaway", mixed)):
        print(f"{name:<28}{f['requests']:>9}{f['rps']:>8.0f}{f['p50']:>9.1f}{f['p99']:>9.1f}{len(f['errors']):>8}{f['peak_mb']:>9.0f}")
    if base["p50"]:
        print(f"with runaway queries: p50 x{mixed['p50'] / base['p50']:.2f}, p99 x{mixed['p99'] / base['p99']:.2f}, "
              f"req/s x{mixed['rps'] / base['rps']:.2f}; runaway answers: "
              + ", ".join(f"{s}: {mixed['slow'].count(s)}" for s in sorted(set(mixed["slow"]))))
    failures = base["errors"] + mixed["errors"]
    for e in failures[:10]:
        print("error:", e)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
