"""``kg serve``: the endpoint (``kg.endpoint``) on a threaded WSGI server, 127.0.0.1 by default."""

import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from .endpoint import App
from .workers import Pool


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


def serve(store_path, host="127.0.0.1", port=8000, workers=4, timeout=10.0, max_bytes=50_000_000,
          max_body=1_000_000, cors=None, namespace=None, log=True, ready=None):
    """Serve the Oxigraph database at ``store_path`` until interrupted; ``ready(url)`` is called once listening."""
    canned = Pool(store_path, size=max(1, workers // 2), timeout=timeout, max_bytes=max_bytes)
    adhoc = Pool(store_path, size=max(1, workers - workers // 2), timeout=timeout, max_bytes=max_bytes, nice=10)
    try:
        server = Server((host, port), Handler)
        server.log = log
        server.set_app(App(canned, adhoc, namespace=namespace, cors=cors, max_body=max_body))
        if ready:
            ready(f"http://{host}:{server.server_port}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        canned.close()
        adhoc.close()
