"""The server's answers, computed inside a worker process: SPARQL results, canned queries, entity pages.

Every answer is ``(status, content type, body)``. Results are serialised straight into a
buffer that refuses to grow past the size limit, so an oversized answer is an error,
never a truncated body.
"""

import io

from . import negotiate
from .errors import KgError
from .store import OxigraphGraph

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


class TooLarge(Exception):
    pass


class LimitedBuffer(io.RawIOBase):
    """A write-only buffer that raises TooLarge past ``limit`` bytes (and says so in ``exceeded``,
    since a serialiser may wrap the exception in its own)."""

    def __init__(self, limit):
        self.limit, self.parts, self.size, self.exceeded = limit, [], 0, False

    def writable(self):
        return True

    def write(self, data):
        self.size += len(data)
        if self.size > self.limit:
            self.exceeded = True
            raise TooLarge()
        self.parts.append(bytes(data))
        return len(data)

    def getvalue(self):
        return b"".join(self.parts)


def error(status, message):
    return status, TEXT, f"Error: {message}\n".encode("utf-8")


class Answerer:
    """The read-only database at ``store_path`` and what the server asks of it."""

    def __init__(self, store_path, max_bytes):
        import pyoxigraph as ox

        self.ox = ox
        self.graph = OxigraphGraph.of_store(store_path)
        self.store = self.graph.store
        self.max_bytes = max_bytes
        self.graphs = sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def answer(self, job):
        try:
            return getattr(self, job["op"])(**{k: v for k, v in job.items() if k != "op"})
        except TooLarge:
            return error(422, f"the answer is larger than the limit of {self.max_bytes:,} bytes; add a LIMIT or narrow the query")
        except KgError as e:
            return error(getattr(e, "status", 404 if e.exit_code == 1 else 400), str(e))

    def _serialize(self, write):
        out = LimitedBuffer(self.max_bytes)
        try:
            write(out)
        except (OSError, RuntimeError):
            if out.exceeded:
                raise TooLarge() from None
            raise
        return out.getvalue()

    def sparql(self, query, default_graphs=None, named_graphs=None, has_from=False, base=None, accept=None, fmt=None):
        """Any SPARQL query: the dataset from the protocol if given, else FROM, else the union of all graphs."""
        ox = self.ox
        options = {"base_iri": base}
        if default_graphs is not None or named_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
        elif not has_from:
            options["use_default_graph_as_union"] = True
        try:
            answer = self.store.query(query, **options)
        except SyntaxError as e:
            return error(400, f"SPARQL syntax error: {e}")
        except (OSError, RuntimeError, ValueError) as e:
            return error(400, f"SPARQL error: {e}")
        if isinstance(answer, ox.QueryBoolean):
            offered, kinds = negotiate.BOOLEAN, {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
        elif isinstance(answer, ox.QuerySolutions):
            offered = negotiate.SOLUTIONS
            kinds = {k: getattr(ox.QueryResultsFormat, k.upper()) for k in offered}
        else:
            offered = negotiate.GRAPH
            kinds = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                     "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
        key = negotiate.choose(accept, offered, fmt)
        if key is None:
            wanted = fmt or accept
            return error(406, f"cannot answer this query as {wanted!r}; available: "
                              + ", ".join(media for media, _ in offered.values()))
        try:
            if offered is negotiate.GRAPH:
                body = self._serialize(lambda out: ox.serialize(answer, out, kinds[key]))
            else:
                body = self._serialize(lambda out: answer.serialize(out, kinds[key]))
        except (OSError, RuntimeError) as e:
            return error(400, f"SPARQL error: {e}")
        media = negotiate.media_type(key, offered)
        return 200, media + ("; charset=utf-8" if media.startswith("text/") else ""), body

    def canned(self, name, args, fmt, limit=None, offset=0, next_page=None):
        """A canned query with its parameters bound, in a SPARQL results format (a key of negotiate.SOLUTIONS):
        ``limit`` rows (all if None) from ``offset`` on, with a Link to ``next_page`` if more follow."""
        from . import formats
        from .queries import ask

        result = ask(self.graph, name, *args, limit=limit, offset=offset)
        body = formats.FORMATS[fmt](result).encode("utf-8")
        if len(body) > self.max_bytes:
            raise TooLarge()
        media = negotiate.media_type(fmt, negotiate.SOLUTIONS)
        headers = [("Link", f'<{next_page}>; rel="next"')] if result.more and next_page else []
        return 200, media + ("; charset=utf-8" if media.startswith("text/") else ""), body, headers

    def picture(self, kind, id=None):
        """A picture page: the network around an actor (``graph``) or its timeline (``timeline``)."""
        from . import network, picture, timeline
        from .resolver import NotFoundError

        try:
            if kind == "graph":
                html = picture.render_html(network.network(self.graph, focus=id, depth=2))
            else:
                html = timeline.render_html(timeline.timeline(self.graph, actor=id))
        except NotFoundError as e:
            from . import pages

            return 404, HTML, pages.error_page(404, str(e)).encode("utf-8")
        return 200, HTML, html.encode("utf-8")

    def entity(self, id):
        """The HTML page of one entity."""
        from . import pages
        from .queries import internal
        from .resolver import NotFoundError, resolve
        from .store import Term

        try:
            entity = resolve(self.graph, id)
        except NotFoundError as e:
            return 404, HTML, pages.error_page(404, str(e)).encode("utf-8")
        bound = {"entity": Term.uri(entity.iri)}
        statements = self.graph.query(internal("statements"), bound)
        claims = self.graph.query(internal("claims-about"), bound)
        return 200, HTML, pages.entity_page(entity, statements, claims).encode("utf-8")
