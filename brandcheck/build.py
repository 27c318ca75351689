"""``brandcheck brand build``: render a kit's PNG artwork from its SVG masters.

Works for any kit: every master ``brand.toml`` names (``logo.master`` -> ``logo.artwork``,
``lockup.master`` -> ``lockup.artwork``) is rendered with resvg, kept RGBA with the render's
alpha (transparent outside the ink), cropped tight to the ink and written atomically, so a
reader never sees a half-written PNG. resvg is an optional extra
(``pip install 'brandcheck[build]'``): a self-contained renderer, so no system Cairo or
fonts are needed (masters hold outlines, not text).
"""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

from brandcheck.brand import ARTWORK_MAX_PIXELS, MAX_KIT_FILE_BYTES, BrandKit, load_brand
from brandcheck.errors import BrandKitError

#: The logo master is rendered at least this wide: detection matches keypoints of the
#: artwork against posters where the logo may be printed large, so the reference needs
#: more detail than any poster scan is likely to show (1600 px is 135 mm at 300 ppi).
MIN_LOGO_WIDTH_PX = 1600

#: Re-renders allowed to reach the requested width when the master's viewBox has margins.
_MAX_RENDERS = 3

Box = tuple[int, int, int, int]

#: CSS lengths in px (CSS Values 3): what an SVG's width and height may be given in.
_UNITS_PX = {
    "": 1.0,
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "mm": 96 / 25.4,
    "cm": 96 / 2.54,
    "in": 96.0,
}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*$")
#: What makes an SVG reach outside itself or expand without bound: a DTD (entities, the
#: "billion laughs"), a stylesheet processing instruction, CSS imports.
_FORBIDDEN = re.compile(rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet|@import", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


def check_master(svg: bytes, name: str) -> str:
    """The master's text, refused unless it is self-contained.

    resvg (0.5) has no switch to turn off external resources: it loads ``<image
    href="/abs/path">`` and relative files, so an untrusted master could render any file
    of the machine into the artwork. Every reference must therefore point inside the
    document (``#id``); a DOCTYPE (entities) is refused before any parser sees it.

    Raises
    ------
    BrandKitError
        Naming the master and what it reaches for.
    """
    if len(svg) > MAX_KIT_FILE_BYTES:
        raise BrandKitError(f"master {name} is larger than {MAX_KIT_FILE_BYTES} bytes")
    bad = _FORBIDDEN.search(svg)
    if bad:
        raise BrandKitError(
            f"master {name} holds {bad.group().decode(errors='replace')}: DTDs, entities and "
            "external stylesheets are refused"
        )
    try:
        text = svg.decode("utf-8")
        root = ElementTree.fromstring(text)
    except (UnicodeDecodeError, ElementTree.ParseError) as exc:
        raise BrandKitError(f"master {name} is not a well-formed UTF-8 SVG: {exc}") from exc
    for el in root.iter():
        refs = [v for k, v in el.attrib.items() if k == "href" or k.endswith("}href")]
        css = " ".join(v for k, v in el.attrib.items() if k == "style")
        if el.tag.endswith("style"):  # a <style> element's CSS
            css += " " + (el.text or "")
        refs += [m.group(1) for m in _CSS_URL.finditer(css)]
        refs += [m.group(1) for k, v in el.attrib.items() for m in _CSS_URL.finditer(v)]
        for ref in refs:
            if not ref.strip().startswith("#"):
                raise BrandKitError(
                    f"master {name} refers to {ref[:80]!r}: a master must be self-contained "
                    "(only #id references inside it)"
                )
    return text


def render_size(svg_text: str, width: int) -> tuple[int, int]:
    """The canvas resvg will allocate for ``width``: its height from the SVG's own size.

    Known before rendering, so an extreme aspect ratio is refused instead of allocated.
    The size is read as usvg reads it: ``width``/``height`` when both are absolute
    lengths, else the ``viewBox``, else 100 × 100.
    """
    root = ElementTree.fromstring(svg_text)

    def length(v: str | None) -> float | None:
        m = _LENGTH.match(v or "")
        if not m or m.group(2) not in _UNITS_PX:
            return None
        return float(m.group(1)) * _UNITS_PX[m.group(2)]

    w, h = length(root.get("width")), length(root.get("height"))
    if not (w and h):
        box = [float(v) for v in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if v]
        w, h = (box[2], box[3]) if len(box) == 4 else (100.0, 100.0)
    if not (w > 0 and h > 0 and math.isfinite(w / h)):
        raise BrandKitError(f"the master's size is {w} × {h}: not a drawable canvas")
    return int(width), math.ceil(width * h / w)


def render_svg(svg_text: str, width: int) -> np.ndarray:
    """Render an SVG ``width`` px wide, untrimmed.

    Parameters
    ----------
    svg_text
        The SVG document.
    width
        Width of the whole viewBox in pixels; the height follows its aspect ratio.

    Returns
    -------
    numpy.ndarray
        ``(H, W, 4)`` uint8 RGBA, straight (not premultiplied) alpha as PNG stores it.

    Raises
    ------
    BrandKitError
        When resvg (the ``build`` extra) is not installed: only building needs it.
    """
    try:
        import resvg_py
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise BrandKitError(
            "rendering SVG masters needs resvg: pip install 'brandcheck[build]'"
        ) from exc
    from PIL import Image

    w, h = render_size(svg_text, width)
    if w * h > ARTWORK_MAX_PIXELS * 4:  # the render has margins the crop removes
        raise BrandKitError(
            f"rendering the master {w} px wide makes a {w} × {h} px canvas, over the limit of "
            f"{ARTWORK_MAX_PIXELS * 4 / 1e6:g} Mpx"
        )
    # skip_system_fonts: masters hold outlines, so a render must not depend on the host
    png = resvg_py.svg_to_bytes(svg_string=svg_text, width=int(width), skip_system_fonts=True)
    with Image.open(io.BytesIO(bytes(png))) as im:
        return np.asarray(im.convert("RGBA")).copy()


def ink_bbox(alpha: np.ndarray) -> Box:
    """Bounding box ``(x0, y0, x1, y1)`` (end-exclusive) of the pixels with any ink.

    ``alpha > 0`` rather than a threshold: the artwork's extent includes its anti-aliased
    edge, which is what a tight crop must keep.

    Raises
    ------
    BrandKitError
        When nothing is inked: an empty master is a broken kit, not an empty logo.
    """
    ys = np.flatnonzero(alpha.max(axis=1) > 0)
    xs = np.flatnonzero(alpha.max(axis=0) > 0)
    if len(xs) == 0:
        raise BrandKitError("the master renders no ink")
    return int(xs[0]), int(ys[0]), int(xs[-1]) + 1, int(ys[-1]) + 1


def trim(rgba: np.ndarray) -> np.ndarray:
    """Crop to the ink's bounding box, so the artwork's frame is the logo's frame.

    Checks measure proportions, clear space and size relative to this frame; a margin
    would count as part of the logo.
    """
    x0, y0, x1, y1 = ink_bbox(rgba[..., 3])
    return np.ascontiguousarray(rgba[y0:y1, x0:x1])


def clear_transparent(rgba: np.ndarray) -> np.ndarray:
    """Zero the colour of fully transparent pixels.

    Renderers may leave colour under alpha 0; it is invisible but would leak into
    anything that reads RGB without alpha (and makes the PNG larger).
    """
    out = rgba.copy()
    out[out[..., 3] == 0] = 0
    return out


def render_artwork(svg_text: str, width: int) -> np.ndarray:
    """RGBA artwork from a master: rendered, cropped to the ink, at least ``width`` wide.

    A master whose viewBox has margins loses them in the crop; it is then rendered again,
    larger by the lost share, so the crop still reaches ``width`` (the detail promised).
    """
    render_width = width
    for _ in range(_MAX_RENDERS):
        art = trim(render_svg(svg_text, render_width))
        if art.shape[1] >= width:
            return clear_transparent(art)
        render_width = math.ceil(render_width * width / art.shape[1]) + 1
    raise BrandKitError(
        f"the master's ink does not reach {width} px wide after "
        f"{_MAX_RENDERS} renders; is its viewBox far larger than its ink?"
    )


def encode_png(rgba: np.ndarray) -> bytes:
    """PNG bytes of an RGBA array (deterministic: same pixels, same bytes)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def write_atomic(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    Checks may run while a kit is rebuilt; ``os.replace`` within one file system is
    atomic, so they read either the old artwork or the new one, never a torn file.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())  # the bytes are on disk before the name points at them
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; artwork is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_jobs(kit: BrandKit) -> list[tuple[Path, Path, int]]:
    """The ``(master, artwork, width)`` pairs the kit names; kits without masters have none."""
    jobs = []
    if kit.logo.master is not None:
        jobs.append(
            (kit.logo.master, kit.logo.artwork, max(kit.logo.render_width_px, MIN_LOGO_WIDTH_PX))
        )
    if kit.lockup.master is not None and kit.lockup.artwork is not None:
        jobs.append((kit.lockup.master, kit.lockup.artwork, kit.lockup.render_width_px))
    return jobs


def build_kit(kit: BrandKit | str | Path | None = None) -> list[Path]:
    """Render every master the kit names into its PNG artwork.

    Parameters
    ----------
    kit
        A loaded kit, or the folder of one (default: the bundled Quality Month kit).

    Returns
    -------
    list of Path
        The artwork files written, logo first.

    Raises
    ------
    BrandKitError
        When a named master is missing or renders nothing, or resvg is not installed.
    """
    k = kit if isinstance(kit, BrandKit) else load_brand(kit, for_build=True)
    root = k.root.resolve()
    written = []
    for master, out, width in build_jobs(k):
        if not master.is_file():
            raise BrandKitError(
                f"master {master.name} named in brand.toml is missing", path=str(master)
            )
        # load_brand checked both names; check again where it matters, just before writing
        for p in (master, out):
            if not p.resolve().is_relative_to(root) or (p == out and out.is_symlink()):
                raise BrandKitError(f"{p} is not a file inside the kit folder {root}")
        with open(master, "rb") as fh:  # read-only
            svg = fh.read(MAX_KIT_FILE_BYTES + 1)
        art = render_artwork(check_master(svg, master.name), width)
        write_atomic(encode_png(art), out)
        written.append(out)
    return written
