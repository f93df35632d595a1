"""The kg command: its output, its errors as one readable line, and its exit codes."""

import pytest
from click.testing import CliRunner

from kg.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_build_prints_what_it_did_then_skips(mini, tmp_path):
    facts, corpus = mini
    first = run("build", "--facts", facts, "--corpus", corpus, "--out", tmp_path / "b")
    assert first.exit_code == 0, first.output
    assert "claims        6  (2 contested in 1 disputes, 1 denied" in first.output
    assert "inferred" in first.output and "alliedWith 1" in first.output
    again = run("build", "--facts", facts, "--corpus", corpus, "--out", tmp_path / "b")
    assert again.exit_code == 0 and "up to date" in again.output


def test_validate_clean_and_broken(mini):
    facts, corpus = mini
    ok = run("validate", "--facts", facts, "--corpus", corpus)
    assert ok.exit_code == 0 and "0 violations" in ok.output
    f = facts / "facts.yaml"
    f.write_text(f.read_text().replace("quote: The Hill Army opposes the Northern Front.", "quote: The Hill Army adores the Northern Front."))
    bad = run("validate", "--facts", facts, "--corpus", corpus)
    assert bad.exit_code == 1
    assert "facts.yaml:" in bad.output and "quote is not in report.txt" in bad.output


def test_facts_that_do_not_load_exit_1_without_traceback(mini, tmp_path):
    facts, corpus = mini
    f = facts / "facts.yaml"
    f.write_text(f.read_text().replace("type: Person", "type: Persn"))
    result = run("build", "--facts", facts, "--out", tmp_path / "b")
    assert result.exit_code == 1
    assert "unknown type 'Persn'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "b").exists()


def test_missing_facts_folder_is_a_usage_error(tmp_path):
    result = run("validate", "--facts", tmp_path / "nowhere")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_help_documents_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "validate"):
        assert command in result.output
        assert run(command, "--help").exit_code == 0


# --- the query commands, on the real Derna build -------------------------------------

import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402


def on_derna(derna_build, *args):
    return run(*args, "--out", derna_build.out) if args[0] != "query" else run(*args[:2], "--out", derna_build.out, *args[2:])


def test_query_list_and_help(derna_build):
    listing = run("query", "--list")
    assert listing.exit_code == 0 and "allies-of ACTOR" in listing.output and "contested" in listing.output
    helped = run("query", "allies-of", "--help")
    assert helped.exit_code == 0 and "ACTOR" in helped.output and "--format" in helped.output and "--sources" in helped.output


def test_query_json_is_sparql_results_json(derna_build):
    result = on_derna(derna_build, "query", "allies-of", "DMSC", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"head", "results"} and "ally" in data["head"]["vars"]
    allies = [b["ally"]["value"] for b in data["results"]["bindings"]]
    assert "https://w3id.org/faction-kg/derna/gnc" in allies
    for binding in data["results"]["bindings"]:
        for term in binding.values():
            assert term["type"] in ("uri", "literal", "bnode") and "value" in term
            assert set(term) <= {"type", "value", "xml:lang", "datatype"}


def test_query_csv_and_tsv_follow_the_w3c_formats(derna_build):
    raw = on_derna(derna_build, "query", "commanders-of", "PFG", "--format", "csv").stdout_bytes
    assert raw.startswith(b"actor,person,personLabel,role,") and raw.count(b"\r\n") == 2
    out = raw.decode()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["personLabel"] == "Ibrahim Jodhran" and rows[0]["person"].startswith("https://")
    tsv = on_derna(derna_build, "query", "commanders-of", "PFG", "--format", "tsv").output.splitlines()
    assert tsv[0].split("\t")[:2] == ["?actor", "?person"]
    cells = tsv[1].split("\t")
    assert cells[1] == "<https://w3id.org/faction-kg/derna/ibrahim-jodhran>" and cells[2] == '"Ibrahim Jodhran"@en'


def test_query_table_with_sources(derna_build):
    plain = on_derna(derna_build, "query", "allies-of", "dmsc", "--format", "table")
    assert plain.exit_code == 0 and "General National Congress" in plain.output and ".txt" not in plain.output
    sourced = on_derna(derna_build, "query", "allies-of", "dmsc", "--format", "table", "--sources")
    assert "000_75d5ba83bd8989da.txt" in sourced.output


def test_query_errors_are_one_line_with_exit_codes(derna_build):
    unknown = on_derna(derna_build, "query", "allies-of", "Derna Shura Counsil")
    assert unknown.exit_code == 1 and "did you mean" in unknown.output and "Traceback" not in unknown.output
    injected = on_derna(derna_build, "query", "allies-of", 'DMSC" } ; DROP ALL ; #')
    assert injected.exit_code == 1 and "no entity is called" in injected.output
    no_such = run("query", "alies-of", "DMSC")
    assert no_such.exit_code == 2 and "allies-of" in no_such.output
    missing = on_derna(derna_build, "query", "allies-of")
    assert missing.exit_code == 2


