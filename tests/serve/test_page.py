"""The page in a real browser (Debian's chromium): drop posters, read findings, zoom, offline."""

from __future__ import annotations

import base64
import shutil

import pytest

from tests.conftest import SAMPLES

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
    pytest.mark.slow,  # a browser: 3-7 s a test
]


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.requests = []  # type: ignore[attr-defined]
        pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
        host, port = server.server_address[:2]
        pg.goto(f"http://{host}:{port}/")
        yield pg
        browser.close()


def _drop(page, name: str, data: bytes, mime: str) -> None:
    """Drop a file on the drop zone as a person dragging it from a folder would."""
    page.evaluate(
        """([name, b64, mime]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name, { type: mime }));
            const zone = document.getElementById("drop");
            zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
            zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
        }""",
        [name, base64.b64encode(data).decode(), mime],
    )


def test_drop_a_failing_poster_see_findings_click_one_and_zoom(page):
    _drop(page, "rotated.jpg", (SAMPLES / "rotated.jpg").read_bytes(), "image/jpeg")
    job = page.locator(".job", has_text="rotated.jpg").first
    job.locator(".result").wait_for(timeout=120_000)
    assert job.locator(".badge.fail").first.is_visible()
    first = job.locator("ol.findings li.finding").first
    assert first.get_attribute("data-code") == "rotated"  # fails first
    text = first.inner_text()
    assert "counter-clockwise" in text and "set the logo upright" in text and "px" in text
    svg = job.locator(".viewer svg")
    whole = svg.get_attribute("viewBox")
    assert whole == "0 0 1000 1414"
    assert svg.locator("image").get_attribute("href").startswith("blob:")  # the file itself
    first.click()
    zoomed = [float(v) for v in svg.get_attribute("viewBox").split()]
    x, y, w, h = zoomed
    assert w * h < 0.25 * 1000 * 1414  # zoomed in ...
    assert x <= 320 and x + w >= 682 and y <= 164 and y + h >= 374  # ... on the logo's region
    assert svg.locator("polygon.region.sel").count() == 1
    ok = job.locator("ul.ok").inner_text()
    assert "contrast" in ok and "clear space" in ok
    assert job.locator("a.dl-json").get_attribute("download") == "rotated.json"
    with page.expect_download() as dl:
        job.locator("button.dl-png").click()
    assert dl.value.suggested_filename == "rotated.jpg.annotated.png"
    with open(dl.value.path(), "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    job.locator("button.whole").click()
    assert svg.get_attribute("viewBox") == whole


def test_pick_a_pdf_and_positions_are_in_mm(page, tmp_path):
    from PIL import Image

    pdf = tmp_path / "poster.pdf"
    with Image.open(SAMPLES / "too-small.jpg") as im:
        im.convert("RGB").save(pdf, resolution=72.0)  # a PDF page with a physical size
    page.set_input_files("#pick", str(pdf))
    job = page.locator(".job", has_text="poster.pdf").first
    job.locator(".result").wait_for(timeout=120_000)
    assert "(page 1)" in job.locator(".result h2").inner_text()
    href = job.locator(".viewer svg image").get_attribute("href")
    assert href.startswith("data:image/jpeg;base64,")  # the server's rendering of the page
    where = job.locator("ol.findings li.finding dd", has_text="from the top left").first
    assert " mm" in where.inner_text()


def test_a_hostile_file_name_is_shown_as_text(page):
    name = '<img src=x onerror="window.pwned=1">.jpg'
    _drop(page, name, b"\xff\xd8\xff\xe0 not a jpeg", "image/jpeg")
    job = page.locator(".job", has_text="onerror").first
    job.locator(".result").wait_for(timeout=60_000)
    assert job.locator(".badge.error").count() == 1
    assert name in job.locator(".job-name").inner_text()
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src=x]").count() == 0


def test_nothing_is_fetched_from_elsewhere(page, server):
    host, port = server.server_address[:2]
    own = f"http://{host}:{port}/"
    assert page.requests
    assert all(u.startswith((own, "data:", "blob:")) for u in page.requests), page.requests
