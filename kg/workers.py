"""A pool of worker processes that run the server's queries, each under a time limit.

Each worker opens the Oxigraph database read-only and answers one job at a time. A job
that runs past its time limit has its worker killed and replaced, so that a runaway query
costs one process for a bounded time. The server keeps two pools: one for canned queries
and pages, one at a lower CPU priority for ad hoc SPARQL, so that slow ad hoc queries
never hold the workers that the canned ones need.
"""

import multiprocessing
import threading
import time
from queue import Empty, Queue

from .errors import KgError


class LimitExceeded(KgError):
    """A query ran too long or answered too much: HTTP 422, with what to change."""


class Busy(KgError):
    """Every worker stayed busy for the whole wait: HTTP 503, try again later."""


class Crashed(KgError):
    """The worker died while answering (for example a parser stack overflow): HTTP 500."""


def _worker(conn, store_path, max_bytes, nice):
    import os

    from . import answers

    os.nice(nice)
    answerer = answers.Answerer(store_path, max_bytes)
    conn.send(("ready", answerer.graphs))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        conn.send(answerer.answer(job))


class Worker:
    def __init__(self, context, store_path, max_bytes, nice):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, store_path, max_bytes, nice), daemon=True)
        self.process.start()
        child.close()
        _, self.graphs = self.conn.recv()  # ("ready", the named graphs)

    def stop(self):
        self.process.kill()
        self.process.join()
        self.conn.close()


class Pool:
    """``size`` workers on the database at ``store_path``, at CPU priority ``nice``; ``run(job)`` answers or raises."""

    def __init__(self, store_path, size=2, timeout=10.0, max_bytes=50_000_000, nice=0, wait=30.0):
        self.store_path, self.timeout, self.max_bytes, self.nice, self.wait = store_path, timeout, max_bytes, nice, wait
        self.size = size
        self.context = multiprocessing.get_context("spawn")
        self.idle = Queue()
        workers = [self._start() for _ in range(size)]
        self.graphs = workers[0].graphs
        for w in workers:
            self.idle.put(w)

    def _start(self):
        return Worker(self.context, self.store_path, self.max_bytes, self.nice)

    def run(self, job):
        """The worker's reply to ``job``: (status, content type, body bytes)."""
        try:
            worker = self.idle.get(timeout=self.wait)
        except Empty:
            raise Busy(f"all {self.size} workers are busy; try again shortly") from None
        started = time.monotonic()
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                reply = worker.conn.recv()
                self.idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise Crashed("the query stopped its worker process; it was not answered") from None
        self._replace(worker)
        raise LimitExceeded(f"the query ran past the time limit of {self.timeout:g} s "
                            f"(stopped after {time.monotonic() - started:.1f} s); narrow it or add a LIMIT")

    def _replace(self, worker):
        """Kill a worker and start its replacement in the background."""
        worker.stop()

        def start():
            self.idle.put(self._start())

        threading.Thread(target=start, daemon=True).start()

    def close(self):
        while True:
            try:
                self.idle.get_nowait().stop()
            except Empty:
                return


class Pools:
    """The two pools on one database, one generation of the served graph: canned queries
    and pages in one, ad hoc SPARQL at a lower CPU priority in the other."""

    def __init__(self, store_path, workers=4, timeout=10.0, max_bytes=50_000_000, generation=0):
        self.generation = generation
        self.canned = Pool(store_path, max(1, workers // 2), timeout, max_bytes)
        self.adhoc = Pool(store_path, max(1, workers - workers // 2), timeout, max_bytes, nice=10)
        self.graphs = self.canned.graphs

    def close(self):
        self.canned.close()
        self.adhoc.close()
