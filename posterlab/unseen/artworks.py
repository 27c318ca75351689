"""Three test artworks drawn in code, unlike the stand-in, and brand kits made from them.

The finder and the checks were tuned on one artwork (the Quality Month stand-in: an emblem
beside a CJK wordmark). These three differ from it and from each other:

- ``seal``: a round seal, a ring with Latin text set around it and a star in the middle
  (many small components, rotational symmetry, square frame);
- ``badge``: a filled shield with a knocked-out check beside a wordmark in a serif
  typeface (one large component, thin serifs, 3:1 frame);
- ``wordmark``: a pure wordmark in an italic sans (letters only, 4:1 frame, nothing but
  type for the finder to hold on to).

Each is rendered with DejaVu / Liberation fonts (Debian's fonts-dejavu-core and
fonts-liberation, free licences) at 4x and reduced, so edges are anti-aliased like a
renderer's. :func:`make_kit` copies the bundled kit and swaps ``logo.png``, ``logo.svg``
and ``lockup.png`` (and the lockup boxes in ``brand.toml``), so the kit is used through
``--brand DIR`` exactly as a designer's own kit would be.
"""

from __future__ import annotations

import base64
import io
import math
import re
import shutil
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from brandcheck.brand import default_kit_dir

#: The artworks' names, in the order tests and benchmarks iterate them.
ARTWORKS = ("seal", "badge", "wordmark")
#: Width the artwork is rendered at (the kit format asks for >= 1600 px).
WIDTH = 1600
#: Supersampling factor: edges come out anti-aliased over ~1 px, as a renderer's do.
SS = 4
_FONTS = Path("/usr/share/fonts/truetype")


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    for sub in ("dejavu", "liberation"):
        p = _FONTS / sub / name
        if p.is_file():
            return ImageFont.truetype(str(p), size)
    raise FileNotFoundError(
        f"font {name} not found under {_FONTS} (fonts-dejavu, fonts-liberation)"
    )


def _finish(big: Image.Image) -> np.ndarray:
    """Crop tight to the ink, reduce to ``WIDTH`` px wide: alpha (h, w) uint8."""
    a = np.asarray(big, np.uint8)
    ys, xs = np.nonzero(a > 0)
    a = a[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    h, w = a.shape
    out = cv2.resize(a, (WIDTH, max(8, round(h * WIDTH / w))), interpolation=cv2.INTER_AREA)
    return out


def _seal() -> np.ndarray:
    n = WIDTH * SS
    im = Image.new("L", (n, n), 0)
    d = ImageDraw.Draw(im)
    c, r = n / 2, n / 2 - 2
    d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=round(0.045 * n))
    r2 = 0.62 * r
    d.ellipse((c - r2, c - r2, c + r2, c + r2), outline=255, width=round(0.018 * n))
    # text around the ring, each letter turned to the tangent
    text = "QUALITY ASSURED \u2022 SINCE 2019 \u2022 "
    f = _font("DejaVuSans-Bold.ttf", round(0.085 * n))
    rt = 0.78 * r
    step = 2 * math.pi / len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            continue
        ang = -math.pi / 2 + i * step
        gl = Image.new("L", (round(0.16 * n), round(0.16 * n)), 0)
        gd = ImageDraw.Draw(gl)
        gd.text((gl.width / 2, gl.height / 2), ch, fill=255, font=f, anchor="mm")
        gl = gl.rotate(-math.degrees(ang + math.pi / 2), resample=Image.BICUBIC)
        x = c + rt * math.cos(ang) - gl.width / 2
        y = c + rt * math.sin(ang) - gl.height / 2
        im.paste(255, (round(x), round(y)), gl)
    # a five-pointed star in the middle
    rs, ri = 0.45 * r, 0.18 * r
    pts = [
        (
            c + (rs if k % 2 == 0 else ri) * math.cos(-math.pi / 2 + k * math.pi / 5),
            c + (rs if k % 2 == 0 else ri) * math.sin(-math.pi / 2 + k * math.pi / 5),
        )
        for k in range(10)
    ]
    d.polygon(pts, fill=255)
    return _finish(im)


def _badge() -> np.ndarray:
    h = 520 * SS
    w = 2300 * SS
    im = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(im)
    # shield: flat top, sides, pointed bottom
    sw = 0.78 * h
    shield = [(0, 0), (sw, 0), (sw, 0.62 * h), (sw / 2, h - 1), (0, 0.62 * h)]
    d.polygon(shield, fill=255)
    # knocked-out check mark
    t = 0.09 * h
    d.line(
        [(0.2 * sw, 0.45 * h), (0.43 * sw, 0.68 * h), (0.82 * sw, 0.2 * h)],
        fill=0,
        width=round(t),
        joint="curve",
    )
    f = _font("DejaVuSerif-Bold.ttf", round(0.62 * h))
    d.text((sw + 0.12 * h, 0.5 * h), "Nordlab", fill=255, font=f, anchor="lm")
    return _finish(im)


