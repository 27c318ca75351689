"""The audit's HTML report in a real browser: filters work, nothing is fetched from a network."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from brandcheck.audit import audit
    from brandcheck.report import html
    from brandcheck.report.files import write_atomic

    d = tmp_path_factory.mktemp("posters")
    for name in ("compliant-web.jpg", "rotated.jpg", "too-small.jpg"):
        shutil.copy(SAMPLES / name, d / name)
    run = audit([d], jobs=1, use_cache=False, thumbnails=True, progress=False)
    out = d / "report.html"
    write_atomic(out, html.render(run.results, run.thumbnails).encode("utf-8"))
    return out


def test_filters_and_offline(report):
    requests = []
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
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        visible = lambda: page.locator(".card:not(.hidden)").count()
        assert visible() == 3
        page.select_option("#fs", "fail")
        assert visible() == 2
        page.select_option("#fs", "")
        page.select_option("#fc", "rotated")
        assert visible() == 1 and "rotated.jpg" in page.locator(".card:not(.hidden)").inner_text()
        assert page.locator("img").count() == 3
        assert page.evaluate("document.querySelector('img').naturalWidth") > 0  # thumbnails decode
        browser.close()
    assert not [u for u in requests if u.startswith(("http://", "https://"))]
