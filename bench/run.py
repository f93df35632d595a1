"""Benchmark faction-kg: cold start, build stages, query latency and memory, with ratios.

    python bench/run.py                      # the small sizes (1k, 10k), as CI runs it
    python bench/run.py --sizes 1k,10k,100k,1m

Every figure is measured in this run and printed beside a baseline from the same run,
because these machines are noisy: the cold start of `kg` against `python -c "import
click"`, and faction-kg's build against the plain rdflib + pyshacl + owlrl pipeline at
the sizes where that finishes within the time limit (5 minutes).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
REFERENCE_LIMIT = 300


def peak_mb(args, timeout=None):
    """Run a Python child, measuring its peak memory with wait4; (seconds, MB, stdout) or None."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([sys.executable, *args], stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
        deadline = started + (timeout or 10**9)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                return None
            time.sleep(0.05)
        out.seek(0)
        if status != 0:
            raise SystemExit(f"child {' '.join(args)} failed with status {status}")
        return time.perf_counter() - started, usage.ru_maxrss / 1024, out.read()


def median_time(command, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def kg_command():
    script = shutil.which("kg", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "kg"]


def compile_kg():
    """Compile kg's bytecode, as pip did click's: with PYTHONDONTWRITEBYTECODE set, an editable install would recompile every run."""
    import compileall

    import kg

    compileall.compile_dir(Path(kg.__file__).parent, quiet=1)


def cold_start(repeat):
    """Fresh processes on the Derna build: kg --help and kg query allies-of DMSC, against import click."""
    compile_kg()
    kg = kg_command()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*kg, "build", "--out", tmp], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        baseline = median_time([sys.executable, "-c", "import click"], repeat)
        query = median_time([*kg, "query", "allies-of", "DMSC", "--out", tmp, "--format", "json"], repeat)
        helped = median_time([*kg, "--help"], repeat)
        built = median_time([*kg, "build", "--out", tmp], repeat)
    return [
        ("python -c 'import click' (baseline)", baseline, 1.0),
        ("kg query allies-of DMSC", query, query / baseline),
        ("kg --help", helped, helped / baseline),
        ("kg build, nothing changed", built, built / baseline),
    ]


CHILD_BUILD = """
import json, sys, kg
r = kg.build(sys.argv[1], out=sys.argv[2], force=True)
print(json.dumps({"timings": r.timings, "seconds": r.seconds, "triples": r.counts["asserted triples"] + r.counts["provenance triples"] + r.counts["inferred triples"]}))
"""

CHILD_REFERENCE = """
import json, sys, time
from rdflib import Dataset
from kg.loader import graph, load
from kg.ontology import Ontology
from kg.reason import reason
from kg.validation import validate
t = {}
clock = time.perf_counter()
ontology = Ontology()
g = load(sys.argv[1], ontology)
asserted, provenance = graph(g.asserted), graph(g.provenance)
t["load"] = time.perf_counter() - clock; clock = time.perf_counter()
validate(g, ontology, engine="pyshacl")
t["validate"] = time.perf_counter() - clock; clock = time.perf_counter()
inferred = graph(reason(g.asserted, ontology, g.namespace, engine="owlrl"))
t["reason"] = time.perf_counter() - clock; clock = time.perf_counter()
ds = Dataset()
for name, part in (("asserted", asserted), ("provenance", provenance), ("inferred", inferred)):
    target = ds.graph(g.graph_iri(name))
    for triple in part:
        target.add(triple)
ds.serialize(sys.argv[2], format="nquads")
t["write"] = time.perf_counter() - clock
print(json.dumps({"timings": t, "seconds": sum(t.values())}))
"""

CHILD_QUERY = """
import json, statistics, sys, time, kg
graph = kg.open_graph(sys.argv[1])
limit, name, args = int(sys.argv[2]) or None, sys.argv[3], sys.argv[4:]
started = time.perf_counter(); rows = len(kg.ask(graph, name, *args, limit=limit).rows); cold = time.perf_counter() - started
warm = []
while len(warm) < 5 and sum(warm) < 5:
    started = time.perf_counter(); kg.ask(graph, name, *args, limit=limit); warm.append(time.perf_counter() - started)
print(json.dumps({"cold": cold, "warm": statistics.median(warm), "rows": rows}))
"""
QUERY_ARGS = {"allies-of": ["org-1"], "opponents-of": ["org-1"], "who-opposes-whom": [], "commanders-of": ["org-1"],
              "roles-of": ["person-1"], "members-of": ["org-1"], "backers-of": ["org-1"], "operations-of": ["org-1"],
              "events-in": ["place-1"], "events-involving": ["org-1"], "evidence": ["org-1", "org-2"], "contested": [],
              "timeline": ["org-1"], "path": ["org-1", "person-1"], "resolve": ["org-1"]}
CHILD_BUSIEST = """
import json, sys, kg
graph = kg.open_graph(sys.argv[1])
busiest = {}
for kind, pattern in (("Actor", "?c rdf:subject|rdf:object ?e"), ("Person", "?c rdf:subject|rdf:object ?e"), ("Place", "?x fkg:place ?e")):
    rows = graph.query(
        "PREFIX fkg: <https://w3id.org/faction-kg/ontology#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "SELECT ?e (COUNT(*) AS ?n) WHERE { GRAPH ?g { " + pattern + " } GRAPH ?k { ?e a fkg:" + kind + " } } "
        "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 2").rows
    busiest[kind] = [r["e"].value.rsplit("/", 1)[-1] for r in rows]
print(json.dumps(busiest))
"""
LISTINGS = ("who-opposes-whom", "contested")  # whole-graph answers: their first page and every row, measured apart
QUERY_LIMIT = 60


