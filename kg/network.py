"""The network of entities and the claims between them, read from the built graph with SPARQL.

Each edge is one claim (subject, relation, object, stance) with its standing
(asserted, disputed, doubtful or denied) and its sources; inferred triples are not
edges, since each rests on claims that are. ``network(graph)`` is the actors' network
that ``kg graph`` draws; ``scope="all"`` adds places and events, for exports.

>>> ACTOR_RELATIONS["backs"].directed, ACTOR_RELATIONS["alliedWith"].directed
(True, False)
"""

from collections import deque
from dataclasses import dataclass, field

from .errors import UsageError
from .queries import internal

FKG = "https://w3id.org/faction-kg/ontology#"


@dataclass(frozen=True)
class Kind:
    """How a relation is drawn: its group (the colour) and whether it has a direction."""

    group: str
    directed: bool = True


ACTOR_RELATIONS = {
    "alliedWith": Kind("alliance", directed=False),
    "cooperatesWith": Kind("alliance", directed=False),
    "opposes": Kind("opposition"),
    "supports": Kind("backing"),
    "backs": Kind("backing"),
    "commands": Kind("command"),
    "spokespersonFor": Kind("command"),
    "representativeOf": Kind("command"),
    "memberOf": Kind("membership"),
    "subOrganizationOf": Kind("membership"),
    "armedWingOf": Kind("membership"),
    "affiliatedWith": Kind("membership", directed=False),
}
STANDINGS = ("asserted", "disputed", "doubtful", "denied")  # the first is settled; the others are contested


@dataclass(frozen=True)
class Source:
    """One piece of evidence for a claim."""

    doc: str
    quote: str
    claimant: str
    grade: str

    def __str__(self):
        return f'{self.doc}: "{self.quote}" ({self.claimant}, {self.grade})'


@dataclass
class Node:
    id: str
    iri: str
    label: str
    type: str  # the entity's own class, as ArmedGroup
    kind: str  # Actor, Place or Event
    names: tuple = ()
    date: str = ""
    matches: tuple = ()  # identifiers elsewhere (skos:exactMatch IRIs)
    acled: str = ""  # ACLED's actor name
    ucdp: str = ""  # UCDP's actor id


@dataclass
class Edge:
    id: str  # the claim's identifier
    source: str
    target: str
    relation: str
    standing: str
    dispute: str = ""
    date: str = ""
    sources: list = field(default_factory=list)

    @property
    def contested(self):
        return self.standing != "asserted"

    @property
    def documents(self):
        return sorted({s.doc for s in self.sources})

    @property
    def group(self):
        return ACTOR_RELATIONS[self.relation].group if self.relation in ACTOR_RELATIONS else "other"

    @property
    def directed(self):
        return ACTOR_RELATIONS[self.relation].directed if self.relation in ACTOR_RELATIONS else True


@dataclass
class Network:
    nodes: dict  # id -> Node, sorted by id
    edges: list  # sorted by claim id
    focus: str | None = None

    def neighbours(self, node_id):
        return sorted({e.target if e.source == node_id else e.source for e in self.edges if node_id in (e.source, e.target)})


def _local(iri):
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _value(row, name):
    return row[name].value if name in row else ""


def _entities(graph):
    nodes = {}
    for row in graph.query(internal("entities")).rows:
        iri = row["entity"].value
        nodes[_local(iri)] = Node(
            id=_local(iri), iri=iri, label=row["label"].value, type=_local(row["type"].value), kind=_local(row["kind"].value),
            names=tuple(sorted(filter(None, _value(row, "names").split("; ")))), date=_value(row, "dateText"),
            matches=tuple(sorted(filter(None, _value(row, "matches").split()))),
            acled=_value(row, "acled"), ucdp=_value(row, "ucdp"),
        )
    return nodes


def _claims(graph, nodes):
    edges = {}
    for row in graph.query(internal("claims")).rows:
        source, target = _local(row["subject"].value), _local(row["object"].value)
        if source not in nodes or target not in nodes:
            continue
        claim = row["claim"].value
        edge = edges.get(claim)
        if edge is None:
            edge = edges[claim] = Edge(
                id=claim.rsplit("/claim/", 1)[-1], source=source, target=target, relation=_local(row["relation"].value),
                standing=row["standing"].value, dispute=_value(row, "disputeLabel"), date=_value(row, "dateText"))
        item = Source(row["doc"].value, row["quote"].value, row["claimantLabel"].value, row["grade"].value)
        if item not in edge.sources:
            edge.sources.append(item)
    return sorted(edges.values(), key=lambda e: e.id)


def network(graph, focus=None, depth=2, scope="actors"):
    """The network of the built graph: actors and the claims between them (``scope="all"``: every entity).

    With ``focus`` (any name of an actor) only the actors within ``depth`` steps of it.
    Nodes without any edge are left out of the actors' network.
    """
    if scope not in ("actors", "all"):
        raise UsageError(f"unknown network scope {scope!r} (use actors or all)")
    nodes = _entities(graph)
    if scope == "actors":
        nodes = {k: n for k, n in nodes.items() if n.kind == "Actor"}
    edges = _claims(graph, nodes)
    if scope == "actors":
        edges = [e for e in edges if e.relation in ACTOR_RELATIONS]
    result = Network(dict(sorted(nodes.items())), edges)
    if focus is not None:
        from .resolver import resolve

        if depth < 0:
            raise UsageError(f"depth must be 0 or more, not {depth}")
        result = neighbourhood(result, _local(resolve(graph, focus, "Actor").iri), depth)
    if scope == "actors":
        linked = {e.source for e in result.edges} | {e.target for e in result.edges} | {result.focus}
        result.nodes = {k: n for k, n in result.nodes.items() if k in linked}
    return result


def neighbourhood(net, centre, depth):
    """The part of ``net`` within ``depth`` steps of node ``centre`` (edges taken both ways)."""
    adjacent = {}
    for e in net.edges:
        adjacent.setdefault(e.source, set()).add(e.target)
        adjacent.setdefault(e.target, set()).add(e.source)
    seen, todo = {centre: 0}, deque([centre])
    while todo:
        node = todo.popleft()
        if seen[node] < depth:
            for other in sorted(adjacent.get(node, ())):
                if other not in seen:
                    seen[other] = seen[node] + 1
                    todo.append(other)
    nodes = {k: n for k, n in net.nodes.items() if k in seen}
    edges = [e for e in net.edges if e.source in nodes and e.target in nodes]
    return Network(nodes, edges, focus=centre)
