"""The HTTP API: health, a check, the size limit, hostile files, paths, concurrency."""

from __future__ import annotations

import os
import signal
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import SAMPLES
from tests.serve.conftest import LIMIT, request, upload


def test_health(server):
    status, r, doc = request(server, "GET", "/api/health")
    assert status == 200 and doc["status"] == "ok"
    assert doc["brand"] == "quality-month-2019" and doc["max_upload_bytes"] == LIMIT
    assert r.getheader("X-Content-Type-Options") == "nosniff"


def test_check_returns_the_schema_1_document_of_the_cli(server):
    data = (SAMPLES / "rotated.jpg").read_bytes()
    status, r, doc = upload(server, "rotated.jpg", data)
    assert status == 200 and r.getheader("Content-Type").startswith("application/json")
    assert doc["schema"] == 1 and doc["tool"]["name"] == "brandcheck"
    (res,) = doc["results"]
    assert res["path"] == "rotated.jpg" and res["status"] == "fail" and res["error"] is None
    f = next(f for f in res["findings"] if f["code"] == "rotated")
    assert abs(f["measured"] - 12) < 0.5 and "counter-clockwise" in f["message"]
    assert "preview" not in res  # scripts get the plain document unless they ask
    # the summary counts the results, as the CLI's does
    assert doc["summary"]["posters"] == 1 and doc["summary"]["by_status"]["fail"] == 1
    assert doc["summary"]["by_code"]["rotated"] == {"posters": 1, "findings": 1}


def test_preview_carries_the_page_and_what_was_checked(server):
    data = (SAMPLES / "compliant-web.jpg").read_bytes()
    _, _, doc = upload(server, "ok.jpg", data, preview="1")
    (res,) = doc["results"]
    assert res["status"] == "pass"
    import base64

    jpg = base64.b64decode(res["preview"]["poster_jpeg"])
    assert jpg[:2] == b"\xff\xd8" and res["annotated_name"] == "ok.jpg.annotated.png"
    names = {c["name"] for c in res["checked"]}
    assert {"size", "clear space", "contrast", "colour", "pose"} <= names


def test_annotate_answers_the_png_or_422(server):
    data = (SAMPLES / "rotated.jpg").read_bytes()
    status, r, png = upload(server, "rotated.jpg", data, route="/api/annotate")
    assert status == 200 and r.getheader("Content-Type") == "image/png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'filename="rotated.jpg.annotated.png"' in r.getheader("Content-Disposition")
    status, _, doc = upload(server, "rotated.jpg", data, route="/api/annotate", page="2")
    assert status == 422 and "1 page" in doc["error"]["message"]
    status, _, doc = upload(server, "bad.jpg", b"\xff\xd8 nope", route="/api/annotate")
    assert status == 422 and "bad.jpg" in doc["error"]["message"]
    assert "brandcheck-upload-" not in doc["error"]["message"]


def test_upload_over_the_limit_is_413(server):
    status, _, doc = upload(server, "big.jpg", b"\xff\xd8" + b"\0" * (LIMIT + 10))
    assert status == 413 and "limit" in doc["error"]["message"]
    assert request(server, "GET", "/api/health")[0] == 200


