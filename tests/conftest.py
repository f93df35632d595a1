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
