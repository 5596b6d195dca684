"""The dashboard as a local web server (standard library only).

Routes: ``/`` lists the studies, ``/study/<quoted name>`` is a study's page built afresh
from the storage on every request (so a trial added while optimising shows after a
reload), ``/plotly.js`` serves plotly's script once for all pages (the browser caches it),
``/health`` answers ``ok``. Anything else, or an unknown study, is a 404 page.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

import plotly.offline

from hpobench.storages import BaseStorage
from reports import _html
from reports._dashboard import (
    describe,
    open_storage,
    shell,
    snapshot,
    study_names,
    study_page,
)
from reports._dashboard_index import STUDY_PREFIX, index_page

__all__ = ["DashboardServer", "make_server", "run_server", "serve_dashboard"]

PLOTLY_PATH = "/plotly.js"
_logger = logging.getLogger("reports.dashboard")


class DashboardServer(ThreadingHTTPServer):
    """A threading HTTP server that holds the storage the pages are built from.

    Attributes
    ----------
    storage : BaseStorage
    source : str
        What the pages say they were built from (a URL with its password masked).
    refresh : int or None
        Seconds between automatic reloads of the pages, or None.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        storage: BaseStorage,
        *,
        source: str,
        refresh: int | None,
        family: socket.AddressFamily,
    ) -> None:
        self.address_family = family
        self.storage = storage
        self.source = source
        self.refresh = refresh
        # Storages are not all safe to read from several threads at once.
        self.storage_lock = threading.Lock()
        self._plotly_js: bytes | None = None
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The address to open in a browser, e.g. ``http://127.0.0.1:8080/``."""
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/"

    def plotly_js(self) -> bytes:
        """plotly's script, read once."""
        if self._plotly_js is None:
            self._plotly_js = plotly.offline.get_plotlyjs().encode("utf-8")
        return self._plotly_js


def make_server(
    storage: str | BaseStorage,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    refresh: int | None = None,
    source: str | None = None,
) -> DashboardServer:
    """Bind a dashboard server to ``host:port`` without serving yet.

    Call ``serve_forever()`` on the result (in a thread, for tests) and ``shutdown()``
    then ``server_close()`` to stop it. Arguments are those of :func:`serve_dashboard`;
    ``source`` is what the pages say they were built from (default: the storage URL with
    its password masked, or the storage's type).

    Examples
    --------
    >>> server = make_server("sqlite:///example.db", port=0)  # doctest: +SKIP
    >>> server.url  # doctest: +SKIP
    'http://127.0.0.1:41235/'
    """
    port = check_port(port)
    family = check_host(host)
    refresh = check_refresh(refresh)
    store = open_storage(storage)
    try:
        return DashboardServer(
            (host, port),
            store,
            source=source or describe(storage),
            refresh=refresh,
            family=family,
        )
    except OSError as err:
        raise OSError(
            f"cannot listen on {host}:{port}: {err.strerror or err}; pass another port "
            "(port=0 / --port 0 picks a free one)."
        ) from err


def serve_dashboard(
    storage: str | BaseStorage,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    refresh: int | None = None,
) -> None:
    """Serve the dashboard of ``storage`` until Ctrl+C; print its URL first.

    Parameters
    ----------
    storage : str or BaseStorage
        A storage URL, a journal file path or a storage object.
    host : str, default="127.0.0.1"
        The address to listen on; the pages have no authentication, so keep it local.
    port : int, default=8080
        0 picks a free port (the printed URL shows which).
    refresh : int or None
        Make the pages reload themselves every ``refresh`` seconds; None or 0 for never.

    Raises
    ------
    ValueError
        For a port outside 0-65535, a host that does not resolve, or a negative refresh.
    OSError
        When the port cannot be bound (e.g. it is in use).

    Examples
    --------
    >>> serve_dashboard("sqlite:///example.db", port=0)  # doctest: +SKIP
    Dashboard of sqlite:///example.db at http://127.0.0.1:41235/ (Ctrl+C to stop)
    """
    run_server(make_server(storage, host=host, port=port, refresh=refresh))


