"""Shared fixtures: the real Derna build, and a small made-up data set to break."""

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from rdflib import Dataset

import kg

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

# Property tests: a few dozen examples, the same ones every run (`--hypothesis-profile thorough` for more, at random).
settings.register_profile("default", max_examples=30, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


@pytest.fixture(scope="session")
def derna_build(tmp_path_factory):
    """The real Derna graph, built once for the session, with quotes checked against the corpus."""
    if not CORPUS.is_dir():
        pytest.fail(f"the Derna corpus is expected at {CORPUS}")
    out = tmp_path_factory.mktemp("derna-build")
    result = kg.build(ROOT / "facts" / "derna", out=out, corpus=CORPUS)
    return result


@pytest.fixture(scope="session")
def derna_graphs(derna_build):
    """The built data set, parsed back: named graphs asserted, provenance, inferred."""
    ds = Dataset()
    ds.parse(derna_build.out / "graph.nq", format="nquads")
    return ds


@pytest.fixture
def mini(tmp_path):
    """A copy of the made-up data set and its corpus, free to break: (facts dir, corpus dir)."""
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini" / "facts", tmp_path / "mini" / "corpus"


def start_server(*args):
    """Start `kg serve` on a free loopback port; (process, base URL). Its stderr is drained in the background."""
    import re
    import subprocess
    import sys
    import threading
    import time

    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", "--quiet", *map(str, args)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines, deadline = [], time.monotonic() + 120
    for line in process.stderr:
        lines.append(line)
        if m := re.search(r" at (http://127\.0\.0\.1:\d+/) ", line):
            threading.Thread(target=lambda: [lines.append(x) for x in process.stderr], daemon=True).start()
            return process, m.group(1)
        if time.monotonic() > deadline:
            break
    process.kill()
    pytest.fail("kg serve did not start:\n" + "".join(lines))


def stop_server(process):
    process.terminate()
    try:
        process.wait(10)
    except Exception:
        process.kill()


def _launcher():
    processes = []

    def start(*args):
        process, url = start_server(*args)
        processes.append(process)
        return url

    yield start
    for process in processes:
        stop_server(process)


@pytest.fixture
def launch():
    """Start more servers in a test: ``launch(*args)`` gives the base URL; all stop at the end of the test."""
    yield from _launcher()


@pytest.fixture(scope="module")
def launch_module():
    """As ``launch``, the servers stopping at the end of the module."""
    yield from _launcher()


@pytest.fixture(scope="session")
def derna_server(derna_build):
    """`kg serve` on the Derna build with small limits (3 s, 2 MB answers, 3 workers): its base URL."""
    process, url = start_server("--out", derna_build.out, "--timeout", 3, "--max-result", 2_000_000,
                                "--max-request", 100_000, "--workers", 3)
    yield url
    stop_server(process)
