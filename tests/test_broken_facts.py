"""A corpus of broken facts files, each built with the real ``kg build``: one readable error, exit 1, nothing lost.

Each file of ``fixtures/broken/`` is added to a copy of the good mini facts; its first
line says the error expected. The two files too big to keep are made here.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg

from .conftest import MINI
from .test_faults import snapshot

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"
CASES = sorted(BROKEN.glob("*.yaml"))
VALIDATION = "Error: the facts do not validate; the last good build is kept:"

# Runs a command and prints the peak memory of it (its only child) in kB.
MEASURED = """import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(r.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(r.returncode)
"""


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("good") / "build"
    kg.build(MINI / "facts", out=out, corpus=MINI / "corpus")
    return out


@pytest.fixture
def mini_built(tmp_path, good_build):
    """The good mini facts and a copy of their build, to break: (facts, out)."""
    shutil.copytree(MINI / "facts", tmp_path / "facts")
    shutil.copytree(good_build, tmp_path / "build", symlinks=True)
    return tmp_path / "facts", tmp_path / "build"


def kg_build(facts, out, measure=False):
    command = [sys.executable, "-m", "kg", "build", "--facts", str(facts), "--corpus", str(MINI / "corpus"), "--out", str(out)]
    return subprocess.run([sys.executable, "-c", MEASURED, *command] if measure else command,
                          capture_output=True, text=True, timeout=120)


def problems(stderr):
    """The problems reported, without the line that says validation failed."""
    lines = [line for line in stderr.splitlines() if line != VALIDATION]
    return [line.removeprefix("Error: ") for line in lines]


def expected(case):
    first = case.read_bytes().split(b"\n", 1)[0].decode("ascii")
    assert first.startswith("# error: "), case
    return first.removeprefix("# error: ")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_a_broken_file_gives_one_clear_error_and_keeps_the_build(mini_built, case):
    facts, out = mini_built
    before = snapshot(out)
    shutil.copy(case, facts / case.name)
    result = kg_build(facts, out)
    assert result.returncode == 1, result.stderr
    assert problems(result.stderr) == [expected(case)]
    assert re.fullmatch(rf"{re.escape(case.name)}:\d+: .+ \(.+\)", expected(case))  # the file, the line, the fix
    assert result.stdout == "" and snapshot(out) == before


def test_a_50_mb_file_is_refused_before_it_is_read(mini_built):
    facts, out = mini_built
    before = snapshot(out)
    entity = "  - id: sand-guard-{0}\n    type: ArmedGroup\n    label: Sand Guard {0}\n"
    with open(facts / "huge.yaml", "w") as f:
        f.write("entities:\n")
        n = 0
        while f.tell() < 50 * 1024 * 1024:
            f.write("".join(entity.format(i) for i in range(n, n + 1000)))
            n += 1000
    result = kg_build(facts, out, measure=True)
    assert result.returncode == 1, result.stderr
    assert problems(result.stderr) == ["huge.yaml: file is 50 MB, over the limit of 10 MB (split it into several files under 10 MB)"]
    peak_mb = int(result.stdout) / 1024
    assert peak_mb < 50, f"the build peaked at {peak_mb:.0f} MB: it read the file"
    assert snapshot(out) == before


def test_a_million_levels_of_nesting_is_one_error_not_a_crash(mini_built):
    """libyaml's composer recursed in C on such a file until the process died (SIGSEGV)."""
    facts, out = mini_built
    before = snapshot(out)
    depth = 1_000_000
    (facts / "deep.yaml").write_text("claims:\n  - note: " + "[" * depth + "]" * depth + "\n")
    result = kg_build(facts, out)
    assert result.returncode == 1, result.stderr
    assert problems(result.stderr) == ["deep.yaml:2: nested more than 50 levels deep (flatten the structure: facts nest a few levels)"]
    assert snapshot(out) == before
