"""The template search's numbers, from their distributions: true tiny logos against pages.

    nice python benchmarks/tinypeaks.py [--n 12] [--seed0 5000]
        [--artworks standin,seal,badge,wordmark]

For each artwork, ``--n`` tiny-logo posters (40-70 px wide on pages up to 7000 px) and
``--n`` logo-free and lookalike posters are drawn by ``posterlab.unseen.generator`` from
seeds ``seed0...`` (not the seeds ``benchmarks/unseen.py`` judges with), half JPEG q80-95.
On each page the template search's coarse peaks (every place at or above 0.3, one per
place over an octave's widths) are listed with their fine |NCC| (the same place
correlated again at twice the resolution), as :func:`brandcheck.template.correlation_peaks`
does. Printed per artwork: for each true logo its height, its coarse |NCC| and rank among
the page's places, its fine |NCC| and rank, and the verification score at its true pose;
for the pages without the logo the largest fine |NCC| and the best verification score of
their ``max_peaks`` best peaks once snapped (what the search would judge against
``verify_min``). ``coarse_peak`` must sit below
every true logo's coarse value, ``coarse_keep`` above its rank, and ``min_peak`` between
the true logos' fine values and the pages' (for those above it verification decides).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.unseen import _jpeg
from brandcheck import geometry as geo
from brandcheck.brand import load_brand
from brandcheck.locate import LocateParams, reference_for, to_channel, verify
from brandcheck.template import (
    TemplateParams,
    _around,
    _Inks,
    _snap,
    correlation_peaks,
    verifier_at,
)
from posterlab.unseen.artworks import draw, make_kit
from posterlab.unseen.generator import make_poster


def _page(seed: int, kind: str, alpha: np.ndarray, alike: np.ndarray) -> tuple[np.ndarray, list]:
    p = make_poster(seed, kind, alpha, alike)
    rng = np.random.default_rng(seed + 10_000)
    rgb = p.rgb if rng.random() >= 0.5 else _jpeg(p.rgb, int(rng.integers(80, 96)))
    return rgb, p.quads


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--seed0", type=int, default=5000)
    ap.add_argument("--artworks", default="standin,seal,badge,wordmark")
    ap.add_argument("--out", default="out/tinypeaks")
    args = ap.parse_args(argv)
    print(f"$ {' '.join([Path(sys.argv[0]).name, *(argv or sys.argv[1:])])}")
    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}")
    tp = TemplateParams(coarse_peak=0.3, coarse_keep=100_000, min_peak=0.0)
    lp = LocateParams()
    for name in args.artworks.split(","):
        kit_dir = None if name == "standin" else make_kit(name, Path(args.out) / "kits" / name)
        ref = reference_for(load_brand(kit_dir).logo.artwork)
        alpha, alike = draw(name), draw(f"{name}-alike")
        inks = _Inks(ref)
        print(f"\n## {name}\nheight px | coarse |NCC| (rank) | fine |NCC| (rank) | verify at truth")
        worst = [1.0, 0, 1.0]
        for seed in range(args.seed0, args.seed0 + args.n):
            rgb, quads = _page(seed, "tiny", alpha, alike)
            grey = to_channel(rgb, "grey")
            truth = np.asarray(quads[0]) - 0.5  # edge -> centre convention
            centre, width = truth.mean(axis=0), float(truth[1, 0] - truth[0, 0])
            rows = correlation_peaks(grey, ref, tp, inks)
            coarse = sorted((r[3] for r in rows), reverse=True)
            fine = sorted((r[0] for r in rows), reverse=True)
            near = [
                r
                for r in rows
                if np.hypot(
                    *(geo.apply(r[1], geo.frame_corners(ref.width, ref.height)).mean(0) - centre)
                )
                < 0.3 * width
            ]
            h = cv2.getPerspectiveTransform(
                geo.frame_corners(ref.width, ref.height).astype(np.float32),
                truth.astype(np.float32),
            ).astype(np.float64)
            rv, pv = verifier_at(ref, lp, width)
            crop, to_crop = _around(grey, truth, min(1.0, pv.verify_width / width))
            vt = verify(crop, to_crop @ h, rv, pv)[0]
            if not near:
                print(f"{truth[2, 1] - truth[0, 1]:5.1f} | no place within 0.3 x width | {vt:.2f}")
                worst = [0.0, 10**9, 0.0]
                continue
            best = max(near, key=lambda r: r[0])
            cr, fr = coarse.index(best[3]) + 1, fine.index(best[0]) + 1
            worst = [min(worst[0], best[3]), max(worst[1], cr), min(worst[2], best[0])]
            print(
                f"{truth[2, 1] - truth[0, 1]:5.1f} | {best[3]:.2f} ({cr} of {len(coarse)}) | "
                f"{best[0]:.2f} ({fr}) | {vt:.2f}"
            )
        tops, snapped = [], []
        for seed in range(args.seed0, args.seed0 + args.n):
            kind = "logo-free" if seed % 2 else "lookalike"
            rgb, _ = _page(seed, kind, alpha, alike)
            grey = to_channel(rgb, "grey")
            rows = sorted(correlation_peaks(grey, ref, tp, inks), key=lambda r: -r[0])
            tops.append(rows[0][0] if rows else 0.0)
            best = 0.0
            for v, h, _pol, _c in rows[: TemplateParams().max_peaks]:
                if v < TemplateParams().min_peak:
                    break
                q = geo.apply(h, geo.frame_corners(ref.width, ref.height))
                w = float(np.hypot(*(q[1] - q[0])))
                rv, pv = verifier_at(ref, lp, w)
                crop, to_crop = _around(grey, q, min(1.0, pv.verify_width / max(w, 1.0)))
                best = max(best, _snap(crop, to_crop @ h, ref, rv, pv, 1.12**2, inks)[0])
            snapped.append(best)
        print(
            f"true logos: coarse |NCC| >= {worst[0]:.2f}, coarse rank <= {worst[1]}, fine |NCC| "
            f">= {worst[2]:.2f}; pages without the logo: largest fine |NCC| "
            f"{', '.join(f'{t:.2f}' for t in sorted(tops, reverse=True))}; best snapped "
            f"verification {', '.join(f'{t:.2f}' for t in sorted(snapped, reverse=True))} "
            f"(verify_min {lp.verify_min})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
