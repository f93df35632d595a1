"""Faults during a build: killed at each stage, two at once, a full disk, a read-only folder.

Each runs the real ``kg build`` in a child process; the previous build must stay whole
and readable, and the next build must succeed.
"""

import ctypes
import hashlib
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

import kg
from kg.builds import current
from kg.store import open_graph

# Runs ``kg build`` with one function of the build wrapped so that it stops there (before
# or after the real function runs) and says so, for the test to kill the process at that point.
PAUSED = r"""
import importlib, sys, time
module, name, when = sys.argv[1:4]
mod = importlib.import_module(module)
real = getattr(mod, name)
def paused(*args, **kwargs):
    if when == "before":
        print("paused", flush=True); time.sleep(600)
    result = real(*args, **kwargs)
    print("paused", flush=True); time.sleep(600)
setattr(mod, name, paused)
from kg.cli import main
sys.argv = ["kg", "build", *sys.argv[4:]]
main()
"""

STAGES = {  # where to stop: (module, function, before or after it runs), in build order
    "load": ("kg.builder", "load", "after"),
    "validate": ("kg.validation", "validate", "after"),
    "reason": ("kg.reason", "reason", "after"),
    "write files": ("kg.builder", "_save", "after"),
    "write store": ("kg.builds", "publish", "before"),  # everything staged, nothing published
    "switch": ("kg.builds", "_replace_link", "after"),  # build/current just switched to the new build
}


def kg_build(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "kg", "build", *map(str, args)], capture_output=True, text=True, **kwargs)


def snapshot(folder):
    """Every file of a build folder with its bytes, but for staging folders (a killed build's leftovers)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(".staging-")}


def label_of_port_town(out):
    rows = open_graph(out).query(
        'SELECT ?l WHERE { GRAPH ?g { <https://example.org/mini/port-town> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }').rows
    return [r["l"].value for r in rows]


def consistent(out):
    """Whether every artifact of the current build is the one its manifest names (no mix of two builds)."""
    folder = current(out)
    manifest = json.loads((folder / "manifest.json").read_text())
    return all(hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest for name, digest in manifest["files"].items())


@pytest.fixture
def built(mini, tmp_path):
    """A good build of the mini facts, and the facts edited so that the next build differs: (facts, out)."""
    facts, corpus = mini
    out = tmp_path / "build"
    kg.build(facts, out=out, corpus=corpus)
    f = facts / "facts.yaml"
    f.write_text(f.read_text().replace("label: Port Town", "label: Port City"))
    return facts, out


def wait_for(proc, text, timeout=60):
    """Read a child's stdout (or stderr) until ``text`` appears."""
    seen, deadline = "", time.monotonic() + timeout
    while text not in seen:
        ready, _, _ = select.select([proc], [], [], max(0, deadline - time.monotonic()))
        chunk = os.read(proc.fileno(), 4096).decode() if ready else ""
        if not chunk:
            raise AssertionError(f"never saw {text!r}; got {seen!r}")
        seen += chunk
    return seen


@pytest.mark.parametrize("stage", STAGES)
def test_a_build_killed_at_any_stage_leaves_a_whole_readable_build(built, stage):
    facts, out = built
    before = snapshot(out)
    child = subprocess.Popen([sys.executable, "-c", PAUSED, *STAGES[stage], "--force", "--facts", facts, "--out", out],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(child.stdout, "paused")
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    if stage == "switch":  # killed after the one rename that publishes: the new build, whole
        assert label_of_port_town(out) == ["Port City"]
    else:
        assert snapshot(out) == before
        assert label_of_port_town(out) == ["Port Town"]
    assert consistent(out)
    again = kg_build("--facts", facts, "--out", out)
    assert again.returncode == 0, again.stderr
    assert label_of_port_town(out) == ["Port City"] and consistent(out)
    assert not list(out.glob(".staging-*")) and len(list((out / "builds").iterdir())) <= 2


def test_a_second_build_waits_for_the_first(built, mini):
    """While a build holds the lock, another of the same folder waits; it goes on when the first dies."""
    facts, out = built
    first = subprocess.Popen([sys.executable, "-c", PAUSED, *STAGES["reason"], "--force", "--facts", mini[0], "--out", out],
                             stdout=subprocess.PIPE)
    second = None
    try:
        wait_for(first.stdout, "paused")
        second = subprocess.Popen([sys.executable, "-m", "kg", "build", "--facts", facts, "--out", out],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_for(second.stderr, "waiting for another build")
        assert second.poll() is None and label_of_port_town(out) == ["Port Town"]
    finally:
        first.kill()
        first.wait()
    assert second.wait(60) == 0
    assert label_of_port_town(out) == ["Port City"] and consistent(out)


def test_two_builds_at_once_give_one_whole_build(built, mini, tmp_path):
    facts, out = built
    other = tmp_path / "other"
    shutil.copytree(facts, other)
    (other / "facts.yaml").write_text((other / "facts.yaml").read_text().replace("label: Port City", "label: Port Village"))
    for _ in range(3):
        both = [subprocess.Popen([sys.executable, "-m", "kg", "build", "--force", "--facts", f, "--out", out],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in (facts, other)]
        for proc in both:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        assert label_of_port_town(out) in (["Port City"], ["Port Village"]) and consistent(out)
    assert not list(out.glob(".staging-*"))


def _file_size_limit(limit):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("limit", [16_000, 60_000])  # 16 kB: graph.nq (36 kB) fails; 60 kB: the database's files fail
def test_a_full_disk_is_one_clear_line_and_nothing_half_written(built, limit):
    """A real limit on file size (RLIMIT_FSIZE) makes writes fail as on a full disk."""
    facts, out = built
    before = snapshot(out)
    result = kg_build("--force", "--facts", facts, "--out", out, preexec_fn=_file_size_limit(limit))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: cannot write the build to {out}/:") and "File too large" in line
    assert line.endswith("the last good build is kept") and "Traceback" not in result.stderr
    assert snapshot(out) == before and not list(out.glob(".staging-*"))
    assert label_of_port_town(out) == ["Port Town"]


def _without_override():
    """Stay root but lose the capabilities that let root write through permission bits (from the bounding set, so across exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, cap, 0, 0, 0):  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.parametrize("how", ["read-only mount", "no write permission"])
def test_a_read_only_build_folder_is_one_clear_line(built, how):
    facts, out = built
    before = snapshot(out)
    options = {}
    if how == "read-only mount":
        mounted = subprocess.run(["mount", "--bind", str(out), str(out)], capture_output=True, text=True)
        if mounted.returncode:
            pytest.skip(f"cannot mount here ({mounted.stderr.strip()}); the no-permission case still runs")
        subprocess.run(["mount", "-o", "remount,ro,bind", str(out)], check=True)
    else:
        out.chmod(0o555)
        if os.geteuid() == 0:
            options["preexec_fn"] = _without_override  # root writes through any mode bits otherwise
    try:
        result = kg_build("--facts", facts, "--out", out, **options)
    except subprocess.SubprocessError as e:
        pytest.skip(f"cannot drop root's override capabilities here ({e})")
    finally:
        if how == "read-only mount":
            subprocess.run(["umount", str(out)], check=True)
        out.chmod(0o755)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    reason = "Read-only file system" if how == "read-only mount" else "Permission denied"
    assert line.startswith(f"Error: cannot write the build to {out}/: {reason} ({out}/") and "Traceback" not in result.stderr
    assert line.endswith("; the last good build is kept")
    assert snapshot(out) == before and label_of_port_town(out) == ["Port Town"]
