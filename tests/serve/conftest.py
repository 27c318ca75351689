"""A live server on a free loopback port, its workers started once for the module."""

from __future__ import annotations

import http.client
import json
import threading
import uuid

import pytest

LIMIT = 3_000_000  # bytes; the samples are below, the 413 test sends more


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from brandcheck.serve import Config, make_server

    uploads = tmp_path_factory.mktemp("uploads")
    srv = make_server(
        Config(port=0, max_upload_bytes=LIMIT, workers=2, queue=6, upload_dir=str(uploads))
    )
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def form(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it."""
    b = uuid.uuid4().hex
    parts = [
        f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    quoted = filename.replace('"', "%22")
    parts.append(
        f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{quoted}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{b}--\r\n".encode(), f"multipart/form-data; boundary={b}"


def request(srv, method: str, path: str, body: bytes | None = None, headers=None):
    """(status, headers, parsed JSON or raw bytes) from the live server."""
    host, port = srv.server_address[:2]
    c = http.client.HTTPConnection(host, port, timeout=120)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        ctype = r.getheader("Content-Type", "")
        return r.status, r, json.loads(data) if "json" in ctype else data
    finally:
        c.close()


def upload(srv, filename: str, data: bytes, route: str = "/api/check", **fields: str):
    body, ctype = form({"text": "0", **fields}, filename, data)
    return request(srv, "POST", route, body, {"Content-Type": ctype})