def _png_bomb() -> bytes:
    """A valid PNG header claiming 60000 × 60000 pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 100000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_hostile_files_are_error_results_and_the_server_goes_on(server):
    for name, data, code in [
        ("bomb.png", _png_bomb(), "too-large"),
        ("garbage.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "unreadable"),
        ("empty.pdf", b"", "unreadable"),
        ("fake.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF", None),
    ]:
        status, _, doc = upload(server, name, data)
        assert status == 200, name
        (res,) = doc["results"]
        assert res["status"] == "error" and res["path"] == name, name
        if code:
            assert res["error"]["code"] == code, (name, res["error"])
        assert "brandcheck-upload-" not in res["error"]["message"]  # no server path leaks
    assert (
        upload(server, "ok.jpg", (SAMPLES / "compliant-web.jpg").read_bytes())[2]["results"][0][
            "status"
        ]
        == "pass"
    )


def test_a_worker_that_dies_is_an_error_result_and_is_replaced(server):
    data = (SAMPLES / "rotated.jpg").read_bytes()
    with ThreadPoolExecutor(1) as ex:
        fut = ex.submit(upload, server, "killed.jpg", data, text="1")
        import time

        deadline = time.monotonic() + 20
        pool = server.pool
        while pool.free.qsize() == len(pool.slots) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the check is under way
        for slot in pool.slots:  # the busy worker and the idle one
            os.kill(slot.process.pid, signal.SIGKILL)
        status, _, doc = fut.result()
    assert status == 200
    res = doc["results"][0]
    assert res["path"] == "killed.jpg"
    if res["status"] == "error":  # unless the check beat the kill
        assert res["error"]["code"] == "worker-died" and "SIGKILL" in res["error"]["message"]
    again = upload(server, "again.jpg", data)[2]["results"][0]
    assert again["status"] == "fail", again.get("error")


@pytest.mark.slow
def test_concurrent_uploads_are_all_checked(server):
    names = ["rotated.jpg", "compliant-web.jpg", "too-small.jpg", "logo-missing.jpg"]
    with ThreadPoolExecutor(4) as ex:
        got = list(ex.map(lambda n: upload(server, n, (SAMPLES / n).read_bytes()), names))
    assert [g[0] for g in got] == [200] * 4
    assert [g[2]["results"][0]["path"] for g in got] == names
    assert [g[2]["results"][0]["status"] for g in got] == ["fail", "pass", "fail", "fail"]


def test_busy_answers_503(server):
    for _ in range(server.config.queue):
        server.admission.acquire()
    try:
        status, r, _ = upload(server, "x.jpg", b"x")
        assert status == 503 and r.getheader("Retry-After")
    finally:
        for _ in range(server.config.queue):
            server.admission.release()


def test_nothing_the_client_sends_names_a_server_path(server, tmp_path):
    data = (SAMPLES / "too-small.jpg").read_bytes()
    target = tmp_path / "evil.jpg"
    status, _, doc = upload(server, f"../../../../..{target}", data)
    assert status == 200 and doc["results"][0]["path"] == "evil.jpg"
    assert not target.exists()
    assert list(os.scandir(server.config.upload_dir)) == []  # uploads are deleted
    for path in ("/static/../serve/app.py", "/static/%2e%2e/app.py", "/etc/passwd", "/static/"):
        assert request(server, "GET", path)[0] == 404, path


def test_a_hostile_file_name_comes_back_as_plain_data(server):
    name = '<img src=x onerror="alert(1)">\u202e.jpg'
    _, r, doc = upload(server, name, (SAMPLES / "too-small.jpg").read_bytes())
    res = doc["results"][0]
    assert res["path"] == '<img src=x onerror="alert(1)">.jpg'  # controls dropped, text kept
    assert r.getheader("Content-Type").startswith("application/json")
    status, r, _page = request(server, "GET", "/")
    assert status == 200 and "script-src 'self'" in r.getheader("Content-Security-Policy")


def test_bad_requests_are_4xx(server):
    assert request(server, "POST", "/api/check", b"hello", {"Content-Type": "text/plain"})[0] == 400
    body = b'--b\r\nContent-Disposition: form-data; name="text"\r\n\r\n1\r\n--b--\r\n'
    ctype = {"Content-Type": "multipart/form-data; boundary=b"}
    assert request(server, "POST", "/api/check", body, ctype)[0] == 400  # no file
    assert request(server, "POST", "/api/check", body[:30], ctype)[0] == 400  # truncated
    assert request(server, "POST", "/api/nothing", b"", ctype)[0] == 404


def test_binding_beyond_this_machine_warns(monkeypatch):
    import io

    from brandcheck import serve

    class Stub:
        server_address = ("0.0.0.0", 8150)
        kit = type("K", (), {"id": "kit"})()

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            pass

    monkeypatch.setattr(serve, "make_server", lambda config: Stub())
    for host, warned in (
        ("0.0.0.0", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("localhost", False),
    ):
        out = io.StringIO()
        serve.run(serve.Config(host=host, port=0), out=out)
        assert ("warning: serving on" in out.getvalue()) is warned, host


def test_a_file_over_the_time_budget_is_a_timeout_and_the_server_goes_on(tmp_path):
    import threading

    from brandcheck.serve import Config, make_server

    srv = make_server(Config(port=0, workers=1, timeout=0.05, upload_dir=str(tmp_path)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        data = (SAMPLES / "rotated.jpg").read_bytes()
        for _ in range(2):  # the worker is replaced each time
            status, _, doc = upload(srv, "slow.jpg", data, text="1")
            (res,) = doc["results"]
            assert status == 200 and res["status"] == "error"
            assert res["error"]["code"] == "timeout" and "0.05 s" in res["error"]["message"]
        assert request(srv, "GET", "/api/health")[0] == 200
        assert list(os.scandir(tmp_path)) == []
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_photograph_s_logo_in_mm_on_the_stated_paper(server):
    """The form's ``paper`` field: a photographed logo's size in mm on that format; a
    name the server does not know is a 400 saying which are known."""
    data = (SAMPLES / "phone-photo-wall.jpg").read_bytes()
    status, _, doc = upload(server, "wall.jpg", data, paper="a3")
    assert status == 200, doc
    m = doc["results"][0]["logos"][0]["measurements"]
    assert m["paper"] == "A3" and m["paper_mm_not_measured"] is None
    assert m["paper_width_mm"] == pytest.approx(297 * m["page_width_share"], abs=0.1)
    size = next(f for f in doc["results"][0]["findings"] if f["code"] == "too-small")
    assert size["severity"] == "info" and size["unit"] == "width_mm" and "on A3" in size["message"]
    status, _, doc = upload(server, "wall.jpg", data, paper="letter")
    assert status == 400 and "ISO 216 A0-A10 or B0-B10" in doc["error"]["message"]


def test_serve_paper_is_the_default_a_request_s_field_replaces(tmp_path):
    """``brandcheck serve --paper A4`` (Config.paper): a request without ``paper`` gets mm
    on A4; one naming another format gets that one."""
    import threading

    from brandcheck.serve import Config, make_server

    srv = make_server(Config(port=0, workers=1, paper="A4", upload_dir=str(tmp_path)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        data = (SAMPLES / "phone-photo-wall.jpg").read_bytes()
        width = {}
        for paper in ("", "A2"):
            status, _, doc = upload(srv, "wall.jpg", data, paper=paper)
            assert status == 200, doc
            m = doc["results"][0]["logos"][0]["measurements"]
            width[m["paper"]] = m["paper_width_mm"]
        assert set(width) == {"A4", "A2"}
        assert width["A2"] == pytest.approx(2 * width["A4"], rel=0.01)
    finally:
        srv.shutdown()
        srv.server_close()
