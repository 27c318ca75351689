"""The audit report at scale: HTML size and time to first cards in Chromium (issue 17).

    python benchmarks/report.py --n 2000 10000

Three samples are audited for real (thumbnails and full-size images included); their
results are copied round-robin to N posters in 12 folders (only the path differs), so
the report's size and the page's speed are measured without analysing N posters.
Target at 2,000: first cards visible in under 2 s; the HTML under 2 MB without its
thumbnails. Needs Debian's chromium and playwright (the test extra).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from brandcheck.audit import audit
    from brandcheck.report import html

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not installed")
        return 2
    print(f"$ python benchmarks/report.py --n {' '.join(map(str, args.n))}")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {chromium}")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "posters"
        d.mkdir()
        for name in ("compliant-web.jpg", "rotated.jpg", "too-small.jpg"):
            shutil.copy(SAMPLES / name, d / name)
        run = audit([d], jobs=1, use_cache=False, thumbnails=True, progress=False)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for n in args.n:
                results, thumbs, views = [], {}, {}
                for i in range(n):
                    r = run.results[i % len(run.results)]
                    path = f"/audit/region-{i % 12:02d}/poster-{i:05d}.jpg"
                    results.append(dataclasses.replace(r, path=path))
                    thumbs[(path, r.page)] = run.thumbnails[(r.path, r.page)]
                    views[(path, r.page)] = run.views[(r.path, r.page)]
                out = Path(tmp) / f"report-{n}.html"
                t = time.perf_counter()
                html.write(out, results, html.ReportMeta(), thumbnails=thumbs, views=views)
                write_s = time.perf_counter() - t
                assets = sum(f.stat().st_size for f in html.assets_dir(out).rglob("*"))
                loads, filters = [], []
                for _ in range(args.rounds):
                    page = browser.new_page(viewport={"width": 1300, "height": 900})
                    t = time.perf_counter()
                    page.goto(out.as_uri(), wait_until="commit")
                    page.locator(".card").first.wait_for(state="visible")
                    loads.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    page.select_option("#ff", "5")
                    page.locator(".card").first.wait_for(state="visible")
                    filters.append(time.perf_counter() - t)
                    page.close()
                print(
                    f"{n} posters: HTML {out.stat().st_size / 1e6:.2f} MB, folder beside it "
                    f"{assets / 1e6:.0f} MB, written in {write_s:.1f} s; first cards visible "
                    f"in {statistics.median(loads):.2f} s (median of {args.rounds}; target "
                    f"< 2 s at 2,000), a folder filter in {statistics.median(filters):.2f} s"
                )
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
