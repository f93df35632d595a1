"""The build's database, opened in a background thread while the command starts.

Opening Oxigraph's RocksDB database read-only takes 20 to 50 ms on a small machine (it
starts threads to open its files), about half as long as importing click, and pyoxigraph
releases the GIL meanwhile. ``kg``'s entry point (:mod:`kg.launch`) starts it first for
the commands that read the build; the command takes it over once it has checked that the
build is current. The calling thread only starts the thread: finding the current build
and importing pyoxigraph happen in it, so that click's import begins at once.
"""

import os
import threading

_started = {}


class Opening:
    """The current build's database of ``out``, being opened read-only."""

    def __init__(self, out):
        self.out, self.box = out, {}
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        from .builds import current
        from .manifest import STORE

        self.box["resolved"] = resolved = current(self.out)
        import pyoxigraph as ox

        try:
            self.box["store"] = ox.Store.read_only(str(resolved / STORE))
        except OSError:  # no database yet: the graph is opened in the caller's thread, which reports errors
            pass

    def graph(self):
        """The graph of the current build: this database, or a fresh one if another build became current meanwhile."""
        from .builds import current
        from .store import OxigraphGraph, open_graph

        self.thread.join()
        store = self.box.pop("store", None)
        if store is None or current(self.out) != self.box.get("resolved"):
            return open_graph(self.out)
        return OxigraphGraph.of(store)


def start(out):
    """Start opening the database of ``out``."""
    _started[os.fspath(out)] = Opening(out)


def take(out):
    """The opening of ``out``'s database that :func:`start` began, or a new one."""
    return _started.pop(os.fspath(out), None) or Opening(out)
