"""faction-kg: an actor and faction knowledge graph for conflict analysts.

The library API; the ``kg`` command is a thin layer over it::

    import kg
    result = kg.build("facts/derna", out="build", corpus="../shared/corpus")
    graph = kg.open_graph("build")
    for row in kg.ask(graph, "allies-of", "DMSC").rows:
        print(row["allyLabel"].value)

Names are imported on first use, so that ``kg --help`` and queries stay fast.
"""

__version__ = "0.1.0"

_API = {
    "build": "builder",
    "ensure_built": "manifest",
    "load": "loader",
    "Ontology": "ontology",
    "open_graph": "store",
    "Term": "store",
    "ask": "queries",
    "resolve": "resolver",
    "catalog": "queries",
    "export": "exporter",
}


def __getattr__(name):
    if name in _API:
        import importlib

        value = getattr(importlib.import_module(f".{_API[name]}", __name__), name)
        globals()[name] = value  # stands in for the submodule of the same name that importing it set
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def validate(facts_dir, corpus=None):
    """Load a facts folder and validate it; returns a Report (``.conforms``, ``.violations``, ``.warnings``)."""
    from .collector import paused
    from .loader import load
    from .ontology import Ontology
    from .validation import validate as run

    with paused():
        ontology = Ontology()
        return run(load(facts_dir, ontology), ontology, corpus)


__all__ = ["__version__", "validate", *_API]
