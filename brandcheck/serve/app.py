"""The HTTP server: the page, its assets, and the API, on the standard library's server.

Routes (nothing else is served; no route maps a client's text to a file):

``GET /``, ``GET /static/<name>``
    The page and its assets, from this package's data (no CDN; works offline).
``GET /api/health``
    ``{"status": "ok", "version", "brand", "workers", "max_upload_bytes"}``.
``POST /api/check``
    ``multipart/form-data`` with the upload in field ``file`` and optional fields ``text``
    (read the lockup text, default ``1``), ``slogans`` (default ``0``), ``preview``
    (default ``0``; the page sets it to get the page image) and ``paper`` (the printed
    format of a photographed poster, ISO 216 such as ``A3``, for its logo's size in mm;
    default none, or ``brandcheck serve --paper``; a name it does not know is a 400). Answers the JSON schema-1
    document of ``brandcheck check --format json``, one result per page, its ``path`` the
    client's file name. A file that cannot be checked is a result with ``status: "error"``
    and HTTP 200, as the CLI reports it among others: its error code says why
    (``unreadable``, ``too-large``, ..., ``timeout`` past the time budget, ``worker-died``
    when the checker process crashed). HTTP errors are kept for the request itself: 400
    (not a form, no ``file``), 411 (no Content-Length), 413 (body over the limit), 503
    (every admission slot taken: ``Config.queue`` requests checking or waiting).
    Each result also has ``checked`` (what was checked and found OK, with values) and
    ``annotated_name``; with ``preview=1``, ``preview.poster_jpeg`` (base64).
``POST /api/annotate``
    The same form plus ``page`` (default ``1``): the annotated PNG of that page
    (``image/png``, as ``check --annotate`` writes it), or 422 with the reason when the
    file has no such page or cannot be read. The file is checked again: the server keeps
    nothing between requests.

Uploads go to a private folder per request and are deleted when the answer is sent.
"""

from __future__ import annotations

import functools
import json
import shutil
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from brandcheck.serve import multipart, work
from brandcheck.serve.pool import Pool, TaskFailed
from brandcheck.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Budget

#: The page's assets by URL name: a fixed table, so a request can only pick among these.
ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
}
#: The page loads only its own assets; images are the dropped file (blob:) or the API's
#: rendering of a page (data:).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
DEFAULT_MAX_UPLOAD = 200 * 1000 * 1000
#: A body at most this far over the limit is read and dropped before the 413, so the client
#: reads the answer instead of a connection reset; a larger one is cut off.
DRAIN_BYTES = 8 * 1000 * 1000
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Config:
    """What the server is started with (``brandcheck serve`` options)."""

    host: str = "127.0.0.1"
    port: int = 8150
    kit_root: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    workers: int = 1
    #: Requests admitted at once (checking or waiting); past this the answer is 503.
    queue: int = 8
    #: Where each request's private upload folder is made (default: the system's temp dir).
    upload_dir: str | None = None
    #: A file's time budget (s) and a worker's memory budget (MB), as the audit's; 0: none.
    timeout: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB
    #: The printed format of photographed posters when a request names none.
    paper: str | None = None


class Server(ThreadingHTTPServer):
    """One thread per connection; checks run in a bounded process pool."""

    daemon_threads = True

    def __init__(self, config: Config, kit: Any) -> None:
        self.config = config
        self.kit = kit
        self.admission = threading.BoundedSemaphore(config.queue)
        budget = Budget(seconds=config.timeout or None, memory_mb=config.memory_mb or None)
        self.pool = Pool(config.workers, budget, work.init, (config.kit_root,))
        if ":" in config.host:
            self.address_family = socket.AF_INET6
        super().__init__((config.host, config.port), Handler)

    def warm(self) -> None:
        """Start the workers now, so the first upload does not pay for the imports."""
        self.pool.warm()

    def run(self, fn: Any, *args: Any, **kw: Any) -> Any:
        """``fn(*args, **kw)`` in a worker; :class:`~.pool.TaskFailed` when it has no value."""
        return self.pool.run(functools.partial(fn, *args, **kw))

    def run_check(self, path: str, name: str, **kw: Any) -> list[dict[str, Any]]:
        """Check one upload in a worker; a timeout or a dead worker is an error result."""
        try:
            return self.run(work.check_upload, path, name, **kw)  # type: ignore[no-any-return]
        except TaskFailed as exc:
            return [_error_result(name, exc.failure.code, exc.failure.message)]

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def _error_result(name: str, code: str, message: str) -> dict[str, Any]:
    from brandcheck.report.jsonout import result_dict
    from brandcheck.result import ErrorInfo, FileResult

    return result_dict(FileResult(path=name, status="error", error=ErrorInfo(code, message)))


