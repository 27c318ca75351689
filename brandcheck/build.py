"""``brandcheck brand build``: render a kit's PNG artwork from its SVG masters.

Works for any kit: every master ``brand.toml`` names is rendered with resvg at the kit's
render width, made RGBA (transparent outside the ink), cropped tight to the ink and
written atomically. resvg is an optional extra (``pip install 'brandcheck[build]'``): a
self-contained renderer, so no system Cairo or fonts are needed (masters hold outlines).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import numpy as np

from brandcheck.brand import BrandKit, load_brand
from brandcheck.errors import BrandKitError


def render_svg(svg_text: str, width: int) -> np.ndarray:
    """RGBA array (H, W, 4) of an SVG rendered ``width`` px wide (untrimmed)."""
    try:
        import resvg_py
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise BrandKitError("rendering SVG masters needs resvg: pip install 'brandcheck[build]'") from exc
    from PIL import Image

    png = resvg_py.svg_to_bytes(svg_string=svg_text, width=width, skip_system_fonts=True)
    with Image.open(io.BytesIO(bytes(png))) as im:
        return np.asarray(im.convert("RGBA"))


def _bbox(alpha: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(alpha > 0)
    if len(xs) == 0:
        raise BrandKitError("the master renders no ink")
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def trim(rgba: np.ndarray) -> np.ndarray:
    """Crop to the ink (alpha > 0) bounding box."""
    x0, y0, x1, y1 = _bbox(rgba[..., 3])
    return np.ascontiguousarray(rgba[y0:y1, x0:x1])


def ink_box(svg_text: str, width: int, *, crop_like: str) -> tuple[int, int, int, int]:
    """Ink box of ``svg_text`` in the pixels of ``crop_like`` rendered and trimmed."""
    ox, oy, _, _ = _bbox(render_svg(crop_like, width)[..., 3])
    x0, y0, x1, y1 = _bbox(render_svg(svg_text, width)[..., 3])
    return x0 - ox, y0 - oy, x1 - ox, y1 - oy


def write_png_atomic(rgba: np.ndarray, path: Path) -> None:
    """Write a PNG via a temporary file in the same folder, then rename."""
    from PIL import Image

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".png")
    try:
        with os.fdopen(fd, "wb") as fh:
            Image.fromarray(rgba, "RGBA").save(fh, format="PNG", optimize=True)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; artwork is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_kit(kit: BrandKit | str | Path | None = None) -> list[Path]:
    """Render every (master -> artwork) pair the kit names; returns the files written."""
    k = kit if isinstance(kit, BrandKit) else load_brand(kit)
    jobs = [(k.logo.master, k.logo.artwork, k.logo.render_width_px)]
    if k.lockup.master is not None and k.lockup.artwork is not None:
        jobs.append((k.lockup.master, k.lockup.artwork, k.lockup.render_width_px))
    written = []
    for master, out, width in jobs:
        if master is None:
            continue
        if not master.is_file():
            raise BrandKitError(f"master {master.name} named in brand.toml is missing", path=str(master))
        rgba = trim(render_svg(master.read_text(encoding="utf-8"), width))
        write_png_atomic(rgba, out)
        written.append(out)
    return written