def _wordmark() -> np.ndarray:
    im = Image.new("L", (2000 * SS, 500 * SS), 0)
    d = ImageDraw.Draw(im)
    f = _font("LiberationSans-BoldItalic.ttf", 380 * SS)
    d.text((40 * SS, 250 * SS), "Kestrel", fill=255, font=f, anchor="lm")
    return _finish(im)


def _seal_alike() -> np.ndarray:
    """Another seal: ring, other text, a disc instead of the star."""
    n = WIDTH * SS
    im = Image.new("L", (n, n), 0)
    d = ImageDraw.Draw(im)
    c, r = n / 2, n / 2 - 2
    d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=round(0.03 * n))
    f = _font("DejaVuSerif-Bold.ttf", round(0.09 * n))
    text = "ORIGINAL GOODS * MADE LOCAL * "
    step = 2 * math.pi / len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            continue
        ang = -math.pi / 2 + i * step
        gl = Image.new("L", (round(0.14 * n), round(0.14 * n)), 0)
        ImageDraw.Draw(gl).text((gl.width / 2, gl.height / 2), ch, fill=255, font=f, anchor="mm")
        gl = gl.rotate(-math.degrees(ang + math.pi / 2), resample=Image.BICUBIC)
        x = c + 0.82 * r * math.cos(ang) - gl.width / 2
        y = c + 0.82 * r * math.sin(ang) - gl.height / 2
        im.paste(255, (round(x), round(y)), gl)
    r3 = 0.4 * r
    d.ellipse((c - r3, c - r3, c + r3, c + r3), fill=255)
    return _finish(im)


def _badge_alike() -> np.ndarray:
    """Another badge: the same shield shape with a cross, another word in the same serif."""
    h, w = 520 * SS, 2300 * SS
    im = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(im)
    sw = 0.78 * h
    d.polygon([(0, 0), (sw, 0), (sw, 0.62 * h), (sw / 2, h - 1), (0, 0.62 * h)], fill=255)
    t = 0.1 * h
    d.rectangle((sw / 2 - t, 0.15 * h, sw / 2 + t, 0.75 * h), fill=0)
    d.rectangle((0.15 * sw, 0.38 * h, 0.85 * sw, 0.38 * h + 2 * t), fill=0)
    f = _font("DejaVuSerif-Bold.ttf", round(0.62 * h))
    d.text((sw + 0.12 * h, 0.5 * h), "Vantage", fill=255, font=f, anchor="lm")
    return _finish(im)


def _wordmark_alike() -> np.ndarray:
    """Another word in the wordmark's typeface."""
    im = Image.new("L", (2000 * SS, 500 * SS), 0)
    f = _font("LiberationSans-BoldItalic.ttf", 380 * SS)
    ImageDraw.Draw(im).text((40 * SS, 250 * SS), "Merlin", fill=255, font=f, anchor="lm")
    return _finish(im)


