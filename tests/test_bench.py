"""The synthetic data generator of the benchmark: seeded, in the facts format, and valid."""

import sys

import kg

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate, write  # noqa: E402


def test_the_same_seed_gives_the_same_facts():
    assert generate(3000, seed=7) == generate(3000, seed=7)
    assert generate(3000, seed=7) != generate(3000, seed=8)


def test_synthetic_facts_build_to_about_the_size_asked(tmp_path):
    write(generate(5000, seed=1), tmp_path / "facts")
    result = kg.build(tmp_path / "facts", out=tmp_path / "build")
    c = result.counts
    total = c["asserted triples"] + c["provenance triples"] + c["inferred triples"]
    assert 3000 < total < 8000
    assert c["claims"] > 100 and c["contested claims"] >= 1 and c["inferred triples"] > 0
    assert set(result.timings) == {"load", "validate", "reason", "write"}
    graph = kg.open_graph(tmp_path / "build")
    assert kg.ask(graph, "opponents-of", "org-1").vars
