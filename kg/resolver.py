"""Which entity a name means: any name the graph knows for it, in any case, or its identifier."""

from typing import NamedTuple

from .errors import KgError
from .names import name_key, shown
from .queries import find, internal
from .store import Term


class NotFoundError(KgError):
    """No entity has that name, or it is not of the kind asked for."""

    exit_code = 1


class Entity(NamedTuple):
    """An entity of the graph, found by one of its names."""

    iri: str
    label: str
    type: str
    names: tuple
    classes: frozenset

    @property
    def id(self):
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


def classes_of(graph, iri):
    """The faction-kg classes of an entity, asserted and inferred."""
    result = graph.query(internal("classes"), {"entity": Term.uri(iri)})
    return frozenset(row["class"].value for row in result.rows)


def candidates(graph, name):
    """Every entity with this name (normally one)."""
    result = graph.query(find("resolve").text, {"key": Term.literal(name_key(name))})
    return [
        Entity(
            iri=row["entity"].value,
            label=row["label"].value,
            type=row["type"].value.rsplit("#", 1)[-1],
            names=tuple(sorted(row["names"].value.split("; "))) if "names" in row else (),
            classes=classes_of(graph, row["entity"].value),
        )
        for row in result.rows
    ]


def suggestions(graph, name, n=5):
    """The names closest to an unknown one, as their entities' preferred labels."""
    import difflib

    result = graph.query(internal("names"))
    labels = {}
    for row in result.rows:
        labels.setdefault(row["key"].value, row["label"].value)
    close = difflib.get_close_matches(name_key(name), list(labels), n=n * 2, cutoff=0.6)
    out = []
    for key in close:
        label = labels[key]
        if label not in out:
            out.append(label)
    return out[:n]


def resolve(graph, name, kind=None):
    """The one entity called ``name``; with ``kind`` (Actor, Person, Place) it must be one."""
    if not str(name).strip():
        raise NotFoundError("an empty name names nothing")
    found = candidates(graph, name)
    if not found:
        close = suggestions(graph, name)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise NotFoundError(f"no entity is called {shown(name)}{hint}")
    if len(found) > 1:
        listed = ", ".join(f"{e.label} ({e.id}, {e.type})" for e in found)
        raise NotFoundError(f"{shown(name)} is ambiguous: it may mean {listed}; use an identifier")
    entity = found[0]
    if kind and kind not in entity.classes:
        article = "an" if kind[0] in "AEIOU" else "a"
        raise NotFoundError(f"{shown(name)} is {entity.label}, a {entity.type}, not {article} {kind.lower()}")
    return entity
