"""`kg serve` for real: a server on a loopback port, talked to over HTTP with httpx."""

import csv
import io
import json
import os
import socket
import threading
import time
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest

import kg
from kg import formats

NS = "https://w3id.org/faction-kg/derna/"
DMSC = NS + "dmsc"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RESULTS_JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def http(derna_server):
    with httpx.Client(base_url=derna_server, timeout=30) as client:
        yield client


def sparql(http, query, accept=RESULTS_JSON, **params):
    return http.post("/sparql", data={"query": query, **params}, headers={"Accept": accept})


def test_canned_query_over_http_gives_the_same_rows_as_the_library(http, derna_build):
    response = http.get("/query/allies-of", params={"actor": "DMSC"}, headers={"Accept": RESULTS_JSON})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(RESULTS_JSON)
    local = kg.ask(kg.open_graph(derna_build.out), "allies-of", "DMSC")
    assert response.json() == json.loads(formats.to_json(local))
    assert "General National Congress" in {b["allyLabel"]["value"] for b in response.json()["results"]["bindings"]}


def test_canned_query_resolves_any_name_and_answers_every_results_format(http):
    for fmt, parse in (("csv", lambda t: list(csv.DictReader(io.StringIO(t)))),
                       ("tsv", lambda t: t.splitlines()),
                       ("xml", lambda t: ET.fromstring(t.encode()))):
        response = http.get("/query/commanders-of", params={"actor": "Petroleum Facilities Guard", "format": fmt})
        assert response.status_code == 200, response.text
        assert "Jodhran" in response.text
        parse(response.text)


def test_canned_query_errors_name_the_bad_value(http):
    unknown = http.get("/query/allies-of", params={"actor": "DMSX"})
    assert unknown.status_code == 404 and "'DMSX'" in unknown.text and "did you mean" in unknown.text
    assert http.get("/query/allies-of").status_code == 400
    assert http.get("/query/allies-of", params={"actor": "  "}).status_code == 400
    extra = http.get("/query/allies-of", params={"actor": "DMSC", "ally": "GNC"})
    assert extra.status_code == 400 and "'ally'" in extra.text
    assert http.get("/query/no-such-query").status_code == 404
    hostile = http.get("/query/allies-of", params={"actor": 'DMSC" } ; DROP ALL ; #'})
    assert hostile.status_code == 404 and "no entity is called" in hostile.text
    assert http.get("/query/allies-of", params={"actor": "DMSC", "format": "pdf"}).status_code == 406


def test_canned_answers_come_in_pages_with_a_link_to_the_next(http):
    def rows(response):
        return [(b["opponent"]["value"], b["opposed"]["value"]) for b in response.json()["results"]["bindings"]]

    whole = http.get("/query/who-opposes-whom", headers={"Accept": RESULTS_JSON})
    assert whole.status_code == 200 and len(rows(whole)) == 20 and "link" not in whole.headers
    everything = http.get("/query/who-opposes-whom", params={"limit": "all"}, headers={"Accept": RESULTS_JSON})
    assert rows(everything) == rows(whole)
    page = http.get("/query/who-opposes-whom", params={"limit": 8}, headers={"Accept": RESULTS_JSON})
    seen = rows(page)
    while "link" in page.headers:
        link = page.headers["link"]
        assert link.endswith('>; rel="next"') and "limit=8" in link
        page = http.get(link[1:link.index(">")], headers={"Accept": RESULTS_JSON})
        seen += rows(page)
    assert seen == rows(whole)
    for bad in ({"limit": "0"}, {"limit": "ten"}, {"offset": "-1"}):
        response = http.get("/query/who-opposes-whom", params=bad)
        assert response.status_code == 400 and "limit is a number of rows" in response.text


def test_query_catalog_and_query_text(http):
    listing = http.get("/query").json()
    assert {"allies-of", "contested", "path"} <= {q["name"] for q in listing}
    assert http.get("/query/allies-of.rq").text.startswith("# title: Allies of an actor")


def test_get_form_post_and_direct_post_give_the_same_answer(http):
    query = f"SELECT ?label WHERE {{ <{DMSC}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}"
    get = http.get("/sparql", params={"query": query}, headers={"Accept": RESULTS_JSON})
    form = sparql(http, query)
    direct = http.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": RESULTS_JSON})
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.json() == form.json() == direct.json()
    assert get.json()["results"]["bindings"][0]["label"]["value"] == "Derna Mujahideen Shura Council"


