"""How close "decode only what is used" brings a large JPEG's check to its decode (issue 15).

    python benchmarks/decode_region.py [--rounds 5] [--sizes A3@300,A2@300,A1@300]

A prototype, not the product: it times, on one thread and in interleaved rounds (CPU time,
medians), the core steps of a check two ways on the posters of ``benchmarks/stages.py``:

- today: the full decode (``brandcheck.load``), ``locate`` on it, ``measure``, and the
  photograph test's sensor-noise estimate (the steps of ``--no-text`` that grow with the
  poster);
- region: a JPEG decoded at half scale by DCT scaling (``cv2.IMREAD_REDUCED_COLOR_2``) for
  ``locate`` and the noise estimate, then full-resolution pixels of the logo's clear-space
  zone only, where the pose is refined (ECC) and the logo measured. Neither OpenCV nor
  Pillow decodes a region of a JPEG, so the region's decode is timed as the decode of a
  JPEG holding only that region: a lower bound (libjpeg-turbo's partial decode must still
  entropy-decode the rows above the region, at most ~0.2 of a full decode).

It prints both totals against ``cv2.imread`` of the file (and, in brackets, against
brandcheck's own full decode timed beside it, the steadier reference on a loaded
machine), and how far the region design's
figures land from today's (width and effective width in px, ink and background Lab), which
differ only because the pose comes from another working copy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's brandcheck
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stages import make, set_threads


def designs(path: Path, kit: Any, ref: Any) -> tuple[dict[str, Callable[[], Any]], dict[str, Any]]:
    """The steps of both designs, chained through a shared state (returned too)."""
    from brandcheck import geometry as geo
    from brandcheck import rectify
    from brandcheck.load import Poster, load
    from brandcheck.locate import Detection, LocateParams, locate, refine
    from brandcheck.measure import measure

    st: dict[str, Any] = {}

    def today_load() -> None:
        st["poster"] = load(path)

    def today_locate() -> None:
        st["dets"] = locate(st["poster"].rgb, ref)

    def today_measure() -> None:
        st["ms"] = [measure(st["poster"], d, kit, ref) for d in st["dets"]]

    def today_noise() -> None:
        rectify.sensor_noise(st["poster"].rgb)

    def half_decode() -> None:
        bgr = cv2.imread(str(path), cv2.IMREAD_REDUCED_COLOR_2)
        st["half"] = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)

    def half_locate() -> None:
        st["dets2"] = locate(st["half"], ref)

    def region_decode() -> None:
        if "region_jpeg" not in st:  # made once, untimed: the pixels a partial decode gives
            d = st["dets2"][0]
            # half-scale px -> full px (centre convention): x = 2 x' + 0.5
            h_full = np.array([[2.0, 0, 0.5], [0, 2.0, 0.5], [0, 0, 1]]) @ d.homography
            margin = kit.logo.clear_space * ref.height
            zone = geo.apply(h_full, geo.expand_frame(ref.width, ref.height, margin))
            full = st["poster"].rgb
            hh, ww = full.shape[:2]
            x0, y0 = (int(max(0, v - 8)) for v in zone.min(axis=0))
            x1 = int(min(ww, zone[:, 0].max() + 9))
            y1 = int(min(hh, zone[:, 1].max() + 9))
            crop = np.ascontiguousarray(full[y0:y1, x0:x1])
            _, enc = cv2.imencode(
                ".jpg", cv2.cvtColor(crop, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90]
            )
            st.update(region_jpeg=enc, crop=crop, h_full=h_full, origin=(x0, y0))
        cv2.cvtColor(cv2.imdecode(st["region_jpeg"], cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)

    def region_measure() -> None:
        d = st["dets2"][0]
        x0, y0 = st["origin"]
        h0 = np.array([[1.0, 0, -x0], [0, 1.0, -y0], [0, 0, 1]]) @ st["h_full"]
        h, ok = refine(st["crop"], h0 / h0[2, 2], ref, d.polarity, LocateParams())
        quad = geo.apply(h, geo.frame_corners(ref.width, ref.height))
        det = Detection(h, quad, d.score, d.inliers, d.polarity, d.visible, ok)
        poster = Poster(rgb=st["crop"], path=str(path), ppi=st["poster"].ppi)
        st["m2"] = measure(poster, det, kit, ref)

    def half_noise() -> None:
        rectify.sensor_noise(st["half"])

    return {
        "imread": lambda: cv2.imread(str(path)),
        "load": today_load,
        "locate": today_locate,
        "measure": today_measure,
        "noise": today_noise,
        "half decode": half_decode,
        "half locate": half_locate,
        "region decode": region_decode,
        "refine+measure": region_measure,
        "half noise": half_noise,
    }, st


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sizes", default="A3@300,A2@300,A1@300")
    ap.add_argument("--keep", type=Path, help="folder to keep (and reuse) the posters in")
    a = ap.parse_args()
    threads = set_threads(1)
    from brandcheck.brand import load_brand
    from brandcheck.locate import reference_for

    kit = load_brand()
    ref = reference_for(kit.logo.artwork)
    print(f"command: python benchmarks/decode_region.py --rounds {a.rounds} --sizes {a.sizes}")
    print(f"threads: {threads}; CPU ms, medians of {a.rounds} interleaved rounds")
    today = ("load", "locate", "measure", "noise")
    region = ("half decode", "half locate", "region decode", "refine+measure", "half noise")
    print(
        "\n| poster | imread | today: load + locate + measure + noise | today / imread (/ load) "
        "| region: ½ decode + locate + region decode (lower bound) + refine & measure + noise "
        "| region / imread (/ load) | width, effective width px today → region "
        "| ink, background Lab |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = a.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in a.sizes.split(","):
            paper, dpi = size.split("@")
            path = folder / f"{paper}-{dpi}dpi.jpg"
            if not path.exists():
                make(path, paper, int(dpi))
            steps, st = designs(path, kit, ref)
            for fn in steps.values():  # warm, and make the region's JPEG
                fn()
            cpu: dict[str, list[float]] = {n: [] for n in steps}
            for _ in range(a.rounds):
                for n, fn in steps.items():
                    c0 = time.process_time()
                    fn()
                    cpu[n].append((time.process_time() - c0) * 1e3)
            med = {n: statistics.median(v) for n, v in cpu.items()}
            t_today = statistics.median(
                sum(cpu[n][i] for n in today) / cpu["imread"][i] for i in range(a.rounds)
            )
            t_region = statistics.median(
                sum(cpu[n][i] for n in region) / cpu["imread"][i] for i in range(a.rounds)
            )
            # the same against brandcheck's own full decode, timed beside: on a loaded
            # machine imread's CPU time swings with its page faults more than the steps do
            by_load = [
                statistics.median(
                    sum(cpu[n][i] for n in steps_of) / cpu["load"][i] for i in range(a.rounds)
                )
                for steps_of in (today, region)
            ]
            m1, m2 = st["ms"][0], st["m2"]
            print(
                f"| {paper} {dpi} dpi JPEG | {med['imread']:.0f} "
                f"| {' + '.join(f'{med[n]:.0f}' for n in today)} = "
                f"{sum(med[n] for n in today):.0f} | {t_today:.2f}× ({by_load[0]:.2f}×) "
                f"| {' + '.join(f'{med[n]:.0f}' for n in region)} = "
                f"{sum(med[n] for n in region):.0f} | {t_region:.2f}× ({by_load[1]:.2f}×) "
                f"| {m1.width_px:.2f}, {m1.effective_width_px:.2f} → "
                f"{m2.width_px:.2f}, {m2.effective_width_px:.2f} "
                f"| max Δ {_lab_delta(m1, m2):.4f} |"
            )
    return 0


def _lab_delta(m1: Any, m2: Any) -> float:
    return float(
        max(
            np.abs(np.asarray(m1.ink_lab) - np.asarray(m2.ink_lab)).max(),
            np.abs(np.asarray(m1.background_lab) - np.asarray(m2.background_lab)).max(),
        )
    )


if __name__ == "__main__":
    raise SystemExit(main())