def test_query_pages_with_a_notice_on_stderr(derna_build):
    whole = on_derna(derna_build, "query", "who-opposes-whom", "--format", "csv", "--all")
    rows = whole.stdout.splitlines()
    assert whole.exit_code == 0 and len(rows) == 21 and not whole.stderr
    default = on_derna(derna_build, "query", "who-opposes-whom", "--format", "csv")
    assert default.stdout == whole.stdout and not default.stderr  # the Derna answers fit in the default page
    first = on_derna(derna_build, "query", "who-opposes-whom", "--format", "csv", "--limit", "5")
    assert first.stdout.splitlines() == rows[:6]
    assert first.stderr.strip() == ("who-opposes-whom: the first 5 rows; more follow: --offset 5 for the next page, "
                                    "--all for every row")
    last = on_derna(derna_build, "query", "who-opposes-whom", "--format", "csv", "--limit", "5", "--offset", "15")
    assert last.stdout.splitlines() == rows[:1] + rows[16:] and not last.stderr
    bad = on_derna(derna_build, "query", "who-opposes-whom", "--limit", "0")
    assert bad.exit_code == 2 and "--limit" in bad.output


HOSTILE = ["", "   ", "DMSC" * 25_000, 'DMSC" } ; DROP ALL ; #', "?x", "<https://w3id.org/faction-kg/derna/dmsc>",
           "dmsc'} UNION { ?s ?p ?o }", "DMSC\\u0022", "\u202edmsc", "x\ny"]


@pytest.mark.parametrize("args", [["query", "allies-of"], ["query", "path", "DMSC"], ["resolve"], ["show"]])
@pytest.mark.parametrize("name", HOSTILE, ids=["empty", "blank", "100k-long", "injection", "variable", "iri", "union", "escape", "bidi", "newline"])
def test_hostile_names_are_plain_names_that_name_nothing(derna_build, args, name):
    """Empty, very long, or SPARQL-looking arguments: bound as a plain literal, one short error, exit 1."""
    result = run(*args[:2], "--out", derna_build.out, *args[2:], name) if args[0] == "query" else run(args[0], name, "--out", derna_build.out)
    assert result.exit_code == 1, result.output
    [line] = result.output.splitlines()
    assert line.startswith("Error: ") and "Traceback" not in result.output and len(line) < 300
    assert ("an empty name names nothing" if not name.strip() else "no entity is called") in line
    if len(name) > 60:
        assert f"({len(name)} characters)" in line


def test_resolve_and_show(derna_build):
    resolved = run("resolve", "Hefter", "--out", derna_build.out, "--format", "json")
    assert resolved.exit_code == 0
    [row] = json.loads(resolved.output)["results"]["bindings"]
    assert row["entity"]["value"].endswith("/khalifa-haftar") and "Hiftar" in row["names"]["value"]
    shown = run("show", "DMSC", "--out", derna_build.out)
    assert shown.exit_code == 0
    for heading in ("Derna Mujahideen Shura Council (dmsc, Coalition)", "Allies", "Opponents", "Members", "Contested"):
        assert heading in shown.output


def test_sparql_select_ask_construct(derna_build):
    select = run("sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--out", derna_build.out, "--format", "csv")
    assert select.exit_code == 0 and int(select.output.split()[1]) > 8000
    ask = run("sparql", "ASK { GRAPH ?g { ?s a <https://w3id.org/faction-kg/ontology#Coalition> } }", "--out", derna_build.out)
    assert ask.output.strip() == "true"
    construct = run("sparql", "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5", "--out", derna_build.out)
    assert construct.exit_code == 0 and construct.output.count(" .") >= 1
    bad = run("sparql", "SELECT WHERE {", "--out", derna_build.out)
    assert bad.exit_code == 2 and "syntax" in bad.output.lower()


@pytest.mark.parametrize("fmt,parser", [("turtle", "TURTLE"), ("ntriples", "N_TRIPLES"), ("nquads", "N_QUADS"), ("trig", "TRIG"), ("jsonld", "JSON_LD")])
def test_export_is_deterministic_and_loads_elsewhere(derna_build, tmp_path, fmt, parser):
    import pyoxigraph

    a, b = tmp_path / "a", tmp_path / "b"
    for target in (a, b):
        result = run("export", "--format", fmt, "--asserted", "-o", target, "--out", derna_build.out)
        assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()
    parsed = list(pyoxigraph.parse(path=str(a), format=getattr(pyoxigraph.RdfFormat, parser)))
    assert len(parsed) > 5000
    inferred = run("export", "--format", "nquads", "--inferred", "--out", derna_build.out)
    assert all(line.endswith("/graph/inferred> .") for line in inferred.output.splitlines())


def test_a_query_rebuilds_a_stale_build_and_says_so(mini, tmp_path):
    facts, corpus = mini
    out = tmp_path / "b"
    first = run("query", "allies-of", "--facts", facts, "--out", out, "Northern Front", "--format", "csv")
    assert first.exit_code == 0 and "building the graph first" in first.output and "River Brigade" in first.output
    again = run("query", "allies-of", "--facts", facts, "--out", out, "Northern Front", "--format", "csv")
    assert "building" not in again.output


def test_version_is_the_installed_distribution():
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0 and result.output == f"kg, version {version('faction-kg')}\n"
