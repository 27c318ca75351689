"""What both generators draw with: the kit's artwork, its CJK font, the logo's ink, photos.

Everything comes from the brand kit (``load_brand()``): the artwork is ``kit.logo.artwork``
and the font is the kit's Noto Sans CJK subset. A missing file is an error naming the
path, never a silent stand-in: posters drawn with anything else would not be the kit's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageFont

from brandcheck.brand import BrandKit, load_brand

#: The CJK font of the kit (relative to the kit folder).
KIT_FONT = Path("fonts") / "NotoSansCJKsc-Bold-subset.otf"
#: The ink of the logo on screen: sRGB of the kit's CMYK build (11/99/100/0 via FOGRA39),
#: what :func:`ink_srgb` computes for the default kit; a constant so that drawing a red
#: needs no colour pipeline.
INK_SRGB: tuple[int, int, int] = (200, 37, 38)

#: scikit-image's bundled photographs the generators may use, with their licence as the
#: docstrings of ``skimage.data`` state it (the package's data/README.txt only explains
#: downloading; each loader's docstring carries the image's origin and licence).
LICENCES: dict[str, str] = {
    "astronaut": "NASA Great Images database; no known copyright restrictions, public domain",
    "coffee": "Rachel Michetti, courtesy of Pikolo Espresso Bar; CC0",
    "chelsea": "Stefan van der Walt; CC0",
    "rocket": "SpaceX; released into the public domain",
    "hubble_deep_field": "NASA/Hubble; may be freely used, public domain",
    "immunohistochemistry": "Center for Microscopy And Molecular Imaging (CMMI); no known copyright restrictions",
    "grass": "linolafett, DeviantArt; CC0",
    "gravel": "CC0Textures (Gravel04); CC0",
    "brick": "CC0Textures (Bricks25); CC0",
}


@dataclass(frozen=True)
class Artwork:
    """The logo artwork: alpha (ink = 255) and where it came from."""

    alpha: np.ndarray  # (h, w) uint8, read-only
    path: Path
    from_kit: bool

    @property
    def width(self) -> int:
        return int(self.alpha.shape[1])

    @property
    def height(self) -> int:
        return int(self.alpha.shape[0])


@lru_cache(maxsize=4)
def _read_alpha(path: str, mtime: float) -> np.ndarray:
    with Image.open(path) as im:
        rgba = np.asarray(im.convert("RGBA"))
    a = np.ascontiguousarray(rgba[..., 3])
    a.setflags(write=False)
    return a


def load_artwork(path: str | Path | None = None, kit: BrandKit | None = None) -> Artwork:
    """The artwork's alpha: ``path`` if given, else the kit's ``logo.artwork``.

    The cache is keyed on the file's modification time, so a rebuilt kit is read again.
    """
    if path is not None:
        p, from_kit = Path(path), False
    else:
        p, from_kit = (kit or load_brand()).logo.artwork, True
    if not p.is_file():
        raise FileNotFoundError(f"no logo artwork at {p}")
    return Artwork(_read_alpha(str(p), p.stat().st_mtime), p, from_kit)


def font_path(kit: BrandKit | None = None) -> Path:
    """The kit's CJK font (it covers every character the generators set)."""
    p = (kit or load_brand()).root / KIT_FONT
    if not p.is_file():
        raise FileNotFoundError(f"no poster font at {p}")
    return p


@lru_cache(maxsize=64)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """The font at ``path`` at ``size`` px (cached: text is set line by line)."""
    return ImageFont.truetype(path, size)


def ink_srgb(kit: BrandKit) -> tuple[int, int, int]:
    """The kit colour as an sRGB triple, through the kit's print condition."""
    from brandcheck.colour import expected_srgb

    return expected_srgb(kit.colour)


@lru_cache(maxsize=16)
def photo(name: str) -> np.ndarray:
    """A scikit-image sample photo as (H, W, 3) uint8 RGB (grey ones are expanded)."""
    if name not in LICENCES:
        raise KeyError(f"{name} is not a photo with a recorded licence")
    from skimage import data

    img = np.asarray(getattr(data, name)())
    if img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=2)
    img = np.ascontiguousarray(img[..., :3].astype(np.uint8))
    img.setflags(write=False)
    return img
