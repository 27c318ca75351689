"""The bundled sample posters: one per verdict a designer can get, named by what they show.

    python -m posterlab.tuned.samples samples

Deterministic (fixed seeds); writes the posters and ``samples/README.md``, whose table
states the verdict each must get. ``tests/test_samples.py`` holds brandcheck to it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from brandcheck.brand import BrandKit, load_brand
from posterlab.assets import LICENCES
from posterlab.io import write_atomic
from posterlab.tuned import PHOTOS, Placement, PosterSpec, make_poster, violate
from posterlab.tuned.corpus import PHONE_EXIF, phone_photo, save_cmyk, save_rgb, to_cmyk

W, H = 1000, 1414  # A-series proportions, web size

#: name -> (what it shows, expected status, expected fail/warn codes)
SAMPLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "compliant-print-a4-300dpi.jpg": (
        "A4 at 300 ppi, logo 80 mm wide, clear space kept",
        "pass",
        (),
    ),
    "compliant-web.jpg": ("web poster, 1000 px wide, no physical size", "pass", ()),
    "compliant-cmyk.tif": ("CMYK TIFF, logo in the exact build C11 M99 Y100 K0", "pass", ()),
    "colour-wrong-red.jpg": ("logo in a magenta-red, not the brand red", "fail", ("colour",)),
    "distorted-stretched.jpg": ("logo stretched 1.3× vertically", "fail", ("distorted",)),
    "rotated.jpg": ("logo turned 12°", "fail", ("rotated",)),
    "too-small.jpg": ("logo 90 px wide on a web poster", "fail", ("too-small",)),
    "clear-space-crowded.jpg": (
        "a slogan set inside the logo's clear space",
        "fail",
        ("clear-space",),
    ),
    "cropped-off-edge.jpg": ("logo running off the left edge", "fail", ("cropped",)),
    "altered-outline.jpg": ("logo with an added dark outline", "fail", ("altered",)),
    "low-contrast-dark-panel.jpg": (
        "logo on a dark panel (contrast below 3:1)",
        "fail",
        ("low-contrast",),
    ),
    "low-resolution-upscaled.jpg": (
        "logo upscaled from a 50 px raster",
        "fail",
        ("low-resolution",),
    ),
    "logo-missing.jpg": ("campaign poster without the logo", "fail", ("logo-missing",)),
    "lookalike-emblems.jpg": (
        "other red emblems and 质量 in text, no logo",
        "fail",
        ("logo-missing",),
    ),
    "phone-photo-wall.jpg": (
        (
            "phone photo of a printed compliant poster on a wall: perspective "
            "and lighting; found, but its geometry is the photo's (its EXIF "
            "names a camera: resolution not judged, colour indicative)"
        ),
        "fail",
        ("distorted", "rotated"),
    ),
}


def _base(w: int, h: int) -> Placement:
    return Placement(width=0.42 * w, centre=(0.5 * w, 0.19 * h))


def build(name: str, kit: BrandKit) -> tuple[np.ndarray | None, np.ndarray | None, float | None]:
    """Pixels (RGB or CMYK) and ppi of one sample."""
    seed = sum(map(ord, name))
    rng = np.random.default_rng(seed)
    photo = list(PHOTOS)[seed % 4]
    spec = PosterSpec(
        width=W, height=H, photo=photo, seed=seed, background="gradient" if seed % 2 else "flat"
    )
    base = _base(W, H)
    if name.startswith("compliant-print"):
        s = make_poster(
            replace(
                spec,
                width=2480,
                height=3508,
                ppi=300.0,
                logos=(Placement(width=80 / 25.4 * 300, centre=(1240, 0.19 * 3508)),),
            ),
            kit,
        )
        return s.rgb, None, 300.0
    if name.startswith("compliant-cmyk"):
        s = make_poster(replace(spec, logos=(base,)), kit)
        return None, to_cmyk(s, kit), 150.0
    if name.startswith("phone-photo"):
        s = make_poster(replace(spec, logos=(base,)), kit)
        return phone_photo(s, rng).rgb, None, None
    if name.startswith("compliant"):
        return make_poster(replace(spec, logos=(base,)), kit).rgb, None, None
    if name.startswith("logo-missing"):
        return make_poster(replace(spec, logos=()), kit).rgb, None, None
    if name.startswith("lookalike"):
        return make_poster(replace(spec, logos=(), lookalikes=True), kit).rgb, None, None
    code = {
        "colour": "colour",
        "distorted": "distorted",
        "rotated": "rotated",
        "too-small": "too-small",
        "clear-space": "clear-space",
        "cropped": "cropped",
        "altered": "altered",
        "low-contrast": "low-contrast",
        "low-resolution": "low-resolution",
    }[
        next(
            c
            for c in (
                "colour",
                "distorted",
                "rotated",
                "too-small",
                "clear-space",
                "cropped",
                "altered",
                "low-contrast",
                "low-resolution",
            )
            if name.startswith(c)
        )
    ]
    fixed = {
        "colour": replace(base, ink=(190, 20, 100), violation="colour"),
        "distorted": replace(base, stretch=1.3, violation="distorted"),
        "rotated": replace(base, angle_deg=12.0, width=0.34 * W, violation="rotated"),
        "too-small": replace(base, width=90.0, violation="too-small"),
    }
    p = fixed.get(code) or violate(code, base, rng, spec)
    if code == "low-contrast":
        # the dark panel: pick the seed's panel colour deterministically
        p = replace(p, violation="low-contrast")
    if code == "altered":
        p = replace(p, violation="altered")
    s = make_poster(
        replace(spec, logos=(p,), violation=code),
        kit,
        altered_kind="outline" if code == "altered" else None,
        panel=(70, 62, 60) if code == "low-contrast" else None,
        lowres_px=50 if code == "low-resolution" else None,
    )
    return s.rgb, None, None


def write_samples(out: Path, kit: BrandKit | None = None) -> list[Path]:
    """Write every sample and the README table into ``out``."""
    kit = kit or load_brand()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SAMPLES:
        rgb, cmyk, ppi = build(name, kit)
        path = out / name
        if cmyk is not None:
            save_cmyk(cmyk, path, ppi or 150.0)
        elif rgb is not None:
            save_rgb(
                rgb,
                path,
                quality=85 if "print" in name else 88,
                ppi=ppi,
                exif=PHONE_EXIF if name.startswith("phone-photo") else None,
            )
        written.append(path)
    lines = [
        "# Sample posters",
        "",
        "Made by `python -m posterlab.tuned.samples samples` (deterministic) from the brand",
        "kit's stand-in artwork, the kit's Noto Sans CJK subset (OFL) and photographs bundled with",
        "scikit-image (" + "; ".join(f"{k} ({LICENCES[k]})" for k in PHOTOS) + ").",
        "`tests/test_samples.py` checks that brandcheck gives exactly the verdict below.",
        "",
        "| file | what it shows | verdict | fail/warn codes |",
        "|---|---|---|---|",
    ]
    for name, (what, status, codes) in SAMPLES.items():
        lines.append(f"| `{name}` | {what} | {status} | {', '.join(codes) if codes else '-'} |")
    write_atomic(out / "README.md", ("\n".join(lines) + "\n").encode("utf-8"))
    return written


if __name__ == "__main__":
    for p in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "samples")):
        print(p, f"{p.stat().st_size / 1024:.0f} KiB")
