"""A larger corpus with ground truth, made on demand with a seed (never committed).

    python -m posterlab.tuned.corpus --out corpus --n 320 --seed 1

Writes the posters and ``truth.jsonl`` (one line per poster: path, category, logos with
quads and injected violation, expected finding codes).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from brandcheck import geometry as geo
from brandcheck.brand import BrandKit, load_brand
from posterlab import assets
from posterlab.io import camera_exif, write_atomic, write_cmyk_tiff, write_jpeg, write_png
from posterlab.render import rgb_to_cmyk_values
from posterlab.tuned import (
    CODES,
    PHOTOS,
    PosterSpec,
    Synth,
    compliant_placement,
    make_poster,
    placement_matrix,
    violate,
    warp_alpha,
)

CATEGORIES = (
    "clean",
    "print",
    "recompressed",
    "cmyk-tiff",
    "phone",
    "logo-free",
    "lookalike",
    *(f"code:{c}" for c in CODES),
)


#: The EXIF a phone writes with a photo (IFD0 Make and Model): phone photos carry it.
PHONE_EXIF = camera_exif("brandcheck-synthetic", "phone camera")


def save_rgb(
    rgb: np.ndarray,
    path: Path,
    *,
    quality: int = 92,
    ppi: float | None = None,
    exif: bytes | None = None,
) -> None:
    """Write a PNG or JPEG (by suffix) atomically, with resolution metadata when known.

    JPEGs are 4:2:0, what cameras and exports use.
    """
    if path.suffix.lower() in (".jpg", ".jpeg"):
        write_jpeg(path, rgb, quality, ppi, subsampling=2, exif=exif)
    else:
        write_png(path, rgb, ppi)


def save_cmyk(cmyk: np.ndarray, path: Path, ppi: float) -> None:
    """Write a CMYK TIFF (LZW, as print exports commonly are) atomically."""
    write_cmyk_tiff(path, cmyk, ppi, compression="tiff_lzw")


def to_cmyk(s: Synth, kit: BrandKit) -> np.ndarray:
    """The poster as CMYK ink: the logo in the kit's exact build, the rest by Pillow's formula."""
    # no grey-component replacement: Pillow's naive formula (C = 255 - R, K = 0)
    cmyk = rgb_to_cmyk_values(s.rgb, gcr=0.0).astype(np.float32)
    build = np.array(kit.colour.cmyk, np.float32) * 2.55
    art = assets.load_artwork(kit=kit).alpha
    for p in s.spec.logos:
        if p.ink is not None:
            continue
        a = warp_alpha(
            art, placement_matrix(p, art.shape[1], art.shape[0]), (s.spec.width, s.spec.height)
        )[..., None]
        cmyk = cmyk * (1 - a) + build * a
    return cmyk.round().clip(0, 255).astype(np.uint8)


def phone_photo(s: Synth, rng: np.random.Generator) -> Synth:
    """The poster printed, hung on a wall and photographed: perspective, blur, noise, light."""
    h, w = s.rgb.shape[:2]
    W, H = int(w * 1.25), int(h * 1.2)

    def j() -> float:
        return float(rng.uniform(-0.035, 0.035))

    src = geo.frame_corners(w, h).astype(np.float32)
    dst = np.array(
        [
            [0.1 * W + j() * w, 0.08 * H + j() * h],
            [0.9 * W + j() * w, 0.08 * H + j() * h],
            [0.9 * W + j() * w, 0.92 * H + j() * h],
            [0.1 * W + j() * w, 0.92 * H + j() * h],
        ],
        np.float32,
    )
    m = np.asarray(cv2.getPerspectiveTransform(src, dst), np.float64)
    wall = np.empty((H, W, 3), np.uint8)
    wall[:] = rng.integers(150, 210, 3)
    out = cv2.warpPerspective(
        s.rgb, m, (W, H), dst=wall, borderMode=cv2.BORDER_TRANSPARENT, flags=cv2.INTER_LINEAR
    )
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    light = 1.0 - 0.35 * (((xx - W * rng.uniform(0.3, 0.7)) / W) ** 2 + ((yy - H * 0.4) / H) ** 2)
    out = out.astype(np.float32) * light[..., None] * rng.uniform(0.85, 1.0)
    out = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(0.6, 1.4)))
    out += rng.normal(0, 3.0, out.shape).astype(np.float32)
    ph = Synth(
        out.clip(0, 255).astype(np.uint8),
        s.spec,
        violations=list(s.violations),
        expected=set(s.expected),
    )
    ph.quads = [
        geo.to_edge(geo.apply(m, np.asarray(q, np.float64) - 0.5)).round(3).tolist()
        for q in s.quads
    ]
    return ph


def poster_for(
    category: str, rng: np.random.Generator, seed: int, kit: BrandKit
) -> tuple[Synth, str, dict[str, Any]]:
    """One poster of ``category``; returns it, the file suffix and writer options."""
    photo = list(PHOTOS)[int(rng.integers(len(PHOTOS)))] if rng.random() < 0.8 else None
    bg = "gradient" if rng.random() < 0.4 else "flat"
    w, h, ppi = 1240, 1754, None
    if category == "print":
        w, h, ppi = 2480, 3508, 300.0
    spec = PosterSpec(width=w, height=h, ppi=ppi, background=bg, photo=photo, seed=seed)
    base = compliant_placement(rng, w, h)
    suffix, opts = ".png", {}
    if category in ("clean", "print", "recompressed", "cmyk-tiff", "phone"):
        spec = PosterSpec(**{**spec.__dict__, "logos": (base,)})
        suffix = ".jpg" if category in ("print", "recompressed", "phone") else suffix
        opts = {"quality": 60 if category == "recompressed" else 90}
        if category == "cmyk-tiff":
            suffix = ".tif"
    elif category == "logo-free":
        spec = PosterSpec(**{**spec.__dict__, "logos": ()})
    elif category == "lookalike":
        spec = PosterSpec(**{**spec.__dict__, "logos": (), "lookalikes": True})
    else:
        code = category.split(":", 1)[1]
        if code == "logo-missing":
            spec = PosterSpec(**{**spec.__dict__, "logos": ()})
        else:
            if code == "too-small" and rng.random() < 0.5:
                spec = PosterSpec(**{**spec.__dict__, "ppi": 300.0})
            spec = PosterSpec(
                **{**spec.__dict__, "logos": (violate(code, base, rng, spec),), "violation": code}
            )
    s = make_poster(spec, kit)
    if category == "recompressed":
        small = cv2.resize(s.rgb, (w * 3 // 4, h * 3 // 4), interpolation=cv2.INTER_AREA)
        s.quads = [(np.array(q) * 0.75).round(3).tolist() for q in s.quads]
        s.rgb = small
    if category == "phone":
        s = phone_photo(s, rng)
    return s, suffix, opts


def make_corpus(out: Path, n: int, seed: int, kit: BrandKit | None = None) -> Path:
    """Write ``n`` posters spread over :data:`CATEGORIES` and their ``truth.jsonl``."""
    kit = kit or load_brand()
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)]
        rng = np.random.default_rng([seed, i])
        s, suffix, opts = poster_for(category, rng, seed * 100000 + i, kit)
        name = f"{i:04d}-{category.replace(':', '-')}{suffix}"
        path = out / name
        if suffix == ".tif":
            save_cmyk(to_cmyk(s, kit), path, 150.0)
        else:
            save_rgb(
                s.rgb,
                path,
                ppi=s.spec.ppi,
                exif=PHONE_EXIF if category == "phone" else None,
                **opts,
            )
        row = {"path": name, "category": category, **s.truth()}
        if suffix == ".tif":
            row["ppi"] = 150.0
        rows.append(row)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    write_atomic(out / "truth.jsonl", text.encode("utf-8"))
    return out / "truth.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=320)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    print(make_corpus(a.out, a.n, a.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
