"""faction-kg: an actor and faction knowledge graph for conflict analysts.

The library API; the ``kg`` command is a thin layer over it::

    import kg
    result = kg.build("facts/derna", out="build", corpus="../shared/corpus")
    print(result.counts["claims"])
"""

__version__ = "0.1.0"

from .build import build  # noqa: E402
from .load import load  # noqa: E402
from .ontology import Ontology  # noqa: E402


def validate(facts_dir, corpus=None):
    """Load a facts folder and validate it; returns a Report (``.conforms``, ``.violations``, ``.warnings``)."""
    from .validate import validate as run

    ontology = Ontology()
    return run(load(facts_dir, ontology), ontology, corpus)


__all__ = ["Ontology", "__version__", "build", "load", "validate"]