def busiest_args(busiest):
    """Each parameterised query's arguments naming the entities with the most claims (or events), its worst case."""
    actors, person, place = busiest["Actor"], busiest["Person"][:1], busiest["Place"][:1]
    kinds = {"roles-of": person, "events-in": place, "evidence": actors, "path": actors, "who-opposes-whom": [], "contested": []}
    return {name: kinds.get(name, actors[:1]) for name in QUERY_ARGS}


def query_runs(busiest=None):
    """(label, name, limit, args): each canned query whole with the benchmark's arguments and with the busiest
    entities, and the listings' first page (as kg query answers) and every row apart."""
    from kg.queries import PAGE

    for name, args in QUERY_ARGS.items():
        if name in LISTINGS:
            yield f"{name}, first {PAGE} rows", name, PAGE, args
            yield f"{name}, every row", name, 0, args
        else:
            yield name, name, 0, args
    for name, args in (busiest_args(busiest) if busiest else {}).items():
        if name not in LISTINGS:
            yield f"{name}, busiest", name, 0, args


def query_latencies(build):
    """First call and warm median of each canned query, each in a process of its own with a time limit."""
    busiest = json.loads(peak_mb(["-c", CHILD_BUSIEST, str(build)])[2])
    out = {}
    for label, name, limit, args in query_runs(busiest):
        done = peak_mb(["-c", CHILD_QUERY, str(build), str(limit), name, *args], timeout=QUERY_LIMIT)
        out[label] = json.loads(done[2]) if done else None
    return out


def facts_for(size, folder):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate, write

    write(generate(SIZES[size], seed=1), folder)


def bench_size(size, tmp, reference):
    facts, out, ref_out = tmp / f"facts-{size}", tmp / f"build-{size}", tmp / f"ref-{size}.nq"
    facts_for(size, facts)
    seconds, mb, text = peak_mb(["-c", CHILD_BUILD, str(facts), str(out)])
    ours = json.loads(text)
    row = {"size": size, "triples": ours["triples"], "ours": ours, "ours_mb": mb}
    row["queries"] = query_latencies(out)
    if reference:
        done = peak_mb(["-c", CHILD_REFERENCE, str(facts), str(ref_out)], timeout=REFERENCE_LIMIT)
        row["reference"] = json.loads(done[2]) if done else None
        row["reference_mb"] = done[1] if done else None
    return row


def table(rows, heads):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(heads)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(heads, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k", help="comma-separated: 1k, 10k, 100k, 1m")
    parser.add_argument("--repeat", type=int, default=7, help="runs per cold-start figure (the median is shown)")
    parser.add_argument("--no-reference", action="store_true", help="skip the rdflib + pyshacl + owlrl pipeline")
    args = parser.parse_args()
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        raise SystemExit(f"unknown size {unknown[0]!r}; use {', '.join(SIZES)}")

    import platform

    print(f"faction-kg benchmark on {platform.node() or 'this machine'}: {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print("Cold start (fresh processes, median of", args.repeat, "runs)")
    print(table([(n, f"{t * 1000:.0f} ms", f"{r:.2f}x") for n, t, r in cold_start(args.repeat)], ["command", "time", "vs import click"]))

    rows = []
    reference = not args.no_reference
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            rows.append(bench_size(size, Path(tmp), reference))
            rows[-1]["skipped"] = "not run" if args.no_reference else "not run: over 5 min expected"
            ref = rows[-1].get("reference")
            if reference and (ref is None or ref["seconds"] * 10 > REFERENCE_LIMIT):
                reference = False  # the next size is ten times larger: it would not finish in time

    print("\nBuild (load, validate, reason, write; seconds) and peak memory")
    out = []
    for r in rows:
        t = r["ours"]["timings"]
        ref = r.get("reference")
        ratio = f"{ref['seconds'] / r['ours']['seconds']:.1f}x" if ref else ("over 5 min" if "reference" in r else r["skipped"])
        out.append((r["size"], r["triples"], *(f"{t[k]:.2f}" for k in ("load", "validate", "reason", "write")),
                    f"{r['ours']['seconds']:.2f}", f"{r['ours_mb']:.0f} MB",
                    f"{ref['seconds']:.2f}" if ref else "-", f"{r['reference_mb']:.0f} MB" if ref else "-", ratio))
    print(table(out, ["size", "triples", "load", "validate", "reason", "write", "total", "peak", "rdflib+pyshacl+owlrl", "its peak", "speed-up"]))

    print(f"\nCanned queries on the synthetic graphs (milliseconds: first call / warm median, and rows; limit {QUERY_LIMIT} s)")

    def cell(q):
        return f"{q['cold'] * 1000:.1f} / {q['warm'] * 1000:.1f} ({q['rows']})" if q else f"over {QUERY_LIMIT} s"

    labels = list(dict.fromkeys(label for r in rows for label in r["queries"]))
    out = [(label, *(cell(r["queries"].get(label)) for r in rows)) for label in labels]
    print(table(out, ["query", *(r["size"] for r in rows)]))


if __name__ == "__main__":
    main()
