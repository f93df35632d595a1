"""The SPARQL endpoint and web pages as a WSGI application.

Routes:

- ``/sparql``: the SPARQL 1.1 Protocol (GET, form POST, direct POST), read-only; a GET
  with no query is the SPARQL service description.
- ``/query``: the canned queries (JSON); ``/query/NAME?param=value``: one of them, with
  its parameters bound, a page of ``limit`` rows (``PAGE`` unless asked; ``all``) from
  ``offset`` on, and a ``Link: <...>; rel="next"`` header when more rows follow;
  ``/query/NAME.rq``: its text.
- ``/``: the query page; ``/entity/ID`` or ``/entity?name=NAME``: an entity's page;
  ``/graph/ID`` and ``/timeline/ID``: the network around an actor and its timeline
  (``/graph`` and ``/timeline``: all of them), pictures of ``kg graph`` and ``kg timeline``.
- ``/openapi.json``: the OpenAPI description of the routes; ``/static/FILE``: page assets.

Queries run in worker pools (``kg.workers``) under a time and size limit; what is
refused before that (updates, SERVICE, remote FROM) is in ``kg.guard``.
"""

import json
import re
import threading
from collections import OrderedDict
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from . import guard, negotiate, pages
from .queries import PAGE, catalog
from .workers import Busy, Crashed, LimitExceeded

WEB = Path(__file__).parent / "web"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml", ".png": "image/png"}
REASONS = {200: "OK", 303: "See Other", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 406: "Not Acceptable", 411: "Length Required", 413: "Content Too Large",
           415: "Unsupported Media Type", 422: "Unprocessable Content", 500: "Internal Server Error",
           503: "Service Unavailable"}
TEXT = "text/plain; charset=utf-8"
CACHED_ANSWERS, CACHED_BYTES = 2048, 1_000_000
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


class HTTPError(Exception):
    def __init__(self, status, message, headers=()):
        super().__init__(message)
        self.status, self.headers = status, list(headers)


