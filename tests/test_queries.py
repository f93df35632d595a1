"""Every canned query on the real Derna graph: the answers an analyst knows, on two engines."""

import pytest

import kg
from kg.errors import UsageError
from kg.queries import PAGE, catalog, get, paged
from kg.resolver import NotFoundError
from kg.store import Result

D = "https://w3id.org/faction-kg/derna/"

# one argument list per canned query, in the analysts' own spellings
ARGS = {
    "allies-of": ["DMSC"],
    "opponents-of": ["Derna Shura Council"],
    "who-opposes-whom": [],
    "commanders-of": ["Petroleum Facilities Guard"],
    "roles-of": ["Jathran"],
    "members-of": ["Shura Council of Derna Jihadists"],
    "backers-of": ["lna"],
    "operations-of": ["Libyan National Army"],
    "events-in": ["Darnah"],
    "events-involving": ["PFG"],
    "evidence": ["DMSC", "LNA"],
    "contested": [],
    "timeline": ["Ibrahim Jodhran"],
    "path": ["Jodhran", "Haftar"],
    "resolve": ["Daesh"],
}


@pytest.fixture(scope="session")
def graph(derna_build):
    return kg.open_graph(derna_build.out)


@pytest.fixture(scope="session")
def second_engine(derna_build):
    return kg.open_graph(derna_build.out, engine="rdflib")


def values(result, var):
    return [row[var].value for row in result.rows if var in row]


def test_every_canned_query_is_exercised_and_documented():
    queries = catalog()
    assert set(queries) == set(ARGS)
    for q in queries.values():
        assert q.title and q.description
        assert len(q.params) == len(ARGS[q.name])


def _canonical(result):
    """Rows as comparable sets; the order inside a GROUP_CONCAT is undefined in SPARQL."""
    rows = []
    for row in result.rows:
        rows.append(tuple(sorted((k, tuple(sorted(v.value.replace(" | ", "; ").split("; "))), v.kind, v.datatype) for k, v in row.items())))
    return sorted(rows)


@pytest.mark.parametrize("name", sorted(ARGS))
def test_same_rows_on_oxigraph_and_rdflib(graph, second_engine, name):
    ox = kg.ask(graph, name, *ARGS[name])
    rd = kg.ask(second_engine, name, *ARGS[name])
    assert ox.vars == rd.vars
    assert ox.rows, f"{name} answers nothing on the Derna graph"
    assert _canonical(ox) == _canonical(rd)


def test_allies_of_the_dmsc_include_the_gnc_and_not_the_lna(graph):
    result = kg.ask(graph, "allies-of", "Derna Mujahideen Shura Council")
    allies = values(result, "ally")
    assert D + "gnc" in allies and D + "lna" not in allies
    [gnc] = [r for r in result.rows if r["ally"].value == D + "gnc"]
    assert int(gnc["sources"].value) >= 2 and "000_75d5ba83bd8989da.txt" in gnc["evidence"].value


def test_an_inferred_alliance_says_so(graph):
    result = kg.ask(graph, "allies-of", "GNC")
    [row] = [r for r in result.rows if r["ally"].value == D + "dmsc"]
    assert row["status"].value == "inferred" and int(row["sources"].value) >= 2


@pytest.mark.parametrize("spelling", ["Ibrahim Jodhran", "Jathran", "jodhran", "IBRAHIM JATHRAN"])
def test_the_commander_of_the_pfg_is_jodhran_whichever_spelling(graph, spelling):
    assert D + "ibrahim-jodhran" in values(kg.ask(graph, "commanders-of", "PFG"), "person")
    assert D + "pfg" in values(kg.ask(graph, "roles-of", spelling), "organisation")


def test_spokespersons_are_marked(graph):
    result = kg.ask(graph, "commanders-of", "DMSC")
    roles = {r["person"].value: r["role"].value for r in result.rows}
    assert roles[D + "hafed-addabaa"] == "spokesperson"
    assert roles[D + "mohammed-dango"] == "commander"


def test_operation_volcano_is_part_of_operation_dignity(graph):
    result = kg.ask(graph, "operations-of", "Haftar")
    [volcano] = [r for r in result.rows if r["operation"].value == D + "operation-volcano"]
    assert "Operation Dignity" in volcano["partOf"].value


def test_both_sides_of_who_cleared_al_fatayeh_are_contested(graph):
    result = kg.ask(graph, "contested")
    fatayeh = [r for r in result.rows if r["dispute"].value == D + "dispute/who-cleared-fatayeh" and r["relation"].value == "conducts"]
    sides = {(r["subjectLabel"].value, r["stance"].value) for r in fatayeh}
    assert ("Derna Mujahideen Shura Council", "affirmed") in sides
    assert ("Libyan National Army", "affirmed") in sides
    claimants = {r["claimant"].value for r in fatayeh}
    assert {"Libya Observer", "Libya Herald"} & claimants or {"Mohammed Dango", "Abdulkarim Sabra"} <= claimants


def test_every_dispute_appears_with_two_sides(graph):
    result = kg.ask(graph, "contested")
    by_dispute = {}
    for r in result.rows:
        by_dispute.setdefault(r["dispute"].value, set()).add((r["relation"].value, r["object"].value, r["stance"].value, r["subjectLabel"].value))
    assert len(by_dispute) >= 5 and all(len(sides) >= 2 for sides in by_dispute.values())