def run_server(server: DashboardServer, *, first_page: str | None = None) -> None:
    """Print the server's URL (or ``first_page``'s, a path such as ``/study/x``) and serve
    until Ctrl+C, then close the socket."""
    url = server.url.rstrip("/") + first_page if first_page else server.url
    print(f"Dashboard of {server.source} at {url} (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Dashboard stopped.", file=sys.stderr, flush=True)
    finally:
        server.server_close()


def check_port(port: Any) -> int:
    """Return ``port`` when it is an int in 0-65535; raise TypeError/ValueError otherwise."""
    if isinstance(port, bool) or not isinstance(port, int):
        raise TypeError(f"port must be an int in 0-65535; got {port!r}.")
    if not 0 <= port <= 65535:
        raise ValueError(f"port must be in 0-65535 (0 picks a free port); got {port}.")
    return port


def check_host(host: Any) -> socket.AddressFamily:
    """Return the address family of ``host`` (an IP address or a name that resolves).

    Raises
    ------
    TypeError, ValueError
        When ``host`` is not a non-empty string, or does not resolve.
    """
    if not isinstance(host, str) or not host.strip():
        raise TypeError(f"host must be a non-empty str such as '127.0.0.1'; got {host!r}.")
    try:
        return socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise ValueError(
            f"host={host!r} does not resolve ({err}); pass an address such as 127.0.0.1."
        ) from None
    return socket.AddressFamily(found[0][0])


def check_refresh(refresh: Any) -> int | None:
    """Return ``refresh`` as seconds (None for no reload); refuse negatives and non-ints."""
    if refresh is None or refresh == 0:
        return None
    if isinstance(refresh, bool) or not isinstance(refresh, int) or refresh < 0:
        raise ValueError(
            f"refresh must be a positive number of seconds, or None/0 for no reload; "
            f"got {refresh!r}."
        )
    return refresh


class _Handler(BaseHTTPRequestHandler):
    server: DashboardServer
    server_version = "hpobench-dashboard"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        path = urlsplit(self.path).path
        try:
            status, kind, body = self._route(path)
        except Exception as err:  # one failing page must not stop the server
            _logger.exception("dashboard: building %s failed", path)
            status, kind = HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8"
            body = self._message_page(
                "Error", f"Building this page failed: {type(err).__name__}: {err}"
            )
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        cache = "max-age=86400" if path == PLOTLY_PATH else "no-store"
        self.send_header("Cache-Control", cache)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _route(self, path: str) -> tuple[HTTPStatus, str, bytes]:
        html = "text/html; charset=utf-8"
        server = self.server
        if path == "/health":
            return HTTPStatus.OK, "text/plain; charset=utf-8", b"ok"
        if path == PLOTLY_PATH:
            return HTTPStatus.OK, "text/javascript; charset=utf-8", server.plotly_js()
        if path in ("/", "/index.html"):
            with server.storage_lock:
                page = index_page(server.storage, source=server.source, refresh=server.refresh)
            return HTTPStatus.OK, html, page.encode("utf-8")
        if path.startswith(STUDY_PREFIX):
            name = unquote(path[len(STUDY_PREFIX) :])
            with server.storage_lock:
                found = name in study_names(server.storage)
                study = snapshot(server.storage, name) if found else None
            if study is not None:
                page = study_page(
                    study,
                    source=server.source,
                    refresh=server.refresh,
                    plotly_src=PLOTLY_PATH,
                    home="/",
                )
                return HTTPStatus.OK, html, page.encode("utf-8")
            return (
                HTTPStatus.NOT_FOUND,
                html,
                self._message_page(
                    "Study not found", f"The storage holds no study named {name!r}."
                ),
            )
        return (
            HTTPStatus.NOT_FOUND,
            html,
            self._message_page("Not found", f"Nothing at {path!r}; the list of studies is at /."),
        )

    @staticmethod
    def _message_page(title: str, message: str) -> bytes:
        body = f'<p class="note">{_html.text(message)}</p>'
        return shell(title, body, with_plotly=False, home="/").encode("utf-8")

    def log_message(self, format: str, *args: Any) -> None:
        _logger.debug("dashboard: %s - %s", self.address_string(), format % args)
