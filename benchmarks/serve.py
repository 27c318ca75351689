"""The page's speed against the CLI's in-process check, measured side by side.

    python benchmarks/serve.py [--rounds 5]

1. Time from upload to result for ``samples/compliant-print-a4-300dpi.jpg`` (A4 at
   300 dpi, compliant), in interleaved rounds, each timing: the in-process check the CLI
   runs (``inspect_all``, lockup text read), ``POST /api/check`` as a script sends it, the
   same with ``preview=1`` as the page sends it (adds the page JPEG and annotated PNG), and
   the page itself in Debian's chromium (pick the file, wait until the findings are drawn).
   Target: the page within 1.5x the in-process time (median of the per-round ratios).
2. The page's first load: a fresh browser page to its ``load`` event and the brand kit's
   name shown (the health call answered), median of the rounds. Target: under 1 s.

The server runs in this process with one warmed worker process, as ``brandcheck serve``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import shutil
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTER = ROOT / "samples" / "compliant-print-a4-300dpi.jpg"


def post(host: str, port: int, data: bytes, **fields: str) -> float:
    b = uuid.uuid4().hex
    body = b"".join(
        f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    body += (
        f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="a4.jpg"\r\n\r\n'.encode()
        + data
        + f"\r\n--{b}--\r\n".encode()
    )
    t0 = time.perf_counter()
    c = http.client.HTTPConnection(host, port, timeout=300)
    c.request("POST", "/api/check", body, {"Content-Type": f"multipart/form-data; boundary={b}"})
    r = c.getresponse()
    r.read()
    c.close()
    if r.status != 200:
        raise SystemExit(f"POST /api/check answered {r.status}")
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    import cv2
    from playwright.sync_api import sync_playwright

    from brandcheck.api import inspect_all
    from brandcheck.brand import load_brand
    from brandcheck.serve import Config, make_server

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    print(
        f"command: python benchmarks/serve.py --rounds {args.rounds}\nmachine: {os.cpu_count()} "
        f"CPU, Python {platform.python_version()}, OpenCV {cv2.__version__}\nfile: "
        f"{POSTER.relative_to(ROOT)} ({POSTER.stat().st_size / 1e6:.1f} MB)"
    )
    kit = load_brand(None)
    list(inspect_all(POSTER, kit))  # warm this process as the worker is warmed
    srv = make_server(Config(port=0, workers=1))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    host, port = str(srv.server_address[0]), int(srv.server_address[1])
    url = f"http://{host}:{port}/"
    data = POSTER.read_bytes()
    rows: dict[str, list[float]] = {"cli": [], "api": [], "api_preview": [], "page": []}
    loads = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            list(inspect_all(POSTER, kit))  # a generator: run it
            rows["cli"].append(time.perf_counter() - t0)
            rows["api"].append(post(host, port, data, text="1"))
            rows["api_preview"].append(post(host, port, data, text="1", preview="1"))
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(url, wait_until="load")
            page.locator("#brand:not(:empty)").wait_for()
            loads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            page.set_input_files("#pick", str(POSTER))
            page.locator(".result svg image").wait_for(state="attached", timeout=300_000)
            page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")  # drawn
            rows["page"].append(time.perf_counter() - t0)
            page.close()
        browser.close()
    srv.shutdown()
    srv.server_close()
    cli = rows["cli"]
    print(f"{'':22s} median s   ratio to in-process (median per round)")
    for k, ts in rows.items():
        ratio = statistics.median(t / c for t, c in zip(ts, cli, strict=True))
        print(
            f"{k:22s} {statistics.median(ts):8.3f}   {ratio:5.2f}   ({' '.join(f'{t:.2f}' for t in ts)})"
        )
    print(f"first page load        {statistics.median(loads):8.3f}   (max {max(loads):.3f})")
    page_ratio = statistics.median(t / c for t, c in zip(rows["page"], cli, strict=True))
    ok1, ok2 = page_ratio <= 1.5, statistics.median(loads) < 1.0
    print(f"target page <= 1.5x in-process: {'met' if ok1 else 'MISSED'} ({page_ratio:.2f}x)")
    print(f"target first load < 1 s: {'met' if ok2 else 'MISSED'}")
    return 0 if ok1 and ok2 else 1


if __name__ == "__main__":
    sys.exit(main())
