"""``kg push``: the build's three named graphs into a store, with the SPARQL 1.1 Graph Store HTTP Protocol.

Each graph is replaced (PUT) with the build's triples, sent as N-Triples in chunks of
a few megabytes (the first replaces the graph, the next ones add to it, POST), so that
a large build is never held in memory whole. The graphs stay apart, provenance in
its own, so that every query finds its claims and quotes as it does locally.
"""

import re
import time
from dataclasses import dataclass
from pathlib import Path

from .http_client import Endpoint, RemoteError
from .errors import UsageError
from .manifest import read_manifest
from .remote import GRAPHS, graph_names

CHUNK = 4 << 20
TRIPLES = "application/n-triples"
_IRI = re.compile(r'[A-Za-z][\w+.-]*:[^\x00-\x20<>"{}|^`\\]*')


@dataclass(frozen=True)
class Pushed:
    name: str
    iri: str
    triples: int


def target_graphs(build_dir, base=None):
    """The IRIs the build's graphs get in the store: base + asserted, provenance, inferred, or as built."""
    if base is not None:
        if not _IRI.fullmatch(base):
            raise UsageError(f"--graph {base!r} is not an absolute IRI")
        return graph_names(base)
    manifest = read_manifest(build_dir)
    if not manifest or "graphs" not in manifest:
        raise UsageError(f"no build in {build_dir}: run `kg build` first")
    return {name: manifest["graphs"][name] for name in GRAPHS}


def chunks(path, size=CHUNK):
    """The N-Quads file's triples as N-Triples, in chunks of about ``size`` bytes: (bytes, triple count)."""
    buffer, count, length, sent = [], 0, 0, False
    with open(path, "rb") as f:
        for line in f:
            triple = line.rstrip(b"\r\n").rsplit(b" ", 2)[0] + b" .\n"  # drop the graph term of "s p o g ."
            buffer.append(triple)
            count, length = count + 1, length + len(triple)
            if length >= size:
                yield b"".join(buffer), count
                buffer, count, length, sent = [], 0, 0, True
    if buffer or not sent:  # an empty graph is still replaced
        yield b"".join(buffer), count


def push(build_dir, url, base=None, user=None, password=None, size=CHUNK, notify=None):
    """Replace each graph of the build in the Graph Store at ``url``; a list of Pushed."""
    build_dir = Path(build_dir)
    targets = target_graphs(build_dir, base)
    endpoint = Endpoint(url, user, password)
    done = []
    for name in GRAPHS:
        iri, total = targets[name], 0
        started = time.perf_counter()
        for i, (body, count) in enumerate(chunks(build_dir / f"{name}.nq", size)):
            try:
                endpoint.request("PUT" if i == 0 else "POST", body, {"Content-Type": TRIPLES}, {"graph": iri})
            except RemoteError as e:
                if i:
                    raise RemoteError(f"{e} (graph <{iri}> is now incomplete: push again)") from None
                raise
            total += count
        done.append(Pushed(name, iri, total))
        if notify:
            notify(f"{name:10} {total:8} triples to <{iri}> ({time.perf_counter() - started:.2f} s)")
    return done
