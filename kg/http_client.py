"""HTTP to a triple store: one request at a time, with digest or basic auth, each failure one line.

The standard library only: ``kg query`` on the local graph never imports this module.
Credentials are sent once the store asks for them (401); a digest challenge is then
reused for the next requests, so that a large upload is not sent twice.
"""

import base64
import urllib.error
import urllib.parse
import urllib.request

from .errors import KgError


class RemoteError(KgError):
    """The store could not be reached, refused the credentials or failed the request."""

    exit_code = 2


def _hint(status):
    return {
        401: "wrong or missing credentials (--user and --password, or KG_USER and KG_PASSWORD)",
        403: "the user may not do this",
        404: "no such service at this address",
        405: "this address does not take this request: is it the right service?",
        501: "this address does not take this request: is it the right service?",
    }.get(status, "")


class Endpoint:
    """A service URL of a store (Graph Store Protocol or SPARQL), with the user's credentials."""

    def __init__(self, url, user=None, password=None, timeout=300):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RemoteError(f"{url!r} is not an http(s) URL of a store")
        self.url, self.user, self.password, self.timeout = url, user, password, timeout
        self._challenge = None  # the last digest challenge, reused until it goes stale
        self._digest = None

    def request(self, method, body=None, headers=None, query=None):
        """Send one request to the URL (with ``query`` parameters added); the response, read.

        Returns (headers, body bytes); RemoteError naming the URL and status on failure.
        """
        url = self.url
        if query:
            url += ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode(query)
        for attempt in range(2):
            req = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
            if self.user is not None and (attempt or self._challenge):
                req.add_unredirected_header("Authorization", self._authorization(req))
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as response:
                    return response.headers, response.read()
            except urllib.error.HTTPError as e:
                challenge = e.headers.get("WWW-Authenticate", "")
                if e.code == 401 and self.user is not None and attempt == 0 and challenge:
                    self._challenge = challenge
                    continue
                raise self._failure(method, url, e) from None
            except urllib.error.URLError as e:
                raise RemoteError(f"cannot reach {self.url}: {getattr(e.reason, 'strerror', None) or e.reason}") from None
            except (TimeoutError, ConnectionError) as e:
                raise RemoteError(f"cannot reach {self.url}: {e.strerror or e or 'timed out'}") from None

    def _authorization(self, req):
        scheme, _, _ = self._challenge.partition(" ")
        if scheme.lower() == "digest":
            if self._digest is None:
                manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                manager.add_password(None, self.url, self.user, self.password or "")
                self._digest = urllib.request.HTTPDigestAuthHandler(manager)
            fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(self._challenge[7:])))
            auth = self._digest.get_authorization(req, fields)
            if auth:
                return f"Digest {auth}"
        token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
        return f"Basic {token}"

    def _failure(self, method, url, error):
        detail = error.read(300).decode("utf-8", "replace").strip().splitlines()
        hint = _hint(error.code) or (detail[0] if detail else "")
        return RemoteError(f"{method} {url} answered {error.code} {error.reason}" + (f": {hint}" if hint else ""))
