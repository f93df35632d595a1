"""Python's cycle collector, paused while a build or a validation makes its objects."""

import contextlib
import gc


@contextlib.contextmanager
def paused():
    """The cycle collector off inside the block, on again after (if it was on).

    Loading facts makes millions of small objects (YAML nodes, records, RDF terms) and
    almost no cycles; each full collection walks all of them, so at 1M triples the
    collections took three times as long as reading the facts and making the RDF.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
