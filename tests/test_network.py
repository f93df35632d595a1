"""The network read from the built graph, and its exports for Gephi (read back by networkx) and spreadsheets."""

import csv
import io

import networkx as nx
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import UsageError
from kg.network import network
from kg.network_formats import EDGE_FIELDS, NODE_FIELDS, to_csv, to_gexf, to_graphml


@pytest.fixture(scope="module")
def graph(derna_build):
    return kg.open_graph(derna_build.out)


@pytest.fixture(scope="module")
def everything(graph):
    return network(graph, scope="all")


def test_the_actor_network_has_actors_and_their_relations(graph):
    net = network(graph)
    assert {n.kind for n in net.nodes.values()} == {"Actor"}
    assert {"dmsc", "gnc", "lna", "khalifa-haftar", "islamic-state"} <= set(net.nodes)
    assert "reuters" not in net.nodes  # an outlet that is in no relation between actors
    relations = {(e.source, e.relation, e.target): e for e in net.edges}
    alliance = relations["dmsc", "alliedWith", "gnc"]
    assert alliance.standing == "asserted" and not alliance.directed and alliance.group == "alliance"
    assert all(s.quote and s.doc.endswith(".txt") and s.grade for s in alliance.sources)
    assert relations["pfg", "opposes", "islamic-state"].group == "opposition"
    assert any(e.relation == "commands" and e.source == "khalifa-haftar" for e in net.edges)


def test_contested_claims_are_edges_with_their_standing(graph):
    net = network(graph)
    standings = {e.standing for e in net.edges}
    assert {"asserted", "denied"} <= standings
    disputed = [e for e in net.edges if e.standing == "disputed"]
    assert disputed and all(e.dispute and e.contested for e in disputed)


def test_focus_keeps_the_actors_within_depth(graph):
    near = network(graph, "Derna Shura Council", depth=1)
    assert near.focus == "dmsc"
    assert set(near.nodes) == {"dmsc", *near.neighbours("dmsc")}
    assert "gnc" in near.nodes
    wider = network(graph, "DMSC", depth=2)
    assert set(near.nodes) < set(wider.nodes)
    assert set(network(graph, "DMSC", depth=0).nodes) == {"dmsc"}


def test_focus_on_an_unknown_or_non_actor_name_fails(graph):
    from kg.resolver import NotFoundError

    with pytest.raises(NotFoundError, match="did you mean"):
        network(graph, "Derna Shura Counsil")
    with pytest.raises(NotFoundError, match="a City"):
        network(graph, "Tripoli")
    with pytest.raises(UsageError):
        network(graph, "DMSC", depth=-1)


def test_graphml_reads_back_in_networkx(everything, tmp_path):
    path = tmp_path / "derna.graphml"
    path.write_bytes(to_graphml(everything))
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == len(everything.nodes) and g.number_of_edges() == len(everything.edges)
    assert g.nodes["dmsc"]["label"] == "Derna Mujahideen Shura Council" and g.nodes["dmsc"]["type"] == "Coalition"
    assert g.nodes["derna"]["kind"] == "Place"
    edge = g.edges["dmsc", "gnc", "dmsc.alliedWith.gnc"]
    assert edge["relation"] == "alliedWith" and edge["standing"] == "asserted" and edge["directed"] is False
    assert edge["documents"] >= 1 and '"' in edge["sources"]
    assert to_graphml(everything) == path.read_bytes()  # deterministic


def test_gexf_reads_back_in_networkx_with_colours(everything, tmp_path):
    path = tmp_path / "derna.gexf"
    path.write_bytes(to_gexf(everything))
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == len(everything.nodes) and g.number_of_edges() == len(everything.edges)
    assert g.nodes["islamic-state"]["label"] == "Islamic State"
    assert set(g.nodes["islamic-state"]["viz"]["color"]) >= {"r", "g", "b"}
    standings = {d["standing"] for _, _, d in g.edges(data=True)}
    assert {"asserted", "disputed", "denied"} <= standings


def test_csv_node_and_edge_lists_carry_the_sources(everything):
    files = to_csv(everything)
    assert set(files) == {"nodes.csv", "edges.csv"}
    nodes = list(csv.DictReader(io.StringIO(files["nodes.csv"].decode("utf-8-sig"))))
    edges = list(csv.DictReader(io.StringIO(files["edges.csv"].decode("utf-8-sig"))))
    assert tuple(nodes[0]) == NODE_FIELDS and tuple(edges[0]) == EDGE_FIELDS
    assert len(nodes) == len(everything.nodes) and len(edges) == len(everything.edges)
    row = next(e for e in edges if e["id"] == "dmsc.alliedWith.gnc")
    assert row["source_label"] == "Derna Mujahideen Shura Council" and row["target_label"] == "General National Congress"
    assert int(row["documents"]) >= 1 and row["sources"].count('"') >= 2
    assert files["edges.csv"].startswith("\ufeff".encode()) and b"\r\n" in files["edges.csv"]
    libya = next(n for n in nodes if n["id"] == "libya")
    assert libya["exact_match"] == "http://www.wikidata.org/entity/Q1016"


def test_export_command_writes_the_network_formats(derna_build, tmp_path):
    runner = CliRunner()
    args = ["--out", str(derna_build.out)]
    result = runner.invoke(cli, ["export", "--format", "csv", "-o", str(tmp_path / "csv"), *args])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["edges.csv", "nodes.csv"]
    result = runner.invoke(cli, ["export", "--format", "gexf", *args])
    assert result.exit_code == 0 and result.output.startswith("<?xml")
    assert nx.read_gexf(io.BytesIO(result.stdout_bytes)).number_of_nodes() > 100
    result = runner.invoke(cli, ["export", "--format", "csv", *args])
    assert result.exit_code == 2 and "-o DIR" in result.output
    result = runner.invoke(cli, ["export", "--format", "graphml", "--inferred", *args])
    assert result.exit_code == 2 and "network" in result.output


def test_identifiers_elsewhere_reach_every_network_format(mini, tmp_path):
    facts, corpus = mini
    path = facts / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("  - id: ", text.index("entities:"))
    line_end = text.index("\n", first)
    ident = text[first + len("  - id: "):line_end].strip()
    path.write_text(text[:line_end] + "\n    identifiers: {wikidata: Q1016, acled: Some Name, ucdp: 42}" + text[line_end:],
                    encoding="utf-8")
    net = network(kg.open_graph(kg.build(facts, out=tmp_path / "b", corpus=corpus).out), scope="all")
    node = next(n for n in csv.DictReader(io.StringIO(to_csv(net)["nodes.csv"].decode("utf-8-sig"))) if n["id"] == ident)
    assert (node["exact_match"], node["acled"], node["ucdp"]) == ("http://www.wikidata.org/entity/Q1016", "Some Name", "42")
    graphml = nx.read_graphml(io.BytesIO(to_graphml(net)))
    assert (graphml.nodes[ident]["acled"], graphml.nodes[ident]["ucdp"]) == ("Some Name", "42")
    others = [n for n in net.nodes.values() if n.id != ident]
    assert others and not any(n.acled or n.ucdp for n in others)
