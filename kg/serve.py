"""``kg serve``: the endpoint (``kg.endpoint``) on a threaded WSGI server, 127.0.0.1 by default."""

import socketserver
import sys
import threading
import time
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from .endpoint import App
from .workers import Pools


class Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def server_bind(self):
        """Bind without the reverse DNS look-up that HTTPServer does (no network is needed)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]
        self.setup_environ()


class Handler(WSGIRequestHandler):
    timeout = 30  # seconds a client may take to send its request

    def get_environ(self):
        """As wsgiref's, but a request with no Content-Type has none (wsgiref says text/plain)."""
        environ = super().get_environ()
        if self.headers.get("Content-Type") is None:
            environ["CONTENT_TYPE"] = ""
        return environ

    def log_message(self, format, *args):
        if self.server.log:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _stamp(path):
    try:
        st = path.stat()
        return st.st_ino, st.st_mtime_ns, st.st_size
    except OSError:
        return None


def _watch(app, manifest, open_pools, grace, log):
    """Put a new build in service when its manifest changes (the builder writes the manifest last)."""
    stamp, generation = _stamp(manifest), 0
    while True:
        time.sleep(0.5)
        now = _stamp(manifest)
        if now is None or now == stamp:
            continue
        try:
            pools = open_pools(generation + 1)
        except Exception as e:  # the build may be mid-swap: try again at the next tick
            log(f"a new build is not servable yet ({e}); still serving the previous one")
            continue
        stamp, generation = now, generation + 1
        old = app.swap(pools)
        retire = threading.Timer(grace, old.close)
        retire.daemon = True
        retire.start()
        log(f"now serving the new build (generation {generation})")


def serve(locate, host="127.0.0.1", port=8000, workers=4, timeout=10.0, max_bytes=50_000_000,
          max_body=1_000_000, cors=None, namespace=None, log=True, ready=None, watch=None):
    """Serve an Oxigraph database until interrupted; ``ready(url)`` is called once listening.

    ``locate()`` gives the database's folder, resolved once per generation so that all the
    workers of one generation open the same build. With ``watch`` (a build's manifest.json),
    a finished rebuild is served from then on.
    """
    def open_pools(generation=0):
        return Pools(locate(), workers, timeout, max_bytes, generation)

    app = App(open_pools(), namespace=namespace, cors=cors, max_body=max_body)
    try:
        server = Server((host, port), Handler)
        server.log = log
        server.set_app(app)
        if watch:
            say = lambda message: sys.stderr.write(message + "\n")  # noqa: E731
            threading.Thread(target=_watch, args=(app, Path(watch), open_pools, timeout + 5, say), daemon=True).start()
        if ready:
            ready(f"http://{host}:{server.server_port}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        app.pools.close()