def _standin_alike() -> np.ndarray:
    """For the stand-in: a disc emblem and other characters in the kit's own CJK font."""
    fonts = sorted((default_kit_dir() / "fonts").glob("*.otf"))
    im = Image.new("L", (3000 * SS // 2, 700 * SS // 2), 0)
    d = ImageDraw.Draw(im)
    e = 300 * SS // 2
    d.ellipse((0, 0, 2 * e, 2 * e), fill=255)
    d.ellipse((0.5 * e, 0.5 * e, 1.5 * e, 1.5 * e), fill=0)
    f = ImageFont.truetype(str(fonts[0]), 240 * SS // 2)
    d.text((2.3 * e, e), "建设强国", fill=255, font=f, anchor="lm")
    return _finish(im)


def _standin() -> np.ndarray:
    with Image.open(default_kit_dir() / "logo.png") as im:
        return np.asarray(im.convert("RGBA"))[..., 3].copy()


_DRAW = {
    "seal": _seal,
    "badge": _badge,
    "wordmark": _wordmark,
    "standin": _standin,
    "seal-alike": _seal_alike,
    "badge-alike": _badge_alike,
    "wordmark-alike": _wordmark_alike,
    "standin-alike": _standin_alike,
}


def draw(name: str) -> np.ndarray:
    """The artwork's alpha, (h, 1600) uint8, ink = 255, cropped tight.

    ``standin`` is the bundled kit's own artwork; ``NAME-alike`` is a lookalike of NAME
    (same genre and typeface, other content): it must never be found as NAME.
    """
    return _DRAW[name]()


def components(alpha: np.ndarray, min_share: float = 0.005) -> list[np.ndarray]:
    """The artwork's connected ink components (stroke groups) as boolean masks.

    Components under ``min_share`` of the ink (a bullet's dot) are left out: erasing one is
    below what any check can be asked to see on a poster.
    """
    solid = (alpha >= 128).astype(np.uint8)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    total = max(1, int(solid.sum()))
    return [lab == i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_share * total]


def _png(alpha: np.ndarray, rgb: tuple[int, int, int]) -> bytes:
    h, w = alpha.shape
    rgba = np.dstack([np.full((h, w, 3), rgb, np.uint8), alpha])
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG")
    return buf.getvalue()


def _svg(png: bytes, w: int, h: int) -> str:
    """An SVG master that carries the raster (the artwork is drawn in code, not in vectors)."""
    b64 = base64.b64encode(png).decode()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        f'height="{h}"><image width="{w}" height="{h}" href="data:image/png;base64,{b64}"/></svg>\n'
    )


def _lockup(
    alpha: np.ndarray, text: str, font_path: Path
) -> tuple[np.ndarray, list[int], list[int]]:
    """Logo with the usage example beside it: alpha, logo_box, text_box (lockup px)."""
    h, w = alpha.shape
    # text about as tall as a wordmark's, whatever the logo's aspect
    f = ImageFont.truetype(str(font_path), round(0.45 * min(h, 0.3 * w)))
    x0 = w + round(0.3 * min(h, 0.3 * w))
    l, t, r, b = f.getbbox(text, anchor="ls")
    tw = r - l
    canvas = Image.new("L", (x0 + tw + 4, h), 0)
    canvas.paste(Image.fromarray(alpha), (0, 0))
    ImageDraw.Draw(canvas).text(
        (x0, 0.5 * h + (b - t) / 2 - b), text, fill=255, font=f, anchor="ls"
    )
    a = np.asarray(canvas, np.uint8)
    ys, xs = np.nonzero(a[:, x0:] > 0)
    text_box = [x0 + int(xs.min()), int(ys.min()), x0 + int(xs.max()) + 1, int(ys.max()) + 1]
    return a, [0, 0, w, h], text_box


def make_kit(name: str, dest: Path) -> Path:
    """A brand kit in ``dest``: the bundled kit with artwork ``name`` swapped in.

    Everything else (colour, tolerances, usage text) stays the bundled kit's, so a finding
    that differs between kits is the artwork's doing.
    """
    src = default_kit_dir()
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    alpha = draw(name)
    ink = (200, 38, 38)  # the kit's C11 M99 Y100 K0 through FOGRA39, as sRGB
    png = _png(alpha, ink)
    (dest / "logo.png").write_bytes(png)
    (dest / "logo.svg").write_text(_svg(png, alpha.shape[1], alpha.shape[0]), encoding="utf-8")
    spec = (dest / "brand.toml").read_text(encoding="utf-8")
    example = re.search(r'^example = "(.*)"$', spec, re.MULTILINE)
    text = example.group(1) if example else ""
    fonts = sorted((dest / "fonts").glob("*.otf"))
    la, logo_box, text_box = _lockup(alpha, text, fonts[0])
    lpng = _png(la, ink)
    (dest / "lockup.png").write_bytes(lpng)
    (dest / "lockup.svg").write_text(_svg(lpng, la.shape[1], la.shape[0]), encoding="utf-8")
    spec = re.sub(r'^id = ".*"$', f'id = "test-{name}"', spec, count=1, flags=re.MULTILINE)
    spec = re.sub(
        r"^render_width_px = 7700.*$", f"render_width_px = {la.shape[1]}", spec, flags=re.MULTILINE
    )
    spec = re.sub(r"^logo_box = .*$", f"logo_box = {logo_box}", spec, flags=re.MULTILINE)
    spec = re.sub(r"^text_box = .*$", f"text_box = {text_box}", spec, flags=re.MULTILINE)
    (dest / "brand.toml").write_text(spec, encoding="utf-8")
    return dest


def main() -> None:
    """Write the three kits under ``out/test-kits`` (or the directory given)."""
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/test-kits")
    for name in ARTWORKS:
        print(make_kit(name, out / name))


if __name__ == "__main__":
    main()
