"""What the generator draws with: the kit's artwork, the CJK font, photos, text.

Everything comes from the brand kit (``load_brand()``): the artwork is ``kit.logo.artwork``
and the font is the kit's Noto Sans CJK subset. Two development fallbacks exist for while
the kit is being drawn, each announced by a warning and recorded in every poster's
metadata: ``BRANDCHECK_SYNTH_ARTWORK`` (default ``/tmp/dev/logo.png``) when the kit's
``logo.png`` does not exist yet, and a Latin font (CJK shows as boxes) when the subset is
missing. Final output must come from the kit: ``artwork_status()`` says which is in use.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageFont

from brandcheck.brand import BrandKit, load_brand

#: Environment variable naming a stand-in artwork while the kit's logo.png is missing.
ARTWORK_ENV = "BRANDCHECK_SYNTH_ARTWORK"
DEV_ARTWORK = Path("/tmp/dev/logo.png")
#: The CJK font of the kit (relative to the kit folder).
KIT_FONT = Path("fonts") / "NotoSansCJKsc-Bold-subset.otf"
LATIN_FALLBACKS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
#: The ink of the logo on screen: sRGB of the kit's CMYK build (11/99/100/0 via FOGRA39).
INK_SRGB: tuple[int, int, int] = (200, 37, 38)

#: scikit-image's bundled photographs the generator may use, with their licence as the
#: docstrings of ``skimage.data`` state it (the package's data/README.txt only explains
#: downloading; each loader's docstring carries the image's origin and licence).
LICENCES: dict[str, str] = {
    "astronaut": "NASA Great Images database; no known copyright restrictions, public domain",
    "coffee": "Rachel Michetti, courtesy of Pikolo Espresso Bar; CC0",
    "chelsea": "Stefan van der Walt; CC0",
    "rocket": "SpaceX; released into the public domain",
    "hubble_deep_field": "NASA/Hubble; may be freely used, public domain",
    "grass": "linolafett, DeviantArt; CC0",
    "gravel": "CC0Textures (Gravel04); CC0",
    "brick": "CC0Textures (Bricks25); CC0",
}
#: Photos used as poster pictures (colour) and as wall textures (phone photos).
POSTER_PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field")
WALL_TEXTURES = ("brick", "gravel", "grass")


@dataclass(frozen=True)
class Artwork:
    """The logo artwork: alpha (ink = 255) and where it came from."""

    alpha: np.ndarray  # (h, w) uint8
    path: Path
    from_kit: bool

    @property
    def width(self) -> int:
        return int(self.alpha.shape[1])

    @property
    def height(self) -> int:
        return int(self.alpha.shape[0])


def artwork_path(kit: BrandKit | None = None) -> tuple[Path, bool]:
    """The artwork to draw: the kit's when it exists, else the development stand-in."""
    kit = kit or load_brand()
    if kit.logo.artwork.is_file():
        return kit.logo.artwork, True
    alt = Path(os.environ.get(ARTWORK_ENV, str(DEV_ARTWORK)))
    if alt.is_file():
        warnings.warn(
            f"brand kit artwork {kit.logo.artwork} missing; using stand-in {alt} (${ARTWORK_ENV})",
            stacklevel=2,
        )
        return alt, False
    raise FileNotFoundError(
        f"no artwork: {kit.logo.artwork} is missing and no stand-in at {alt} (set ${ARTWORK_ENV})"
    )


@lru_cache(maxsize=4)
def _read_alpha(path: str, mtime: float) -> np.ndarray:
    with Image.open(path) as im:
        rgba = np.asarray(im.convert("RGBA"))
    a = np.ascontiguousarray(rgba[..., 3])
    a.setflags(write=False)
    return a


def load_artwork(path: str | Path | None = None, kit: BrandKit | None = None) -> Artwork:
    """The artwork's alpha: ``path`` if given, else the kit's (see :func:`artwork_path`)."""
    if path is not None:
        p, from_kit = Path(path), False
    else:
        p, from_kit = artwork_path(kit)
    return Artwork(_read_alpha(str(p), p.stat().st_mtime), p, from_kit)


def dev_kit(artwork: Path, kit: BrandKit | None = None) -> BrandKit:
    """A copy of the kit whose ``logo.png`` is ``artwork`` (benchmarks with a stand-in).

    Only for while the kit's own artwork is missing; lives in a temporary folder.
    """
    kit = kit or load_brand()
    if kit.logo.artwork.is_file() and kit.logo.artwork.resolve() == Path(artwork).resolve():
        return kit
    root = Path(tempfile.mkdtemp(prefix="brandcheck-devkit-"))
    shutil.copy2(kit.root / "brand.toml", root / "brand.toml")
    shutil.copy2(kit.colour.characterisation, root / kit.colour.characterisation.name)
    shutil.copy2(artwork, root / kit.logo.artwork.name)
    return load_brand(root)


def font_path(kit: BrandKit | None = None) -> tuple[Path, bool]:
    """The kit's CJK font, else a Latin fallback (with a warning); bool: CJK available."""
    kit = kit or load_brand()
    p = kit.root / KIT_FONT
    if p.is_file():
        return p, True
    for f in LATIN_FALLBACKS:
        if f.is_file():
            warnings.warn(f"CJK font {p} missing; falling back to {f}", stacklevel=2)
            return f, False
    raise FileNotFoundError(f"no font: {p} missing and no Latin fallback")


@lru_cache(maxsize=64)
def font(size: int, path: str | None = None) -> ImageFont.FreeTypeFont:
    """The poster font at ``size`` px (cached)."""
    p = path or str(font_path()[0])
    return ImageFont.truetype(p, max(6, int(size)))


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
