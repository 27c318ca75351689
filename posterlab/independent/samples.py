"""Named sample posters with the verdict brandcheck should give, and their README.

    python -m posterlab.independent.samples OUT_DIR

Writes 15 posters (about 6 MB): a compliant A4 print at 300 ppi, a compliant web poster, a
compliant CMYK TIFF, one poster per finding code, a lookalike poster and a phone photo of
a printed compliant poster; plus ``README.md`` listing each file, what it shows, and the
status and codes brandcheck should report. Deterministic: each sample takes the first
seed (from a fixed start) whose ground truth is exactly the wanted codes with nothing
borderline.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from brandcheck.brand import BrandKit, load_brand
from posterlab.assets import LICENCES
from posterlab.independent.phone import PhoneSpec, photograph
from posterlab.independent.poster import PosterSpec, Synth, make_poster, write_synth
from posterlab.io import write_atomic


@dataclass(frozen=True)
class Sample:
    name: str
    spec: PosterSpec
    want: tuple[str, ...]
    quality: int = 90
    phone: PhoneSpec | None = None


SAMPLES: tuple[Sample, ...] = (
    Sample(
        "compliant-print-a4-300dpi.jpg",
        PosterSpec(2480, 3508, ppi=300.0, background="flat"),
        (),
        85,
    ),
    Sample("compliant-web.jpg", PosterSpec(1000, 1414, background="photo"), ()),
    Sample("compliant-cmyk-a5-150dpi.tif", PosterSpec(874, 1240, ppi=150.0, cmyk=True), ()),
    Sample("colour-recoloured.jpg", PosterSpec(violation="colour"), ("colour",)),
    Sample("distorted-stretched.jpg", PosterSpec(violation="distorted"), ("distorted",)),
    Sample("rotated.jpg", PosterSpec(violation="rotated"), ("rotated",)),
    Sample("too-small.jpg", PosterSpec(violation="too-small"), ("too-small",)),
    Sample("clear-space-intrusion.jpg", PosterSpec(violation="clear-space"), ("clear-space",)),
    Sample("cropped-off-edge.jpg", PosterSpec(violation="cropped"), ("cropped",)),
    Sample("altered.jpg", PosterSpec(violation="altered"), ("altered",)),
    Sample("low-contrast.jpg", PosterSpec(violation="low-contrast"), ("low-contrast",)),
    Sample(
        "low-resolution-upscaled.jpg", PosterSpec(violation="low-resolution"), ("low-resolution",)
    ),
    Sample("logo-missing.jpg", PosterSpec(violation="logo-missing"), ("logo-missing",)),
    Sample("lookalike-emblems.jpg", PosterSpec(logos=0, lookalikes=4), ("logo-missing",)),
    Sample(
        "phone-photo-wall.jpg",
        PosterSpec(1240, 1754, ppi=150.0),
        (),
        85,
        PhoneSpec(2268, 3024, roll_deg=(0.0, 0.6), keystone=0.005),
    ),
)
#: First seed tried for sample k is SEED0 + 1000 k.
SEED0 = 2019


def _describe(s: Synth, sample: Sample) -> str:
    if not s.logos:
        looks = s.meta.get("lookalikes", [])
        if looks:
            return (
                "no logo; lookalikes: "
                + ", ".join(str(x["kind"]) for x in looks)
                + "; 质量 in text"
            )
        return "campaign poster without the logo"
    lg = s.logos[0]
    p = lg.params
    w, h = s.size
    where = f"{w}×{h} px" + (f", {s.ppi:g} ppi" if s.ppi else "")
    v = lg.violation
    if sample.phone:
        pp = s.meta["photo"]
        return (
            f"phone photo ({where}) of a printed compliant poster on a {pp['wall']} wall: "
            f"roll {pp['roll_deg']:+.1f}°, blur σ {pp['blur_sigma']:.1f}, vignetting, JPEG"
        )
    width = float(np.hypot(*(lg.quad[1] - lg.quad[0])))
    size = f"logo {width:.0f} px" + (f" ({width / s.ppi * 25.4:.0f} mm)" if s.ppi else "")
    if v is None:
        kind = "CMYK TIFF, ink C11 M99 Y100 K0" if sample.spec.cmyk else "compliant"
        return f"{kind}, {where}, {size}, clear space kept"
    detail = {
        "colour": lambda: (
            f"ink sRGB {tuple(lg.ink)} ({p.get('recolour')}), ΔE00 {p.get('delta_e00')}"
        ),
        "distorted": lambda: f"stretched {p['stretch']:.2f}× along {p['stretch_axis']}",
        "rotated": lambda: f"turned {p['angle_deg']:+.1f}°",
        "too-small": lambda: f"{size}, below 120 px",
        "clear-space": lambda: (
            f"{p['intruder']} inside the clear space ({p['intruder_side']}), "
            f"{p['intrusion_share']:.0%} of the zone"
        ),
        "cropped": lambda: f"{p['off_canvas']:.0%} of the logo off the {p['crop_side']} edge",
        "altered": lambda: (
            f"{p['alteration']}: "
            + (
                f"{p['missing']:.0%} of the ink missing"
                if "missing" in p
                else f"{p['added']:.0%} ink added"
            )
        ),
        "low-contrast": lambda: f"on a {p['panel_family']} panel, contrast {p['contrast']}:1",
        "low-resolution": lambda: (
            f"upscaled {p['upscale']:.1f}× from a {p['source_width']} px raster"
        ),
    }[v]()
    return f"{detail}; {where}"


def make_sample(k: int, sample: Sample, kit: BrandKit) -> tuple[Synth, int]:
    """The first poster from seed ``SEED0 + 1000 k`` on whose truth is exactly ``want``."""
    for t in range(200):
        seed = SEED0 + 1000 * k + t
        rng = np.random.default_rng(seed)
        s = make_poster(rng, sample.spec, kit)
        if sample.phone:
            s = photograph(rng, s, sample.phone, kit)
        if s.expected == sample.want and not s.ambiguous:
            return s, seed
    raise RuntimeError(f"no seed gives {sample.want} for {sample.name}")  # pragma: no cover


def write_samples(
    out_dir: str | Path, kit: BrandKit | None = None, progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Write every sample and ``README.md`` into ``out_dir``; returns the paths written."""
    kit = kit or load_brand()
    out = Path(out_dir)
    rows, paths, licences = [], [], set()
    for k, sample in enumerate(SAMPLES):
        s, seed = make_sample(k, sample, kit)
        paths.append(write_synth(out / sample.name, s, sample.quality))
        licences.update(s.meta.get("licences", []))
        status = "fail" if sample.want else "pass"
        codes = ", ".join(sample.want) or "-"
        rows.append(f"| `{sample.name}` | {_describe(s, sample)} | {status} | {codes} |")
        if progress:
            progress(f"{sample.name}: seed {seed}, {status} {codes}")
    lic = "; ".join(f"{n}: {LICENCES[n]}" for n in sorted(licences))
    text = "\n".join(
        [
            "# Sample posters",
            "",
            "Made by `python -m posterlab.independent.samples <dir>` (deterministic) from the",
            "brand kit's artwork (`logo.png`), the kit's Noto Sans CJK subset (OFL), the 2019 notice's theme,",
            "slogans and text, and photographs bundled with scikit-image"
            + (f" ({lic})." if lic else "."),
            "",
            "The verdict is what brandcheck should report: the status and the codes of its",
            "fail/warn findings (info findings aside).",
            "",
            "| file | what it shows | verdict | fail/warn codes |",
            "|---|---|---|---|",
            *rows,
            "",
        ]
    )
    paths.append(write_atomic(out / "README.md", text.encode("utf-8")))
    return paths


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m posterlab.independent.samples OUT_DIR", file=sys.stderr)
        return 2
    warnings.simplefilter("default")
    paths = write_samples(args[0], progress=print)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} files, {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