@pytest.mark.parametrize("accept, check", [
    (RESULTS_JSON, lambda r: json.loads(r.text)["head"]["vars"] == ["n"]),
    ("application/sparql-results+xml", lambda r: ET.fromstring(r.content).tag.endswith("sparql")),
    ("text/csv", lambda r: r.text.startswith("n\r\n")),
    ("text/tab-separated-values", lambda r: r.text.startswith("?n\n")),
])
def test_select_in_each_results_format(http, accept, check):
    response = sparql(http, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/faction-kg/ontology#Coalition> }", accept)
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert check(response)


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_and_describe_in_each_rdf_format(http, accept, fmt):
    construct = sparql(http, "CONSTRUCT WHERE { ?s a <https://w3id.org/faction-kg/ontology#Coalition> }", accept)
    assert construct.status_code == 200 and construct.headers["content-type"].startswith(accept)
    subjects = {t.subject.value for t in ox.parse(construct.content, format=fmt)}
    assert DMSC in subjects
    describe = sparql(http, f"DESCRIBE <{DMSC}>", accept)
    assert describe.status_code == 200 and len(list(ox.parse(describe.content, format=fmt))) > 5


def test_ask_and_content_negotiation(http):
    assert sparql(http, "ASK { }").json() == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in sparql(http, "ASK { }", "application/sparql-results+xml").text
    refused = sparql(http, "ASK { }", "text/csv")
    assert refused.status_code == 406 and "application/sparql-results+json" in refused.text
    assert sparql(http, "SELECT * { ?s ?p ?o } LIMIT 1", "text/csv;q=0.5, application/sparql-results+xml").headers[
        "content-type"].startswith("application/sparql-results+xml")
    assert sparql(http, "SELECT * { ?s ?p ?o } LIMIT 1", format="csv").headers["content-type"].startswith("text/csv")


def test_dataset_selection_reads_only_graphs_of_the_store(http, derna_build):
    asserted = NS + "graph/asserted"
    inferred = NS + "graph/inferred"
    ask = f"ASK {{ ?gnc <https://w3id.org/faction-kg/ontology#alliedWith> <{DMSC}> }}"
    assert sparql(http, ask).json()["boolean"] is True  # the union of the graphs by default
    assert sparql(http, ask, **{"default-graph-uri": inferred}).json()["boolean"] is True
    assert sparql(http, ask, **{"default-graph-uri": asserted}).json()["boolean"] is False
    assert sparql(http, ask.replace("ASK", f"ASK FROM <{inferred}>")).json()["boolean"] is True


class Listener:
    """A loopback socket that counts the connections made to it: the server must make none."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.url = "http://127.0.0.1:%d/" % self.socket.getsockname()[1]
        self.connections = 0

    def count(self):
        try:
            while True:
                self.socket.accept()[0].close()
                self.connections += 1
        except (socket.timeout, OSError):
            return self.connections


@pytest.mark.parametrize("make", [
    lambda url: {"query": f"SELECT * {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}"},
    lambda url: {"query": f"SELECT * FROM <{url}data.ttl> {{ ?s ?p ?o }}"},
    lambda url: {"query": f"SELECT * FROM NAMED <{url}data.ttl> {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
    lambda url: {"query": "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"},
    lambda url: {"query": "ASK { }", "default-graph-uri": "file:///etc/passwd"},
    lambda url: {"query": f"LOAD <{url}data.ttl>"},
    lambda url: {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
    lambda url: {"query": "DROP ALL"},
    lambda url: {"update": "DROP ALL"},
    lambda url: {"update": f"LOAD <{url}data.ttl>"},
], ids=["service", "from", "from-named", "from-file", "default-graph-file", "load", "insert", "drop", "update", "update-load"])
def test_refused_requests_are_403_and_reach_nothing(http, make):
    listener = Listener()
    response = http.post("/sparql", data=make(listener.url))
    assert response.status_code == 403, response.text
    assert response.text.startswith("Error: ") and ("refused" in response.text)
    assert listener.count() == 0


class Sentinel:
    """A file whose access time tells whether anything read it (relatime updates it on a read after its mtime)."""

    def __init__(self, folder):
        self.path = folder / "secret.ttl"
        self.path.write_text("<urn:secret> <urn:is> <urn:leaked> .\n")
        self.reset()

    def reset(self):
        mtime = self.path.stat().st_mtime
        os.utime(self.path, (mtime - 100, mtime))
        self.atime = self.path.stat().st_atime

    def read(self):
        return self.path.stat().st_atime != self.atime


@pytest.mark.parametrize("make", [
    lambda uri: {"query": f"SELECT * FROM <{uri}> {{ ?s ?p ?o }}"},
    lambda uri: {"query": f"SELECT * FROM NAMED <{uri}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
    lambda uri: {"query": "ASK { ?s ?p ?o }", "default-graph-uri": uri},
    lambda uri: {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": uri},
    lambda uri: {"query": f"SELECT * {{ SERVICE <{uri}> {{ ?s ?p ?o }} }}"},
    lambda uri: {"query": f"LOAD <{uri}>"},
    lambda uri: {"update": f"LOAD <{uri}>"},
], ids=["from", "from-named", "default-graph-uri", "named-graph-uri", "service", "load", "update-load"])
def test_no_request_reads_a_file_outside_the_graph(http, tmp_path, make):
    sentinel = Sentinel(tmp_path)
    sentinel.path.read_text()
    if not sentinel.read():
        pytest.skip("this file system does not record reads (noatime)")
    sentinel.reset()
    response = http.post("/sparql", data=make(sentinel.path.as_uri()))
    assert response.status_code == 403, response.text
    assert "leaked" not in response.text and not sentinel.read()


def test_a_dataset_graph_that_is_not_in_the_store_is_empty_and_never_fetched(http):
    listener = Listener()
    response = sparql(http, "ASK { ?s ?p ?o }", **{"default-graph-uri": listener.url + "data.ttl"})
    assert response.status_code == 200 and response.json()["boolean"] is False
    assert listener.count() == 0


def test_a_strange_host_header_is_not_a_server_error(derna_server):
    response = httpx.post(derna_server + "sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                          headers={"Host": "bad host<>"})
    assert response.status_code in (200, 400), response.text


def test_sparql_update_by_direct_post_is_refused(http):
    response = http.post("/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403 and "read-only" in response.text
    assert sparql(http, "ASK { ?s ?p ?o }").json()["boolean"] is True


@pytest.mark.parametrize("request_, status, words", [
    (lambda h: h.put("/sparql", params={"query": "ASK {}"}), 405, "use GET or POST"),
    (lambda h: h.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]), 400, "once"),
    (lambda h: h.post("/sparql", content=b"query=ASK%20%7B%7D", headers={"Content-Type": "text/plain"}), 415, "text/plain"),
    (lambda h: h.post("/sparql", content=b"query=ASK%20%7B%7D"), 415, "missing"),
    (lambda h: h.post("/sparql", content="ASK {}".encode("utf-16"),
                      headers={"Content-Type": "application/sparql-query; charset=UTF-16"}), 415, "UTF-8"),
    (lambda h: h.post("/sparql", content=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}), 400, "UTF-8"),
    (lambda h: h.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p }"}), 400, "syntax"),
    (lambda h: h.post("/sparql", data={"query": "SELECT * WHERE " + "{" * 500 + "}" * 500}), 400, "nested"),
    (lambda h: h.post("/sparql", data={"query": "ASK {} #" + "x" * 200_000}), 413, "limit"),
    (lambda h: h.post("/sparql", data={"format": "json"}), 400, "no query"),
    (lambda h: h.get("/nowhere"), 404, "no such resource"),
    (lambda h: h.post("/query/allies-of", data={"actor": "DMSC"}), 405, "GET"),
], ids=["put", "two-queries", "wrong-type", "no-type", "utf-16", "not-utf8", "syntax", "nested", "too-big", "empty", "404", "post-canned"])
def test_bad_requests_get_a_clear_4xx(http, request_, status, words):
    response = request_(http)
    assert response.status_code == status, response.text
    assert words in response.text


def test_a_runaway_query_is_stopped_at_the_time_limit_with_422(http):
    started = time.monotonic()
    response = sparql(http, SLOW)
    assert response.status_code == 422 and "time limit of 3 s" in response.text
    assert time.monotonic() - started < 30
    assert sparql(http, "ASK { }").json()["boolean"] is True  # its worker was replaced


def test_an_oversized_answer_is_an_error_not_a_truncated_body(http):
    response = sparql(http, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "text/csv")
    assert response.status_code == 422 and "larger than the limit" in response.text


def test_slow_queries_do_not_stall_canned_queries(http, derna_server):
    slow = []

    def run_slow():
        with httpx.Client(base_url=derna_server, timeout=60) as client:
            slow.append(client.post("/sparql", data={"query": SLOW}).status_code)

    threads = [threading.Thread(target=run_slow) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    answered = [http.get("/query/allies-of", params={"actor": "DMSC"}).status_code for _ in range(10)]
    still_running = any(t.is_alive() for t in threads)
    for t in threads:
        t.join()
    assert answered == [200] * 10
    assert still_running, "the canned queries should have been answered while the slow ones ran"
    assert sorted(slow)[0] == 422 and set(slow) <= {422, 503}


def test_many_concurrent_clients_are_served(derna_server):
    statuses = []

    def client(i):
        with httpx.Client(base_url=derna_server, timeout=60) as c:
            for name, actor in (("allies-of", "DMSC"), ("opponents-of", "LNA"), ("backers-of", "LNA")):
                statuses.append(c.get(f"/query/{name}", params={"actor": actor}).status_code)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 120


def test_service_description_names_the_graphs(http, derna_build):
    response = http.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    names = {t.object.value for t in ox.parse(response.content, format=ox.RdfFormat.TURTLE)
             if t.predicate.value.endswith("#name")}
    assert names == {NS + f"graph/{g}" for g in ("asserted", "provenance", "inferred")}
    browser = http.get("/sparql", headers={"Accept": "text/html"})
    assert browser.status_code == 303 and browser.headers["location"] == "/"


def test_openapi_describes_every_canned_query(http):
    api = http.get("/openapi.json").json()
    assert api["openapi"].startswith("3.")
    listing = http.get("/query").json()
    for q in listing:
        operation = api["paths"][f"/query/{q['name']}"]["get"]
        assert [p["name"] for p in operation["parameters"]] == [p["name"] for p in q["params"]] + ["format", "limit", "offset"]
    assert {"get", "post"} <= set(api["paths"]["/sparql"])


def test_entity_page_shows_names_relations_sources_and_disputes(http):
    page = http.get("/entity/dmsc")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "<h1>Derna Mujahideen Shura Council</h1>" in text
    assert "Contested" in text and "Is the Derna Mujahideen Shura Council linked to al-Qaeda?" in text
    assert 'href="/entity/gnc"' in text and "001_730e27dca7c189c0.txt" in text
    assert "The Derna Council has good relations with the GNC" in text
    by_alias = http.get("/entity", params={"name": "Daesh"})
    assert by_alias.status_code == 200 and "<h1>Islamic State</h1>" in by_alias.text
    missing = http.get("/entity/dmsx")
    assert missing.status_code == 404 and "did you mean" in missing.text


def test_pages_load_nothing_from_elsewhere(http):
    for path in ("/", "/entity/lna"):
        page = http.get(path)
        assert page.status_code == 200
        assert "default-src 'self'" in page.headers["content-security-policy"]
        for ref in ("src=\"http", "href=\"http://", "@import"):
            assert ref not in page.text.replace('href="https://w3id.org', "")
    for asset in ("style.css", "query.js"):
        assert http.get(f"/static/{asset}").status_code == 200
    assert http.get("/static/../pyproject.toml").status_code == 404


def test_cors_is_off_unless_asked_for(http, derna_build, launch):
    assert "access-control-allow-origin" not in http.get("/query").headers
    url = launch("--out", derna_build.out, "--cors", "https://analyst.example", "--workers", 2)
    response = httpx.get(url + "query")
    assert response.headers["access-control-allow-origin"] == "https://analyst.example"
    preflight = httpx.options(url + "sparql", headers={"Origin": "https://analyst.example",
                                                      "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and "POST" in preflight.headers["access-control-allow-methods"]


def test_listens_on_loopback_by_default(derna_server):
    assert derna_server.startswith("http://127.0.0.1:")


def test_a_rebuild_while_serving_is_served_whole_old_or_new_never_a_mix(mini, tmp_path, launch):
    import subprocess
    import sys

    facts, _ = mini
    out = tmp_path / "build"
    assert subprocess.run([sys.executable, "-m", "kg", "build", "--facts", facts, "--out", out]).returncode == 0
    url = launch("--facts", facts, "--out", out, "--workers", 2)
    query = """SELECT ?label (COUNT(*) AS ?n) WHERE {
      GRAPH ?g { <https://example.org/mini/river-brigade> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }
      GRAPH ?h { ?s ?p ?o } } GROUP BY ?label"""

    def answer():
        r = httpx.post(url + "sparql", data={"query": query}, headers={"Accept": RESULTS_JSON}, timeout=30)
        assert r.status_code == 200, r.text
        row = r.json()["results"]["bindings"][0]
        return row["label"]["value"], int(row["n"]["value"])

    before = answer()
    assert before[0] == "River Brigade"
    text = (facts / "facts.yaml").read_text()
    (facts / "facts.yaml").write_text(text.replace("    label: River Brigade\n", "    label: River Brigade of the Delta\n    aliases: [Delta Brigade]\n"))
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", "--facts", facts, "--out", out])
    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        seen.add(answer())
        if build.poll() is not None and any(label != "River Brigade" for label, _ in seen):
            break
    assert build.wait() == 0
    after = [pair for pair in seen if pair != before]
    assert len(after) == 1 and after[0][0] == "River Brigade of the Delta" and after[0][1] > before[1], seen


def test_entity_pages_link_to_the_network_and_timeline_pictures(http):
    page = http.get("/entity/dmsc").text
    assert 'href="/graph/dmsc"' in page and 'href="/timeline/dmsc"' in page
    network = http.get("/graph/dmsc")
    assert network.status_code == 200 and "Derna Mujahideen Shura Council" in network.text and "<svg" in network.text
    assert "'unsafe-inline'" in network.headers["content-security-policy"]
    assert http.get("/timeline/dmsc").status_code == 200 and http.get("/graph").status_code == 200
    assert http.get("/graph/dmsx").status_code == 404
