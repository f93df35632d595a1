"""Where the ontology, the shipped facts and the canned queries live.

In a source checkout they are top-level folders beside the package; in an
installed wheel they are copied into the package as ``kg/_data/``.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource(name):
    """The folder ``name`` (ontology, facts, queries) of this installation."""
    for base in (_PACKAGE / "_data", _PACKAGE.parent):
        if (base / name).is_dir():
            return base / name
    raise FileNotFoundError(f"faction-kg resource folder {name!r} is missing from {_PACKAGE}")


def ontology_file():
    return resource("ontology") / "faction-kg.ttl"


def shapes_file():
    return resource("ontology") / "shapes.ttl"


def default_facts():
    return resource("facts") / "derna"
