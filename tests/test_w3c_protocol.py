"""The W3C SPARQL 1.1 Protocol test suite, replayed against `kg serve`.

There is no maintained runner, so this one reads the manifest (plain RDF: ht:Request,
ht:absolutePath, mf:expectedStatus, mf:expectedBoolean, mf:expectedFormat, ut:graphData)
and sends each request over HTTP. The data graphs a test names are loaded into a store
under their labels, which `kg serve --store` serves. The endpoint is read-only by design,
so each update test is expected to be refused, and is listed by name as such.
"""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, RDF
from rdflib.collection import Collection

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"},
    "RDF": {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"},
}


def load_manifest():
    """Each test of the manifest, in its order: (name, title, data graphs, requests)."""
    g = Graph()
    g.parse(SUITE / "manifest.ttl", format="turtle", publicID=(SUITE / "manifest.ttl").as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for test in Collection(g, g.value(manifest, MF.entries)):
        data = {str(g.value(d, RDFS.label)): Path(str(g.value(d, UT.graph)).removeprefix("file://")).name
                for d in g.objects(test, UT.graphData)}
        requests = []
        for r in Collection(g, g.value(g.value(test, MF.action), HT.requests)):
            body = g.value(r, HT.body)
            response = g.value(r, HT.resp)
            requests.append({
                "method": str(g.value(r, HT.methodName)),
                "path": str(g.value(r, HT.absolutePath)),
                "headers": {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                            for h in (Collection(g, g.value(r, HT.headers)) if g.value(r, HT.headers) else [])},
                "body": str(g.value(body, CNT.chars)) if body else None,
                "encoding": str(g.value(body, CNT.characterEncoding) or "UTF-8") if body else None,
                "statuses": {str(s).rsplit("StatusCode", 1)[-1][0] for s in g.objects(response, MF.expectedStatus)},
                "boolean": g.value(response, MF.expectedBoolean),
                "format": str(g.value(response, MF.expectedFormat) or "") or None,
            })
        tests.append((str(test).rsplit("#", 1)[-1], str(g.value(test, MF.name)), data, requests))
    return tests


TESTS = load_manifest() if SUITE.is_dir() else []
UPDATES = [t for t in TESTS if t[0].startswith("update_")]
QUERIES = [t for t in TESTS if not t[0].startswith("update_")]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, launch_module):
    """`kg serve --store` over a store holding every data graph the manifest names, under its label."""
    path = tmp_path_factory.mktemp("w3c-store")
    store = ox.Store(str(path))
    for _, _, data, _ in TESTS:
        for label, file in data.items():
            store.load(path=str(SUITE / file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(label))
    store.flush()
    del store
    return launch_module("--store", path, "--workers", 2)


def send(endpoint, request):
    path = request["path"].replace("/sparql/", "/sparql", 1)
    body = request["body"].encode(request["encoding"]) if request["body"] is not None else None
    return httpx.request(request["method"], endpoint.rstrip("/") + path, content=body, headers=request["headers"], timeout=30)


def check(response, request):
    status = str(response.status_code)[0]
    assert status in request["statuses"], f"HTTP {response.status_code}, expected {request['statuses']}xx: {response.text[:300]}"
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if request["format"]:
        assert media in FORMATS[request["format"]], f"{media} is not a {request['format']} format"
    if request["boolean"] is not None:
        if media.endswith("json"):
            answer = json.loads(response.text)["boolean"]
        else:
            answer = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
        assert answer == request["boolean"].toPython()


@pytest.mark.parametrize("name, title, data, requests", QUERIES, ids=[t[0] for t in QUERIES])
def test_protocol(endpoint, name, title, data, requests):
    for request in requests:
        check(send(endpoint, request), request)


@pytest.mark.parametrize("name, title, data, requests", UPDATES, ids=[t[0] for t in UPDATES])
def test_update_is_refused_by_design(endpoint, name, title, data, requests):
    """The endpoint is read-only: the update request of each update test gets 403, and the store is unchanged."""
    response = send(endpoint, requests[0])
    assert response.status_code == 403 and "read-only" in response.text
    after = httpx.post(endpoint + "sparql", data={"query": "ASK { GRAPH ?g { ?s a <http://purl.org/dc/terms/BibliographicResource> } }"},
                       headers={"Accept": "application/sparql-results+json"})
    assert after.json()["boolean"] is False


def test_the_whole_manifest_is_covered():
    assert len(TESTS) == 34 and len(UPDATES) == 7
