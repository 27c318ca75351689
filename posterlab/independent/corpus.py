"""A labelled corpus for benchmarks: images plus ``truth.jsonl``.

    python -m posterlab.independent.corpus --out DIR --n 320 --seed 1 [--jobs 2]

Poster ``i`` belongs to category ``CATEGORIES[i % len(CATEGORIES)]`` and is drawn from
``default_rng([seed, i])`` alone, so any subset (``--limit``) or job count gives the same
files. Categories:

- ``clean``: web posters (800-1600 px, JPEG q85-95 or PNG), compliant, 1-2 logos;
- ``print``: A4 or A3 at 300 ppi, JPEG with the ppi, compliant;
- ``recompressed``: a compliant poster resized by 0.5-0.8 and saved as JPEG q60;
- ``cmyk-tiff``: A4 at 150/200 ppi, CMYK TIFF (deflate) with the ppi; a quarter in a
  wrong CMYK build (``colour``);
- ``phone``: a phone photo (1536×2048 to 3024×4032) of a printed compliant poster, half
  careful (level, square on), half casual (roll, keystone: ``rotated``/``distorted`` in the
  image plane, see ``phone._posed``);
- ``logo-free``: campaign posters without any logo;
- ``lookalike``: red emblems and 质量 in large type; half with the logo, half without;
- ``code:<name>``: one violation per poster, for every finding code.

Each ``truth.jsonl`` line: ``path`` (relative), ``category``, ``seed``, ``size``, ``ppi``,
``format``, ``expected`` (fail/warn codes brandcheck should report), ``ambiguous``
(codes at a threshold, counted neither way), ``logos`` (quad in edge coordinates TL TR BR
BL, zone, homography, injected ``violation``, its parameters) and ``meta``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from posterlab.independent.layout import pick
from posterlab.independent.phone import PhoneSpec, photograph
from posterlab.independent.poster import PosterSpec, Synth, make_poster, resized, write_synth
from posterlab.independent.violations import CODES
from posterlab.io import write_atomic

CATEGORIES: tuple[str, ...] = (
    "clean",
    "print",
    "recompressed",
    "cmyk-tiff",
    "phone",
    "logo-free",
    "lookalike",
    *(f"code:{c}" for c in CODES),
)
A4_300, A3_300 = (2480, 3508), (3508, 4961)


def _web_size(rng: np.random.Generator) -> tuple[int, int]:
    if rng.random() < 0.15:
        w = int(pick(rng, (1200, 1600, 1920)))
        return w, round(w * float(pick(rng, (0.5625, 0.525, 0.667))))
    w = int(pick(rng, (800, 1000, 1080, 1200, 1600)))
    return w, round(w * float(pick(rng, (1.414, 1.333, 1.5, 1.25))))


def make_item(seed: int, index: int) -> tuple[str, Synth, str, int]:
    """Poster ``index`` of the corpus: (category, poster, file suffix, JPEG quality)."""
    cat = CATEGORIES[index % len(CATEGORIES)]
    rng = np.random.default_rng([seed, index])
    q = int(rng.integers(85, 96))
    if cat == "clean":
        w, h = _web_size(rng)
        s = make_poster(rng, PosterSpec(w, h, logos=2 if rng.random() < 0.15 else 1))
        return cat, s, ".png" if rng.random() < 0.2 else ".jpg", q
    if cat == "print":
        w, h = A4_300 if rng.random() < 0.6 else A3_300
        return cat, make_poster(rng, PosterSpec(w, h, ppi=300.0)), ".jpg", int(rng.integers(88, 96))
    if cat == "recompressed":
        f = float(rng.uniform(0.5, 0.8))
        w = int(pick(rng, (1200, 1600, 2000)))
        h = round(w * float(pick(rng, (1.414, 1.333))))
        s = make_poster(rng, PosterSpec(w, h, min_logo_px=1.2 * 120 / f))
        return cat, resized(s, f), ".jpg", 60
    if cat == "cmyk-tiff":
        ppi = float(pick(rng, (150.0, 200.0)))
        w, h = round(210 / 25.4 * ppi), round(297 / 25.4 * ppi)
        v = "colour" if rng.random() < 0.25 else None
        return cat, make_poster(rng, PosterSpec(w, h, ppi=ppi, cmyk=True, violation=v)), ".tif", q
    if cat == "phone":
        sz = [(1536, 2048), (2268, 3024), (3024, 4032)][int(rng.choice(3, p=[0.5, 0.3, 0.2]))]
        poster = make_poster(rng, PosterSpec(1240, 1754, ppi=150.0))
        # half careful shots (square on, level), half casual ones (roll, keystone)
        ps = (
            PhoneSpec(*sz, roll_deg=(0.0, 0.7), keystone=0.006)
            if rng.random() < 0.5
            else PhoneSpec(*sz, roll_deg=(0.5, 3.0), keystone=0.035)
        )
        return cat, photograph(rng, poster, ps), ".jpg", int(rng.integers(82, 93))
    if cat == "logo-free":
        w, h = _web_size(rng)
        return cat, make_poster(rng, PosterSpec(w, h, logos=0)), ".jpg", q
    if cat == "lookalike":
        w, h = _web_size(rng)
        n = int(rng.integers(2, 5))
        logos = 1 if rng.random() < 0.5 else 0
        return cat, make_poster(rng, PosterSpec(w, h, logos=logos, lookalikes=n)), ".jpg", q
    code = cat.split(":", 1)[1]
    if rng.random() < 0.25:  # a print file with a physical size
        s = make_poster(rng, PosterSpec(1240, 1754, ppi=150.0, violation=code))
    else:
        w, h = _web_size(rng)
        s = make_poster(rng, PosterSpec(w, h, violation=code))
    return cat, s, ".jpg", q


def record(
    path: str, cat: str, seed: int, index: int, s: Synth, fmt: str, q: int
) -> dict[str, Any]:
    """One ``truth.jsonl`` line."""
    t = s.truth()
    return {
        "path": path,
        "category": cat,
        "seed": [seed, index],
        "format": fmt,
        "quality": q if fmt == "jpeg" else None,
        **t,
    }


def _one(args: tuple[Path, int, int]) -> dict[str, Any]:
    out, seed, i = args
    warnings.simplefilter("ignore", UserWarning)
    cat, s, suffix, q = make_item(seed, i)
    name = f"images/{i:04d}-{cat.replace(':', '-')}{suffix}"
    write_synth(out / name, s, q)
    fmt = {".jpg": "jpeg", ".png": "png", ".tif": "tiff"}[suffix]
    return record(name, cat, seed, i, s, fmt, q)


def iter_corpus(out: Path, n: int, seed: int, jobs: int = 1) -> Iterator[dict[str, Any]]:
    """Write posters 0..n-1 into ``out/images``; yields their truth records in order."""
    tasks = [(out, seed, i) for i in range(n)]
    if jobs <= 1:
        for t in tasks:
            yield _one(t)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as ex:
        yield from ex.map(_one, tasks, chunksize=4)


def make_corpus(
    out_dir: str | Path, n: int = 320, seed: int = 1, jobs: int = 1, progress: bool = False
) -> Path:
    """Write ``n`` posters and ``truth.jsonl`` (written last, atomically) into ``out_dir``."""
    out = Path(out_dir)
    (out / "images").mkdir(parents=True, exist_ok=True)
    lines = []
    t0 = time.perf_counter()
    for k, rec in enumerate(iter_corpus(out, n, seed, jobs)):
        lines.append(json.dumps(rec, ensure_ascii=False))
        if progress and (k + 1) % 20 == 0:
            print(f"  {k + 1}/{n} posters, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return write_atomic(out / "truth.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m posterlab.independent.corpus",
        description="Write a labelled poster corpus (images + truth.jsonl).",
    )
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--n", type=int, default=320, help="number of posters (default 320)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    p = make_corpus(a.out, a.n, a.seed, a.jobs, progress=True)
    dt = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in (Path(a.out) / "images").iterdir())
    print(
        f"wrote {a.n} posters ({size / 1e6:.0f} MB) and {p} in {dt:.1f} s "
        f"({dt / max(1, a.n):.2f} s a poster)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