class Handler(BaseHTTPRequestHandler):
    """Routes a request; every answer says its length, type, and not to sniff it."""

    server: Server
    #: Seconds a connection may stay silent (a stalled upload frees its thread).
    timeout = 120
    _png_name = "annotated.png"
    server_version = "brandcheck"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(
        self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, doc: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", headers)

    def _problem(self, status: int, message: str, **headers: str) -> None:
        self.close_connection = True  # the body may not have been read
        self._json(status, {"error": {"status": status, "message": message}}, headers)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/api/health":
            from brandcheck import __version__

            c = self.server.config
            self._json(
                200,
                {
                    "status": "ok",
                    "version": __version__,
                    "brand": self.server.kit.id,
                    "workers": c.workers,
                    "max_upload_bytes": c.max_upload_bytes,
                },
            )
            return
        asset = ASSETS.get(path)
        if asset is None:
            self._problem(404, "not found")
            return
        body = resources.files("brandcheck.serve").joinpath("static", asset[0]).read_bytes()
        self._send(200, body, asset[1], {"Content-Security-Policy": CSP})

    do_HEAD = do_GET

    def do_POST(self) -> None:
        route = self.path.split("?", 1)[0]
        if route not in ("/api/check", "/api/annotate"):
            self._problem(404, "not found")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._problem(411, "send the upload with a Content-Length")
            return
        n, limit = int(length), self.server.config.max_upload_bytes
        if n > limit:
            if n - limit <= DRAIN_BYTES:  # read it, so the client sees the answer, not a reset
                left = n
                while left > 0 and (chunk := self.rfile.read(min(left, 1 << 20))):
                    left -= len(chunk)
            self._problem(413, f"upload of {n} bytes is over the limit of {limit} bytes")
            return
        try:
            boundary = multipart.boundary_of(self.headers.get("Content-Type", ""))
        except multipart.MultipartError as exc:
            self._problem(400, str(exc))
            return
        if not self.server.admission.acquire(blocking=False):
            self._problem(503, "every checking slot is busy; try again", **{"Retry-After": "5"})
            return
        folder = Path(
            tempfile.mkdtemp(prefix="brandcheck-upload-", dir=self.server.config.upload_dir)
        )
        try:
            form = self._receive(n, boundary, folder)
            answer = form if isinstance(form, tuple) else self._work(route, form)
        finally:  # deleted before the answer goes out, so a client never sees it linger
            shutil.rmtree(folder, ignore_errors=True)
            self.server.admission.release()
        status, doc = answer
        if status != 200:
            self._problem(status, doc)
        elif isinstance(doc, bytes):
            name = self._png_name
            ascii_name = name.encode("ascii", "replace").decode().replace('"', "'")
            self._send(
                200,
                doc,
                "image/png",
                {
                    "Content-Disposition": f'attachment; filename="{ascii_name}"; '
                    f"filename*=UTF-8''{quote(name)}"
                },
            )
        else:
            self._json(200, doc)

    def _work(self, route: str, form: multipart.Form) -> tuple[int, Any]:
        """(200, the document or the PNG) or (an HTTP error status, why)."""
        from brandcheck.report.jsonout import document, result_from_dict

        assert form.file_path is not None and form.filename is not None  # _receive checked
        flags: dict[str, Any] = {
            k: form.fields.get(k, d).strip().lower() in _TRUE for k, d in _FLAGS.items()
        }
        stated = form.fields.get("paper", "").strip()
        if stated:
            from brandcheck import paper

            try:
                flags["paper"] = paper.parse(stated)
            except ValueError as exc:
                return 400, f"paper: {exc}"
        elif self.server.config.paper:
            flags["paper"] = self.server.config.paper
        path, name = str(form.file_path), form.filename
        if route == "/api/annotate":
            page = form.fields.get("page", "1").strip()
            if not page.isdigit() or int(page) < 1:
                return 400, "page must be a page number from 1"
            del flags["preview"]
            try:
                got = self.server.run(work.annotate_upload, path, name, page=int(page), **flags)
            except TaskFailed as exc:
                return 422, f"{name}: {exc.failure.code}: {exc.failure.message}"
            if isinstance(got, str):
                return 422, got
            self._png_name, png = got
            return 200, png
        results = self.server.run_check(path, name, **flags)
        # the summary counts these results (a PDF gives one per page); the results keep
        # the page's extra fields (checked, annotated_name, preview)
        doc = document([result_from_dict(d) for d in results])
        doc["results"] = results
        return 200, doc

    def _receive(self, n: int, boundary: bytes, folder: Path) -> multipart.Form | tuple[int, str]:
        """The form, its file in ``folder``; or (an HTTP error status, why)."""
        with open(folder / "body", "w+b") as body:
            left = n
            while left:
                chunk = self.rfile.read(min(left, 1 << 20))
                if not chunk:
                    return 400, "the upload ended before its Content-Length"
                body.write(chunk)
                left -= len(chunk)
            body.flush()
            try:
                form = multipart.parse(body, n, boundary, folder / "upload")
            except multipart.MultipartError as exc:
                return 400, str(exc)
        (folder / "body").unlink()
        if form.file_path is None or form.filename is None:
            return 400, "no 'file' field in the form"
        return form


#: Form fields read as flags, with their defaults (as ``brandcheck check``'s).
_FLAGS = {"text": "1", "slogans": "0", "preview": "0"}