def test_opponents_in_both_directions(graph):
    result = kg.ask(graph, "opponents-of", "DMSC")
    pairs = {(r["opponent"].value, r["direction"].value) for r in result.rows}
    assert (D + "lna", "opposes") in pairs and (D + "lna", "opposed by") in pairs


def test_backers_of_the_lna(graph):
    result = kg.ask(graph, "backers-of", "LNA")
    backers = {r["backer"].value: r["relation"].value for r in result.rows}
    assert backers[D + "egypt"] == "backs" and backers[D + "france"] == "backs"
    assert D + "hor" in backers


def test_members_of_the_dmsc(graph):
    assert D + "ansar-al-sharia" in values(kg.ask(graph, "members-of", "DMSC"), "member")


def test_events_in_derna_show_the_disputed_perpetrators_of_the_sunday_airstrike(graph):
    result = kg.ask(graph, "events-in", "Derna")
    [sunday] = [r for r in result.rows if r["event"].value == D + "sunday-airstrike"]
    assert "United Arab Emirates (disputed)" in sunday["carriedOutBy"].value
    assert "Unidentified warplanes (disputed)" in sunday["carriedOutBy"].value
    assert sunday["date"].value == "early Sunday"


def test_events_are_in_date_order_undated_last(graph):
    result = kg.ask(graph, "events-in", "Derna")
    dates = [r["earliest"].value if "earliest" in r else None for r in result.rows]
    known = [d for d in dates if d]
    assert known == sorted(known) and dates[: len(known)] == known


def test_evidence_between_two_actors(graph):
    result = kg.ask(graph, "evidence", "LNA", "DMSC")
    relations = set(values(result, "relation"))
    assert {"opposes", "cooperatesWith"} <= relations
    assert all(r["doc"].value.endswith(".txt") and r["quote"].value and r["grade"].value for r in result.rows)


def test_timeline_orders_by_date(graph):
    result = kg.ask(graph, "timeline", "Haftar")
    dates = [r["earliest"].value for r in result.rows if "earliest" in r]
    assert dates == sorted(dates) and len(result.rows) > 10


def test_path_finds_the_shortest_chain(graph):
    result = kg.ask(graph, "path", "PFG", "DMSC")
    lengths = {int(v) for v in values(result, "length")}
    assert lengths == {2}
    assert any("Islamic State" in c for c in values(result, "chain"))


def test_resolve_gives_every_name(graph):
    [row] = kg.ask(graph, "resolve", "isil").rows
    assert row["entity"].value == D + "islamic-state"
    assert {"Daesh", "IS", "ISIS", "ISIL"} <= set(row["names"].value.split("; "))


def test_unknown_and_wrong_kind_of_names(graph):
    with pytest.raises(NotFoundError, match="did you mean 'Derna Mujahideen Shura Council'"):
        kg.ask(graph, "allies-of", "Derna Mujahidin Shura")
    with pytest.raises(NotFoundError, match="not a person"):
        kg.ask(graph, "roles-of", "PFG")
    with pytest.raises(NotFoundError):
        kg.ask(graph, "allies-of", "")
    with pytest.raises(UsageError, match="takes ACTOR"):
        kg.ask(graph, "allies-of")
    with pytest.raises(UsageError, match="did you mean allies-of"):
        kg.ask(graph, "alies-of", "DMSC")


@pytest.mark.parametrize("hostile", ['DMSC" } ; DROP ALL ; #', "DMSC> } UNION { ?s ?p ?o", "x" * 5000, "?actor"])
def test_arguments_are_names_never_query_text(graph, hostile):
    with pytest.raises(NotFoundError, match="no entity is called"):
        kg.ask(graph, "allies-of", hostile)


@pytest.mark.parametrize("name", sorted(ARGS))
def test_every_derna_answer_fits_in_the_default_page(graph, name):
    """The command line and the server page answers by PAGE rows: the Derna answers come whole."""
    whole = kg.ask(graph, name, *ARGS[name])
    page = kg.ask(graph, name, *ARGS[name], limit=PAGE)
    assert not page.more and _canonical(page) == _canonical(whole) and len(whole.rows) < PAGE


@pytest.mark.parametrize("name", ["who-opposes-whom", "contested", "timeline"])
@pytest.mark.parametrize("size", [1, 7])
def test_pages_make_up_the_whole_answer_in_order(graph, name, size):
    whole = kg.ask(graph, name, *ARGS[name])
    rows, offset = [], 0
    while True:
        page = kg.ask(graph, name, *ARGS[name], limit=size, offset=offset)
        assert len(page.rows) == size or not page.more
        rows += page.rows
        offset += size
        if not page.more:
            break
    assert offset < len(whole.rows) + size + 1
    # a GROUP_CONCAT's order is undefined in SPARQL: compare each row as a set of values
    assert [_canonical(Result(whole.vars, [r])) for r in rows] == [_canonical(Result(whole.vars, [r])) for r in whole.rows]


def test_a_page_is_limited_inside_an_inner_paged_query(graph):
    """who-opposes-whom pages its first sub-select, so that the sources are looked up for that page only."""
    query = get("who-opposes-whom")
    assert query.inner_page and "LIMIT" not in query.text
    text = paged(query, 5, 10)
    assert "ORDER BY ?opponentLabel ?opposedLabel ?opponent ?opposed\nLIMIT 5 OFFSET 10\n}" in text and text.rstrip().endswith("?opponent ?opposed")
    with pytest.raises(UsageError, match="whole number"):
        paged(query, -1)