class App:
    """The WSGI application over the worker pools (``kg.workers.Pools``) of the graph it serves.

    ``swap`` puts the pools of a new build in place; a request in flight finishes on the
    pools it started with, so it sees the old graph or the new one, never a mix.
    """

    def __init__(self, pools, namespace=None, cors=None, max_body=1_000_000):
        self.pools, self.namespace, self.cors, self.max_body = pools, namespace, cors, max_body
        self.queries = catalog()
        self.static = {p.name: p for p in WEB.iterdir() if p.suffix in STATIC_TYPES}
        self.home = pages.query_page(self.queries, namespace).encode("utf-8")
        self.cache, self.lock = OrderedDict(), threading.Lock()

    def swap(self, pools):
        """Serve ``pools`` from now on; the previous ones, for the caller to close once their requests end."""
        old, self.pools = self.pools, pools
        with self.lock:
            self.cache.clear()
        return old

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        environ["kg.pools"] = self.pools
        try:
            if method == "OPTIONS" and self.cors:
                status, ctype, body, headers = 204, TEXT, b"", [
                    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                    ("Access-Control-Allow-Headers", "Accept, Content-Type"), ("Access-Control-Max-Age", "600")]
            else:
                status, ctype, body, *rest = self.route(environ, "GET" if method == "HEAD" else method)
                headers = rest[0] if rest else []
        except HTTPError as e:
            status, ctype, body, headers = e.status, TEXT, f"Error: {e}\n".encode("utf-8"), e.headers
        except guard.Refused as e:
            status, ctype, body, headers = e.status, TEXT, f"Error: {e}\n".encode("utf-8"), []
        except (LimitExceeded, Busy, Crashed) as e:
            status = {LimitExceeded: 422, Busy: 503, Crashed: 500}[type(e)]
            headers = [("Retry-After", "2")] if status == 503 else []
            ctype, body = TEXT, f"Error: {e}\n".encode("utf-8")
        headers = [("Content-Type", ctype), ("Content-Length", str(len(body))), ("Vary", "Accept"),
                   ("X-Content-Type-Options", "nosniff"), *headers]
        if ctype.startswith("text/html"):  # nothing from elsewhere; the pictures carry their script and style inline
            inline = " 'unsafe-inline'" if environ.get("PATH_INFO", "").startswith(("/graph", "/timeline")) else ""
            headers.append(("Content-Security-Policy", f"default-src 'self'{inline}; img-src 'self' data:; connect-src 'self'"))
        if self.cors:
            headers.append(("Access-Control-Allow-Origin", self.cors))
        start_response(f"{status} {REASONS.get(status, 'Error')}", headers)
        return [b"" if method == "HEAD" else body]

    def route(self, environ, method):
        path = environ.get("PATH_INFO", "/")
        if path in ("/sparql", "/sparql/"):
            return self.sparql(environ, method)
        allow_get(method)
        params = query_params(environ.get("QUERY_STRING", ""))
        if path == "/":
            return 200, "text/html; charset=utf-8", self.home
        if path.startswith("/static/") and path[8:] in self.static:
            file = self.static[path[8:]]
            return 200, STATIC_TYPES[file.suffix], file.read_bytes(), [("Cache-Control", "max-age=3600")]
        if path == "/query":
            return 200, "application/json", self.listing()
        if m := re.fullmatch(r"/query/([\w-]+)\.rq", path):
            return 200, "application/sparql-query; charset=utf-8", self.query(m.group(1)).text.encode("utf-8")
        if m := re.fullmatch(r"/query/([\w-]+)", path):
            return self.canned(self.query(m.group(1)), params, environ)
        if path == "/entity" and params.get("name"):
            return self.cached(environ, {"op": "entity", "id": one(params, "name")})
        if m := re.fullmatch(r"/entity/([^/]+)", path):
            return self.cached(environ, {"op": "entity", "id": m.group(1)})
        if m := re.fullmatch(r"/(graph|timeline)(?:/([^/]+))?", path):
            return self.cached(environ, {"op": "picture", "kind": m.group(1), "id": m.group(2)})
        if path == "/openapi.json":
            return 200, "application/json", json.dumps(self.openapi(), indent=2).encode("utf-8")
        raise HTTPError(404, f"no such resource: {path} (see / or /openapi.json)")

    def cached(self, environ, job):
        """A canned answer or page: the graph is read-only, so an answer stays right until the server stops."""
        pools = environ["kg.pools"]
        key = json.dumps([pools.generation, job], sort_keys=True)
        with self.lock:
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key]
        answer = pools.canned.run(job)
        if answer[0] in (200, 404) and len(answer[2]) <= CACHED_BYTES:
            with self.lock:
                self.cache[key] = answer
                while len(self.cache) > CACHED_ANSWERS:
                    self.cache.popitem(last=False)
        return answer

    def query(self, name):
        if name not in self.queries:
            raise HTTPError(404, f"no canned query named {name!r}; GET /query lists them")
        return self.queries[name]

    def listing(self):
        return json.dumps([{
            "name": q.name, "title": q.title, "description": q.description, "url": f"/query/{q.name}",
            "params": [{"name": p.name, "type": p.type, "description": p.description} for p in q.params],
        } for q in self.queries.values()], indent=2).encode("utf-8")

    def canned(self, query, params, environ):
        names = {p.name for p in query.params}
        unknown = sorted(set(params) - names - {"format", "limit", "offset"})
        if unknown:
            raise HTTPError(400, f"{query.name} has no parameter {unknown[0]!r}; it takes: {', '.join(sorted(names)) or 'none'}")
        missing = [p.name for p in query.params if not "".join(params.get(p.name, [])).strip()]
        if missing:
            raise HTTPError(400, f"{query.name} needs the parameter {missing[0]!r} ({query.params[0].description})")
        args = [one(params, p.name) for p in query.params]
        key = negotiate.choose(environ.get("HTTP_ACCEPT"), negotiate.SOLUTIONS, params.get("format", [None])[0])
        if key is None:
            raise HTTPError(406, "canned queries answer as " + ", ".join(m for m, _ in negotiate.SOLUTIONS.values()))
        limit = one(params, "limit") if "limit" in params else str(PAGE)
        offset = one(params, "offset") if "offset" in params else "0"
        if not (limit == "all" or limit.isdigit() and int(limit) > 0) or not offset.isdigit():
            raise HTTPError(400, f"limit is a number of rows over 0 or all, and offset a number of rows, not {limit!r} and {offset!r}")
        limit, offset = None if limit == "all" else int(limit), int(offset)
        following = {**params, "offset": [str(offset + (limit or 0))]}
        next_page = f"/query/{query.name}?{urlencode(following, doseq=True)}"
        return self.cached(environ, {"op": "canned", "name": query.name, "args": args, "fmt": key,
                                     "limit": limit, "offset": offset, "next_page": next_page})

    def sparql(self, environ, method):
        url_params = query_params(environ.get("QUERY_STRING", ""))
        if method == "GET":
            params = url_params
        elif method == "POST":
            params = self.post_params(environ, url_params)
        else:
            raise HTTPError(405, f"{method} is not a SPARQL Protocol method: use GET or POST", [("Allow", "GET, POST")])
        if "update" in params:
            raise guard.Refused("SPARQL Update is refused: this endpoint is read-only")
        if "query" not in params:
            if method == "POST":
                raise HTTPError(400, "no query: send query=... (form) or a body of type application/sparql-query")
            return self.description(environ)
        text = one(params, "query")
        defaults, named = params.get("default-graph-uri"), params.get("named-graph-uri")
        for iri in (defaults or []) + (named or []):
            guard.check_dataset_iri(iri)
        pools = environ["kg.pools"]
        found = guard.check(text, pools.graphs)
        job = {"op": "sparql", "query": text, "default_graphs": defaults, "named_graphs": named,
               "has_from": bool(found.from_graphs), "base": endpoint_url(environ), "accept": environ.get("HTTP_ACCEPT"),
               "fmt": params.get("format", [None])[0]}
        return pools.adhoc.run(job)

    def post_params(self, environ, url_params):
        media, charset = content_type(environ.get("CONTENT_TYPE", ""))
        if charset not in (None, "utf-8", "utf8"):
            raise HTTPError(415, f"charset {charset} is not supported: send UTF-8")
        body = read_body(environ, self.max_body)
        if media == "application/x-www-form-urlencoded":
            params = query_params(decode(body))
            return {**url_params, **params}
        if media == "application/sparql-query":
            if "query" in url_params:
                raise HTTPError(400, "a direct POST carries the query in its body, not also in the URL")
            return {**url_params, "query": [decode(body)]}
        if media == "application/sparql-update":
            raise guard.Refused("SPARQL Update is refused: this endpoint is read-only")
        raise HTTPError(415, f"a SPARQL POST must be application/x-www-form-urlencoded or application/sparql-query, "
                             f"not {media or 'missing'}")

    def description(self, environ):
        """The SPARQL 1.1 service description, in the RDF format asked for (a browser gets the query page)."""
        import pyoxigraph as ox

        accept = environ.get("HTTP_ACCEPT", "")
        if negotiate.choose(accept, {"html": ("text/html", ()), **negotiate.GRAPH}) == "html":
            return 303, TEXT, b"See /\n", [("Location", "/")]
        key = negotiate.choose(accept, negotiate.GRAPH)
        if key is None:
            raise HTTPError(406, "the service description is available as " + ", ".join(m for m, _ in negotiate.GRAPH.values()))
        service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
        sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
        a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        triples = [
            (service, a, sd("Service")),
            (service, sd("endpoint"), ox.NamedNode(endpoint_url(environ))),
            (service, sd("supportedLanguage"), sd("SPARQL11Query")),
            (service, sd("feature"), sd("UnionDefaultGraph")),
            *[(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in (
                "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD", "RDF_XML")],
            (service, sd("defaultDataset"), dataset),
            (dataset, a, sd("Dataset")),
            (dataset, sd("defaultGraph"), default),
            (default, a, sd("Graph")),
        ]
        for i, iri in enumerate(environ["kg.pools"].graphs):
            node = ox.BlankNode(f"graph{i}")
            triples += [(dataset, sd("namedGraph"), node), (node, a, sd("NamedGraph")), (node, sd("name"), ox.NamedNode(iri))]
        rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[key]
        body = ox.serialize([ox.Triple(*t) for t in triples], format=rdf,
                            prefixes={"sd": SD, "fmt": FORMATS_NS} if key == "turtle" else None)
        return 200, negotiate.media_type(key, negotiate.GRAPH), body

    def openapi(self):
        """OpenAPI 3.1 description of the canned-query routes and the SPARQL endpoint."""
        results = {m: {} for m, _ in negotiate.SOLUTIONS.values()}
        errors = {str(code): {"description": REASONS[code]} for code in (400, 404, 406, 422, 503)}
        paths = {}
        for q in self.queries.values():
            paths[f"/query/{q.name}"] = {"get": {
                "operationId": q.name.replace("-", "_"), "summary": q.title, "description": q.description,
                "parameters": [*({"name": p.name, "in": "query", "required": True, "description": p.description,
                                  "schema": {"type": "string", "minLength": 1, "pattern": r"\S"}} for p in q.params),
                               {"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
                                "description": "instead of Accept: " + ", ".join(negotiate.SOLUTIONS) + ", or a media type"},
                               {"name": "limit", "in": "query", "required": False,
                                "schema": {"oneOf": [{"type": "integer", "minimum": 1}, {"const": "all"}], "default": PAGE},
                                "description": "rows in the page; all for every row. A Link header (rel=next) says when more follow"},
                               {"name": "offset", "in": "query", "required": False,
                                "schema": {"type": "integer", "minimum": 0, "default": 0}, "description": "rows to skip"}],
                "responses": {"200": {"description": "SPARQL results", "content": results}, **errors},
            }}
        sparql_params = [{"name": "query", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1}},
                         {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                         {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}]
        paths["/sparql"] = {
            "get": {"operationId": "sparql_get", "summary": "SPARQL 1.1 query (read-only)", "parameters": sparql_params,
                    "responses": {"200": {"description": "results or RDF"}, "403": {"description": REASONS[403]}, **errors}},
            "post": {"operationId": "sparql_post", "summary": "SPARQL 1.1 query (read-only)",
                     "requestBody": {"content": {"application/sparql-query": {"schema": {"type": "string"}},
                                                 "application/x-www-form-urlencoded": {"schema": {
                                                     "type": "object", "properties": {"query": {"type": "string"}},
                                                     "required": ["query"]}}}},
                     "responses": {"200": {"description": "results or RDF"}, "403": {"description": REASONS[403]},
                                   "413": {"description": REASONS[413]}, "415": {"description": REASONS[415]}, **errors}},
        }
        return {"openapi": "3.1.0", "info": {"title": "faction-kg", "version": "1", "description":
                "Canned questions about actors and factions, every answer with its sources, and a read-only SPARQL endpoint."},
                "paths": paths}


def endpoint_url(environ):
    """The URL of /sparql as the client addressed it: the base of relative IRIs in queries."""
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    return f"http://{host}/sparql"


def allow_get(method):
    if method != "GET":
        raise HTTPError(405, f"{method} is not allowed here: this resource answers GET", [("Allow", "GET, HEAD")])


def query_params(text):
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HTTPError(400, "the request's parameters are not valid UTF-8") from None


def one(params, name):
    values = params[name]
    if len(values) != 1:
        raise HTTPError(400, f"give {name} once, not {len(values)} times")
    return values[0]


def content_type(header):
    media, *rest = [p.strip() for p in header.split(";")]
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in rest if p.lower().startswith("charset=")), None)
    return media.lower(), charset


def read_body(environ, limit):
    length = environ.get("CONTENT_LENGTH")
    if not length:
        raise HTTPError(411, "a POST needs a Content-Length")
    try:
        size = int(length)
    except ValueError:
        raise HTTPError(400, f"bad Content-Length {length!r}") from None
    if size > limit:
        raise HTTPError(413, f"the request body is {size:,} bytes; the limit is {limit:,}")
    return environ["wsgi.input"].read(size)


def decode(body):
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, "the request body is not valid UTF-8") from None
