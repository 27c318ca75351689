"""load: every input a designer sends becomes the right pixels, or a clear error."""

from __future__ import annotations

import io
import os
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageFile, ImageOps

from brandcheck.errors import BrandcheckError, ImageReadError, TooLargeError, UnsupportedFormatError
from brandcheck.load import Poster, load, load_image

from .conftest import (
    D65_XY,
    P3_PRIMARIES,
    SRGB_PRIMARIES,
    bradford,
    build_rgb_icc,
    rgb_to_xyz_matrix,
    xy_to_xyz,
)

DATA = Path(__file__).parent / "data"


# --- helpers: files built byte by byte where Pillow cannot write the case ---------------


def gradient(w=64, h=48):
    x = np.linspace(0, 255, w, dtype=np.uint8)
    a = np.zeros((h, w, 3), np.uint8)
    a[..., 0] = x
    a[..., 1] = 255 - x
    a[: h // 2, :, 2] = 200
    return a


def marked(h=4, w=6):
    """A small image whose orientation is unambiguous: three coloured corners."""
    a = np.full((h, w, 3), 255, np.uint8)
    a[0, 0] = (255, 0, 0)  # top-left red
    a[0, -1] = (0, 255, 0)  # top-right green
    a[-1, 0] = (0, 0, 255)  # bottom-left blue
    return a


def chunk(tag: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + tag
        + payload
        + struct.pack(">I", zlib.crc32(tag + payload))
    )


def png_bytes(a: np.ndarray, colour_type: int, chunks: tuple[bytes, ...] = ()) -> bytes:
    """A PNG of ``a`` (uint8 or uint16, samples in order) with extra chunks before IDAT."""
    h, w = a.shape[:2]
    depth = a.dtype.itemsize * 8
    rows = a.astype(a.dtype.newbyteorder(">")).reshape(h, -1).tobytes()
    stride = len(rows) // h
    raw = b"".join(b"\0" + rows[i * stride : (i + 1) * stride] for i in range(h))
    ihdr = struct.pack(">IIBBBBB", w, h, depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + b"".join(chunks)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def phys(px_per_unit_x: int, px_per_unit_y: int, unit: int) -> bytes:
    return chunk(b"pHYs", struct.pack(">IIB", px_per_unit_x, px_per_unit_y, unit))


def tiff_bytes(a: np.ndarray, tags: dict[int, tuple[int, list]] | None = None) -> bytes:
    """A little-endian baseline TIFF, one uncompressed strip (grey, RGB or straight RGBA).

    ``tags`` adds or replaces IFD entries: {tag: (type, values)}, type 3 SHORT, 4 LONG,
    5 RATIONAL (values as (num, den) pairs).
    """
    a = np.ascontiguousarray(a)
    h, w = a.shape[:2]
    spp = 1 if a.ndim == 2 else a.shape[2]
    pixels = a.astype(a.dtype.newbyteorder("<")).tobytes()
    entries: dict[int, tuple[int, list]] = {
        256: (3, [w]),
        257: (3, [h]),
        258: (3, [a.dtype.itemsize * 8] * spp),
        259: (3, [1]),
        262: (3, [1 if spp == 1 else 2]),
        273: (4, [0]),
        277: (3, [spp]),
        278: (3, [h]),
        279: (4, [len(pixels)]),
        284: (3, [1]),
    }
    if spp == 4:
        entries[338] = (3, [2])
    entries.update(tags or {})

    def pack(t, vals):
        if t == 5:
            return b"".join(struct.pack("<II", *v) for v in vals)
        return struct.pack("<" + {3: "H", 4: "I"}[t] * len(vals), *vals)

    n = len(entries)
    extra_at = 8 + 2 + 12 * n + 4
    extra = b""
    fields = []
    for tag in sorted(entries):
        t, vals = entries[tag]
        raw = pack(t, vals)
        off = None
        if len(raw) > 4:
            off = extra_at + len(extra)
            extra += raw + b"\0" * (len(raw) % 2)
        fields.append((tag, t, len(vals), raw, off))
    data_at = extra_at + len(extra)
    out = b"II*\x00" + struct.pack("<IH", 8, n)
    for tag, t, count, raw, off in fields:
        if tag == 273:
            raw = struct.pack("<I", data_at)
        out += struct.pack("<HHI", tag, t, count) + (
            struct.pack("<I", off) if off is not None else raw.ljust(4, b"\0")
        )
    return out + struct.pack("<I", 0) + extra + pixels


def jpeg_segments(data: bytes):
    """(offset, marker, segment length incl. marker) up to the first scan."""
    i = 2
    while i < len(data) and data[i + 1] != 0xDA:
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        yield i, data[i + 1], 2 + length
        i += 2 + length


def to_bytes(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def encode_srgb(linear: np.ndarray) -> np.ndarray:
    s = np.clip(linear, 0, 1)
    return np.where(s <= 0.0031308, 12.92 * s, 1.055 * s ** (1 / 2.4) - 0.055) * 255


def decode_srgb(v: np.ndarray) -> np.ndarray:
    v = v / 255.0
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


# --- formats and the Poster ---------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, name",
    [("PNG", "a.png"), ("JPEG", "a.jpg"), ("TIFF", "a.tif"), ("WEBP", "a.webp"), ("BMP", "a.bmp")],
)
def test_formats_load_to_the_same_pixels(write_image, fmt, name):
    a = gradient()
    p = write_image(a, name, format=fmt, **({"quality": 95} if fmt in ("JPEG", "WEBP") else {}))
    poster = load(p)
    assert isinstance(poster, Poster) and poster.source_format == fmt and poster.path == str(p)
    assert poster.rgb.shape == a.shape and poster.rgb.dtype == np.uint8
    assert (poster.width, poster.height) == (64, 48)
    tol = 4 if fmt in ("JPEG", "WEBP") else 0
    assert np.abs(poster.rgb.astype(int) - a).mean() <= tol
    assert poster.cmyk is None and poster.page is None


def test_gif_palette_pixels_are_exact(write_image):
    a = np.zeros((8, 12, 3), np.uint8)
    a[:, :6] = (200, 30, 40)
    a[:, 6:] = (10, 120, 250)
    rgb = load(write_image(a, "p.gif")).rgb
    np.testing.assert_array_equal(rgb, a)


def test_content_not_extension_decides(write_image):
    p = write_image(gradient(), "really-a-png.jpg", format="PNG")
    assert load(p).source_format == "PNG"
    q = write_image(gradient(), "really-a-jpeg.png", format="JPEG")
    assert load(q).source_format == "JPEG"


def test_plain_jpeg_and_png_are_decoded_once_not_by_pillow(write_image, monkeypatch):
    """The fast path: Pillow reads the header only, OpenCV decodes; same pixels as Pillow."""
    a = np.random.default_rng(1).integers(0, 256, (40, 50, 3), np.uint8)
    jpg = write_image(a, "fast.jpg", quality=90, dpi=(300, 300))
    png = write_image(a, "fast.png")
    with Image.open(jpg) as im:
        reference = np.asarray(im)

    def no_pillow_decode(self):
        raise AssertionError("Pillow decoded the pixels")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_pillow_decode)
    got = load(jpg)
    assert np.abs(got.rgb.astype(int) - reference).max() <= 1
    assert got.ppi == pytest.approx((300, 300))
    np.testing.assert_array_equal(load(png).rgb, a)


# --- EXIF orientation ---------------------------------------------------------------------


def reference_orientation(a: np.ndarray, orientation: int) -> np.ndarray:
    """What PIL.ImageOps.exif_transpose does, on an RGB array."""
    im = Image.fromarray(a)
    exif = im.getexif()
    exif[0x0112] = orientation
    im.info["exif"] = exif.tobytes()
    return np.asarray(ImageOps.exif_transpose(im))


def test_reference_orientation_is_what_the_spec_says():
    # orientation 6: stored turned 90° counter-clockwise, shown turned clockwise: the
    # stored bottom-left corner (blue) becomes the displayed top-left one
    r = reference_orientation(marked(), 6)
    assert r.shape == (6, 4, 3)
    assert tuple(r[0, 0]) == (0, 0, 255) and tuple(r[0, -1]) == (255, 0, 0)
    assert tuple(r[-1, -1]) == (0, 255, 0)


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "TIFF", "TIFF16"])
def test_exif_orientation_gives_the_displayed_pixels(tmp_path, fmt, orientation):
    a = marked(12, 18) if fmt in ("JPEG", "WEBP") else marked()
    if fmt in ("JPEG", "WEBP"):  # lossy: solid blocks so the corners survive compression
        a = np.full((24, 36, 3), 255, np.uint8)
        a[:8, :8], a[:8, -8:], a[-8:, :8] = (255, 0, 0), (0, 255, 0), (0, 0, 255)
    im = Image.fromarray(a)
    exif = im.getexif()
    exif[0x0112] = orientation
    if fmt == "TIFF":
        data = tiff_bytes(a, {274: (3, [orientation])})
    elif fmt == "TIFF16":  # 16-bit RGB: decoded by OpenCV, not Pillow
        data = tiff_bytes(a.astype(np.uint16) * 257, {274: (3, [orientation])})
    else:
        kw = {"JPEG": {"quality": 100, "subsampling": 0}, "WEBP": {"lossless": True}}.get(fmt, {})
        data = to_bytes(im, fmt, exif=exif, **kw)
    poster = load(write(tmp_path, "o", data))
    expected = reference_orientation(a, orientation)
    assert poster.rgb.shape == expected.shape
    assert np.abs(poster.rgb.astype(int) - expected).max() <= (40 if fmt == "JPEG" else 0)
    assert any("orientation" in n for n in poster.notes) == (orientation != 1)


def test_cmyk_follows_the_orientation(tmp_path):
    ink = np.zeros((4, 6, 4), np.uint8)
    ink[0, 0] = (0, 255, 255, 0)
    im = Image.fromarray(ink, "CMYK")
    exif = im.getexif()
    exif[0x0112] = 8
    poster = load(write(tmp_path, "c.jpg", to_bytes(im, "JPEG", exif=exif, quality=100)))
    assert poster.cmyk is not None and poster.cmyk.shape == (6, 4, 4)
    # orientation 8 turns the stored top-left corner to the displayed bottom-left
    assert poster.cmyk[-1, 0, 1] > 200 and poster.cmyk[0, 0, 1] < 60
    assert poster.rgb[-1, 0, 0] > 200 and poster.rgb[-1, 0, 1] < 60


def test_invalid_orientation_is_ignored_with_a_note(tmp_path):
    im = Image.fromarray(marked())
    exif = im.getexif()
    exif[0x0112] = 42
    poster = load(write(tmp_path, "o.png", to_bytes(im, "PNG", exif=exif)))
    np.testing.assert_array_equal(poster.rgb, marked())
    assert any("invalid EXIF orientation" in n for n in poster.notes)


# --- bit depth, alpha, palette, grey ------------------------------------------------------

V16 = np.array([0, 129, 32768, 65280, 65535], np.uint16)
V8 = [0, 1, 128, 254, 255]  # round(v / 257); the high byte would give 65280 -> 255, 129 -> 0


@pytest.mark.parametrize("container", ["PNG", "TIFF"])
def test_sixteen_bit_grey_scales_not_truncates(tmp_path, container):
    a = V16.reshape(1, 5).repeat(3, 0)
    data = png_bytes(a, 0) if container == "PNG" else tiff_bytes(a)
    poster = load(write(tmp_path, "g16", data))
    assert poster.rgb[1, :, 0].tolist() == V8 and poster.rgb[1, :, 2].tolist() == V8
    assert any("16-bit" in n for n in poster.notes)


@pytest.mark.parametrize("container", ["PNG", "TIFF"])
def test_sixteen_bit_colour_scales_every_channel(tmp_path, container):
    a = np.stack([V16, V16[::-1], np.full(5, 32768, np.uint16)], -1).reshape(1, 5, 3).repeat(2, 0)
    data = png_bytes(a, 2) if container == "PNG" else tiff_bytes(a)
    rgb = load(write(tmp_path, "c16", data)).rgb
    assert rgb[0, :, 0].tolist() == V8
    assert rgb[0, :, 1].tolist() == V8[::-1]
    assert rgb[0, :, 2].tolist() == [128] * 5


def test_dark_sixteen_bit_image_stays_dark(tmp_path):
    # a 16-bit file whose brightest value is 200 of 65535 is nearly black, not 200/255
    a = np.array([[0, 100, 200]], np.uint16).repeat(2, 0)
    assert load(write(tmp_path, "dark.png", png_bytes(a, 0))).rgb[0, :, 0].tolist() == [0, 0, 1]


@pytest.mark.parametrize("container", ["PNG", "TIFF"])
def test_sixteen_bit_alpha_is_composited(tmp_path, container):
    a = np.zeros((2, 3, 4), np.uint16)
    a[..., 0] = 65535  # red
    a[:, 0, 3] = 0  # transparent -> white
    a[:, 1, 3] = 65535  # opaque -> red
    a[:, 2, 3] = 32768  # half -> pink (255, 127/128, 127/128)
    data = png_bytes(a, 6) if container == "PNG" else tiff_bytes(a)
    rgb = load(write(tmp_path, "a16", data)).rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 1]) == (255, 0, 0)
    assert rgb[0, 2, 0] == 255 and 126 <= rgb[0, 2, 1] <= 128


def test_sixteen_bit_grey_alpha_png(tmp_path):
    a = np.zeros((2, 2, 2), np.uint16)
    a[..., 0] = 32768
    a[:, 0, 1] = 0
    a[:, 1, 1] = 65535
    rgb = load(write(tmp_path, "la16.png", png_bytes(a, 4))).rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 1]) == (128, 128, 128)


def test_alpha_is_composited_on_white_exactly(write_image):
    a = np.zeros((2, 5, 4), np.uint8)
    a[..., 0] = 255
    a[:, 1, 3] = 255
    a[:, 2, 3] = 128
    a[:, 3] = (0, 0, 0, 51)  # 20 % black over white
    a[:, 4] = (101, 101, 101, 128)
    poster = load(write_image(a, "t.png", "RGBA"))
    rgb = poster.rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 1]) == (255, 0, 0)
    # (c·a + 255·(255 − a)) / 255 rounded: green 0 at a = 128 -> 127; black at 51 -> 204;
    # 101 at 128 -> 177.7 -> 178
    assert tuple(rgb[0, 2]) == (255, 127, 127) and tuple(rgb[0, 3]) == (204, 204, 204)
    assert tuple(rgb[0, 4]) == (178, 178, 178)
    assert any("transparency" in n for n in poster.notes)


def test_other_transparency_kinds(write_image, tmp_path):
    # grey + alpha
    la = np.zeros((2, 2, 2), np.uint8)
    la[:, 1, 1] = 255
    rgb = load(write_image(la, "la.png", "LA")).rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 1]) == (0, 0, 0)
    # palette with a transparent index
    p = Image.new("P", (2, 1))
    p.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    p.putpixel((1, 0), 1)
    rgb = load(write_image(p, "p.png", transparency=0)).rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 1]) == (255, 0, 0)
    rgb = load(write_image(p, "p.gif", transparency=0)).rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 1]) == (255, 0, 0)
    # RGB with a tRNS colour key: black is transparent
    k = np.zeros((1, 2, 3), np.uint8)
    k[0, 1] = (0, 0, 255)
    rgb = load(write_image(k, "key.png", transparency=(0, 0, 0))).rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 1]) == (0, 0, 255)
    # WebP with alpha (lossless)
    w = np.zeros((4, 4, 4), np.uint8)
    w[:, 2:] = (0, 128, 0, 255)
    rgb = load(write_image(w, "a.webp", "RGBA", lossless=True)).rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 3]) == (0, 128, 0)


def test_palette_grey_and_bilevel(write_image):
    a = gradient()
    grey = np.asarray(Image.fromarray(a).convert("L"))
    g = load(write_image(grey, "g.png")).rgb
    assert g.shape == a.shape and all(np.array_equal(g[..., i], grey) for i in range(3))
    pal = Image.fromarray(a).convert("P")
    np.testing.assert_array_equal(
        load(write_image(pal, "p.png")).rgb, np.asarray(pal.convert("RGB"))
    )
    bits = Image.fromarray(np.array([[0, 255, 0, 255]], np.uint8)).convert("1")
    for name in ("b.png", "b.tif", "b.bmp"):
        assert load(write_image(bits, name)).rgb[0, :, 0].tolist() == [0, 255, 0, 255]


def test_multiframe_takes_first_frame_with_a_note(tmp_path):
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 0, 255), (0, 255, 0))]
    for name in ("m.gif", "m.tif"):
        p = tmp_path / name
        frames[0].save(p, save_all=True, append_images=frames[1:])
        poster = load(p)
        assert tuple(poster.rgb[0, 0]) == (255, 0, 0)
        assert "multi-frame file: first frame checked (3 frames)" in poster.notes


def test_thirty_two_bit_float_tiff_is_unsupported(tmp_path):
    p = tmp_path / "f.tif"
    Image.fromarray(np.zeros((4, 4), np.float32)).save(p)
    with pytest.raises(UnsupportedFormatError) as ei:
        load(p)
    assert ei.value.code == "unsupported" and "32-bit" in str(ei.value)


def test_lab_tiff_is_converted(tmp_path):
    p = tmp_path / "lab.tif"
    Image.new("LAB", (2, 2), (255, 128, 128)).save(p)  # L* 100, a* 0, b* 0: white
    rgb = load(p).rgb
    assert np.abs(rgb.astype(int) - 255).max() <= 2


# --- resolution ---------------------------------------------------------------------------


def test_resolution_from_jfif_inch_and_cm(write_image, tmp_path):
    p = write_image(gradient(), "r.jpg", dpi=(300, 150))
    assert load(p).ppi == pytest.approx((300, 150))
    data = bytearray(p.read_bytes())
    assert data[6:11] == b"JFIF\0"
    data[13] = 2  # units: dots per cm
    struct.pack_into(">HH", data, 14, 118, 118)
    assert load(write(tmp_path, "cm.jpg", bytes(data))).ppi == pytest.approx((299.72, 299.72))


def test_resolution_from_exif_and_no_invented_72(tmp_path):
    im = Image.fromarray(gradient())
    exif = im.getexif()
    exif[0x0110] = "camera"  # EXIF present, but no resolution in it
    p = write(tmp_path, "noexifres.jpg", to_bytes(im, "JPEG", exif=exif))
    with Image.open(p) as pil:
        assert pil.info["dpi"] == (72, 72)  # what Pillow makes up
    assert load(p).ppi is None
    exif[282], exif[283], exif[296] = 300, 300, 2
    assert load(write(tmp_path, "in.jpg", to_bytes(im, "JPEG", exif=exif))).ppi == pytest.approx(
        (300, 300)
    )
    exif[282], exif[283], exif[296] = 72, 72, 2  # stated 72 is kept
    assert load(write(tmp_path, "72.jpg", to_bytes(im, "JPEG", exif=exif))).ppi == pytest.approx(
        (72, 72)
    )
    exif[282], exif[283], exif[296] = 40, 40, 3  # per cm
    assert load(write(tmp_path, "cm.webp", to_bytes(im, "WEBP", exif=exif))).ppi == pytest.approx(
        (101.6, 101.6)
    )
    exif[296] = 1  # no absolute unit
    assert load(write(tmp_path, "none.jpg", to_bytes(im, "JPEG", exif=exif))).ppi is None


def test_resolution_from_png_phys(write_image, tmp_path):
    assert load(write_image(gradient(), "r.png", dpi=(150, 150))).ppi == pytest.approx(
        (150, 150), abs=0.02
    )
    a = gradient(8, 4)
    assert load(
        write(tmp_path, "m.png", png_bytes(a, 2, (phys(11811, 11811, 1),)))
    ).ppi == pytest.approx((300, 300), abs=0.01)
    assert load(write(tmp_path, "aspect.png", png_bytes(a, 2, (phys(1, 1, 0),)))).ppi is None
    assert load(write_image(gradient(), "none.png")).ppi is None


def test_resolution_from_tiff_tags(tmp_path):
    a = gradient(8, 4)
    p = write(
        tmp_path,
        "i.tif",
        tiff_bytes(a, {282: (5, [(300, 1)]), 283: (5, [(600, 2)]), 296: (3, [2])}),
    )
    assert load(p).ppi == pytest.approx((300, 300))
    p = write(
        tmp_path,
        "cm.tif",
        tiff_bytes(a, {282: (5, [(118, 1)]), 283: (5, [(59, 1)]), 296: (3, [3])}),
    )
    assert load(p).ppi == pytest.approx((299.72, 149.86))
    p = write(
        tmp_path,
        "unitless.tif",
        tiff_bytes(a, {282: (5, [(300, 1)]), 283: (5, [(300, 1)]), 296: (3, [1])}),
    )
    assert load(p).ppi is None
    p = write(
        tmp_path, "default-unit.tif", tiff_bytes(a, {282: (5, [(200, 1)]), 283: (5, [(200, 1)])})
    )
    assert load(p).ppi == pytest.approx((200, 200))  # TIFF 6.0: ResolutionUnit defaults to inch
    assert load(write(tmp_path, "none.tif", tiff_bytes(a))).ppi is None  # Pillow would say 1 × 1


def test_placeholder_resolution_is_ignored_with_a_note(write_image):
    poster = load(write_image(gradient(), "one.jpg", dpi=(1, 1)))
    assert poster.ppi is None and any("implausible" in n for n in poster.notes)


def test_physical_size(write_image):
    poster = load(write_image(np.zeros((600, 300, 3), np.uint8), "s.png", dpi=(300, 300)))
    assert poster.size_mm == pytest.approx((25.4, 50.8), abs=0.01)
    assert load(write_image(np.zeros((6, 3, 3), np.uint8), "n.png")).size_mm is None


# --- CMYK ---------------------------------------------------------------------------------

INK = (28, 252, 255, 0)  # C11 M99 Y100 K0 in 0..255


def test_cmyk_tiff_and_adobe_jpeg_keep_ink_values(write_image):
    c = np.zeros((16, 16, 4), np.uint8)
    c[...] = INK
    c[:, 8:] = (0, 0, 0, 255)  # 100 % black
    for name, kw in (("c.tif", {}), ("c.jpg", {"quality": 100})):
        p = write_image(c, name, "CMYK", **kw)
        if name.endswith(".jpg"):  # Pillow writes Photoshop's inverted convention + APP14
            assert any(m == 0xEE for _, m, _ in jpeg_segments(p.read_bytes()))
        poster = load(p)
        assert poster.cmyk is not None and poster.cmyk.shape == (16, 16, 4)
        assert np.abs(poster.cmyk[4, 4].astype(int) - INK).max() <= 3
        assert np.abs(poster.cmyk[4, 12].astype(int) - (0, 0, 0, 255)).max() <= 3
        # the simple conversion: R = (255 - C)(255 - K) / 255 ...
        assert np.abs(poster.rgb[4, 4].astype(int) - (227, 3, 0)).max() <= 3
        assert poster.rgb[4, 12].max() <= 3


def test_cmyk_jpeg_without_adobe_marker_is_not_inverted(tmp_path):
    """Pillow reads every CMYK JPEG as Adobe-inverted; without APP14 the samples are ink."""
    c = np.zeros((16, 16, 4), np.uint8)
    c[...] = INK
    # store the ink values themselves: Pillow inverts on save, so hand it the inverse
    data = to_bytes(Image.fromarray(255 - c, "CMYK"), "JPEG", quality=100)
    app14 = [(i, n) for i, m, n in jpeg_segments(data) if m == 0xEE]
    assert len(app14) == 1
    i, n = app14[0]
    plain = data[:i] + data[i + n :]
    poster = load(write(tmp_path, "plain-cmyk.jpg", plain))
    assert poster.cmyk is not None
    assert np.abs(poster.cmyk[8, 8].astype(int) - INK).max() <= 3
    assert any("Adobe marker" in n for n in poster.notes)


# --- ICC colour management ----------------------------------------------------------------


def p3_to_srgb(px: np.ndarray) -> np.ndarray:
    """The textbook conversion: both spaces are D65, so XYZ needs no adaptation."""
    m = np.linalg.inv(rgb_to_xyz_matrix(SRGB_PRIMARIES, D65_XY)) @ rgb_to_xyz_matrix(
        P3_PRIMARIES, D65_XY
    )
    return encode_srgb(decode_srgb(px.astype(float)) @ m.T)


P3_PIXELS = np.array(
    [[[64, 200, 64], [0, 255, 0], [200, 60, 50], [128, 128, 128], [255, 255, 255]]], np.uint8
)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF", "WEBP"])
def test_display_p3_is_converted_to_srgb(tmp_path, display_p3_icc, fmt):
    px = P3_PIXELS.repeat(8, 0).repeat(8, 1)  # 8 × 8 blocks survive JPEG's chroma subsampling
    kw = (
        {"quality": 100, "subsampling": 0}
        if fmt == "JPEG"
        else {"lossless": True}
        if fmt == "WEBP"
        else {}
    )
    tagged = load(
        write(tmp_path, "p3", to_bytes(Image.fromarray(px), fmt, icc_profile=display_p3_icc, **kw))
    )
    untagged = load(write(tmp_path, "u", to_bytes(Image.fromarray(px), fmt, **kw)))
    got = tagged.rgb[4, 4::8].astype(float)
    tol = 3 if fmt == "JPEG" else 1
    assert np.abs(got - p3_to_srgb(P3_PIXELS[0])).max() <= tol
    assert any("'Display P3 (test)' converted to sRGB" in n for n in tagged.notes)
    # a partly saturated P3 green is a different sRGB colour than the same numbers untagged
    assert np.abs(got[0] - untagged.rgb[4, 4]).max() > 40
    assert np.abs(got[0] - (0, 203, 25)).max() <= tol
    # pure P3 green lies outside sRGB: relative colorimetric clips it to sRGB green,
    # which is what the untagged numbers say too
    assert np.abs(got[1] - (0, 255, 0)).max() <= tol
    # neutrals stay neutral, white stays white
    assert np.abs(got[3] - 128).max() <= tol and np.abs(got[4] - 255).max() <= tol
    assert not untagged.notes


def test_icc_builder_control_srgb_is_identity(tmp_path, srgb_built_icc):
    px = np.random.default_rng(3).integers(0, 256, (16, 16, 3), np.uint8)
    poster = load(
        write(tmp_path, "s.png", to_bytes(Image.fromarray(px), "PNG", icc_profile=srgb_built_icc))
    )
    assert np.abs(poster.rgb.astype(int) - px).max() <= 1


def test_adobe_rgb_profile_is_converted_to_srgb(write_image):
    """A pixel tagged Adobe RGB (1998) comes out as the sRGB colour the spec says it is."""
    icc = (DATA / "compatibleWithAdobeRGB1998.icc").read_bytes()
    px = np.array([[[100, 180, 100], [200, 60, 50], [0, 255, 0]]], np.uint8).repeat(4, 0)
    poster = load(write_image(px, "adobe.tif", icc_profile=icc))
    got = poster.rgb[0].astype(float)
    # Adobe RGB (1998) spec: gamma 563/256, D65 primaries -> XYZ; then XYZ -> linear sRGB
    lin = (px[0].astype(float) / 255) ** (563 / 256)
    adobe_to_xyz = np.array(
        [[0.5767, 0.1856, 0.1882], [0.2973, 0.6274, 0.0753], [0.0270, 0.0707, 0.9911]]
    )
    xyz_to_srgb = np.array(
        [[3.2406, -1.5372, -0.4986], [-0.9689, 1.8758, 0.0415], [0.0557, -0.2040, 1.0570]]
    )
    expected = encode_srgb(lin @ adobe_to_xyz.T @ xyz_to_srgb.T)
    assert np.abs(got - expected).max() <= 3
    assert np.abs(got[:2] - px[0, :2]).max() > 10  # not what taking the numbers as sRGB gives
    assert any("converted to sRGB" in n for n in poster.notes)


def test_rgba_with_profile_converts_colour_then_composites(tmp_path, display_p3_icc):
    a = np.zeros((2, 2, 4), np.uint8)
    a[..., :3] = (64, 200, 64)
    a[:, 0, 3] = 255
    a[:, 1, 3] = 0
    data = to_bytes(Image.fromarray(a, "RGBA"), "PNG", icc_profile=display_p3_icc)
    rgb = load(write(tmp_path, "a.png", data)).rgb
    assert np.abs(rgb[0, 0].astype(int) - (0, 203, 25)).max() <= 1
    assert tuple(rgb[0, 1]) == (255, 255, 255)


#: ROMM RGB (ProPhoto), ISO 22028-2: primaries, D50 white, gamma 1.8 with a linear toe
PROPHOTO_PRIMARIES = ((0.7347, 0.2653), (0.1596, 0.8404), (0.0366, 0.0001))
D50_XY = (0.3457, 0.3585)
PROPHOTO_TRC = (1.8, 1.0, 0.0, 1 / 16, 1 / 32)  # Y = X^1.8, Y = X/16 below X = 1/32


def test_prophoto_profile_is_converted_to_srgb(write_image):
    """ProPhoto is D50 and gamma 1.8: the conversion needs the white adapted to D65."""
    icc = build_rgb_icc("ProPhoto RGB (test)", PROPHOTO_PRIMARIES, D50_XY, PROPHOTO_TRC)
    px = np.array(
        [[[120, 100, 80], [90, 60, 50], [128, 128, 128], [150, 120, 110], [4, 4, 4]]], np.uint8
    ).repeat(4, 0)
    poster = load(write_image(px, "prophoto.png", icc_profile=icc))
    v = px[0].astype(float) / 255
    lin = np.where(v < 1 / 32, v / 16, v**1.8)
    xyz_d50 = lin @ rgb_to_xyz_matrix(PROPHOTO_PRIMARIES, D50_XY).T
    xyz_d65 = xyz_d50 @ bradford(xy_to_xyz(*D50_XY), xy_to_xyz(*D65_XY)).T
    expected = encode_srgb(xyz_d65 @ np.linalg.inv(rgb_to_xyz_matrix(SRGB_PRIMARIES, D65_XY)).T)
    got = poster.rgb[0].astype(float)
    assert np.abs(got - expected).max() <= 2
    assert np.abs(got[:2] - px[0, :2]).max() > 10  # not what taking the numbers as sRGB gives
    assert any("'ProPhoto RGB (test)' converted to sRGB" in n for n in poster.notes)


def test_srgb_tagged_and_broken_profiles(write_image):
    px = gradient()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    tagged = load(write_image(px, "s.jpg", quality=95, icc_profile=srgb))
    untagged = load(write_image(px, "u.jpg", quality=95))
    np.testing.assert_array_equal(tagged.rgb, untagged.rgb)
    assert not tagged.notes
    broken = load(write_image(px, "b.png", icc_profile=b"not a profile at all" * 10))
    np.testing.assert_array_equal(broken.rgb, px)
    assert any("ICC profile unreadable" in n for n in broken.notes)
    # an RGB profile on grey pixels cannot apply: pixels kept, said so
    grey = np.asarray(Image.fromarray(px).convert("L"))
    mismatch = load(
        write_image(
            grey, "g.png", icc_profile=(DATA / "compatibleWithAdobeRGB1998.icc").read_bytes()
        )
    )
    assert mismatch.rgb[..., 0].tolist() == grey.tolist()
    assert any("does not fit" in n for n in mismatch.notes)


# --- hostile and broken input -------------------------------------------------------------


@pytest.mark.parametrize(
    "content, code, words",
    [
        (b"", "unreadable", "empty file"),
        (b"hello, this is text", "unreadable", "not an image"),
        (b"%PDF-1.7\n", "unreadable", "damaged PDF"),  # a PDF header and nothing else
        (b"8BPS\x00\x01" + b"\0" * 40, "unsupported", "Photoshop PSD"),
        (b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00" + b"\0" * 16, "unsupported", "AVIF"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "unsupported", "SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 30, "unreadable", "PNG"),
        (b"\xff\xd8\xff\xe0garbage", "unreadable", "JPEG"),
    ],
)
def test_bad_inputs_raise_clear_errors(tmp_path, content, code, words):
    p = write(tmp_path, "bad.png", content)
    with pytest.raises(BrandcheckError) as ei:
        load(p)
    assert ei.value.code == code and str(p) in str(ei.value) and words in str(ei.value)


def test_a_new_format_is_one_reader_and_one_registration(tmp_path, monkeypatch):
    # the table of formats (Pillow's register_open): a recognised-but-unread format
    # becomes readable by registering a reader under its id, with nothing else changed
    from brandcheck.load import formats

    monkeypatch.setattr(formats, "FORMATS", list(formats.FORMATS))
    avif = b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00" + b"\0" * 16
    p = write(tmp_path, "photo.avif", avif)
    with pytest.raises(UnsupportedFormatError, match="AVIF"):
        load(p)

    def read_avif(data, path, opts):  # a stand-in decoder: one grey poster
        yield Poster(rgb=np.full((4, 6, 3), 128, np.uint8), path=path, source_format="AVIF")

    avif_format = next(f for f in formats.FORMATS if f.id == "AVIF")
    formats.register_format(formats.Format("AVIF", avif_format.accept, read_avif, (".avif",)))
    poster = load(p)
    assert poster.source_format == "AVIF" and poster.rgb.shape == (4, 6, 3)
    assert ".avif" in formats.supported_suffixes()
    with pytest.raises(
        ImageReadError, match=r"expected PNG, JPEG, TIFF, WebP, GIF, BMP, PDF, HEIC, HEIF or AVIF"
    ):
        load(write(tmp_path, "text.png", b"hello, this is text"))


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ImageReadError, match="no such file") as ei:
        load(tmp_path / "nope.png")
    assert ei.value.code == "unreadable" and str(tmp_path / "nope.png") in str(ei.value)
    with pytest.raises(ImageReadError, match="directory") as ei:
        load(tmp_path)
    assert ei.value.code == "unreadable"


def test_errors_keep_their_cause(tmp_path):
    data = to_bytes(Image.fromarray(gradient()), "GIF")
    with pytest.raises(ImageReadError) as ei:
        load(write(tmp_path, "t.gif", data[: len(data) // 2]))
    assert ei.value.__cause__ is not None  # raised from Pillow's error, not swallowed


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "GIF", "WEBP", "BMP"])
@pytest.mark.parametrize("keep", [0.5, 0.97])
def test_truncated_file_is_an_error_not_half_a_poster(tmp_path, fmt, keep):
    rng = np.random.default_rng(0)
    data = to_bytes(Image.fromarray(rng.integers(0, 255, (100, 100, 3), np.uint8)), fmt)
    with pytest.raises(ImageReadError) as ei:
        load(write(tmp_path, "trunc", data[: int(len(data) * keep)]))
    assert ei.value.code == "unreadable"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF"])
def test_truncation_is_refused_even_if_pillow_is_told_to_accept_it(tmp_path, monkeypatch, fmt):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    rng = np.random.default_rng(0)
    data = to_bytes(Image.fromarray(rng.integers(0, 255, (100, 100, 3), np.uint8)), fmt)
    with pytest.raises(ImageReadError, match="truncated"):
        load(write(tmp_path, "trunc", data[: int(len(data) * 0.9)]))


def png_bomb(w: int, h: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_refused_before_decoding(tmp_path, write_image):
    p = write(tmp_path, "bomb.png", png_bomb(100_000, 100_000))  # 10 Gpx in a few hundred bytes
    t0 = time.perf_counter()
    with pytest.raises(TooLargeError) as ei:
        load(p)
    assert time.perf_counter() - t0 < 1.0
    assert ei.value.code == "too-large" and "100000×100000" in str(ei.value)
    # a JPEG whose frame header declares 60000 × 60000
    data = bytearray(to_bytes(Image.fromarray(gradient()), "JPEG"))
    sof = next(i for i, m, _ in jpeg_segments(bytes(data)) if m == 0xC0)
    struct.pack_into(">HH", data, sof + 5, 60000, 60000)
    with pytest.raises(TooLargeError):
        load(write(tmp_path, "bomb.jpg", bytes(data)))
    # the limit is the caller's
    with pytest.raises(TooLargeError):
        load(write_image(gradient(), "small.png"), max_pixels=100)
    with pytest.raises(TooLargeError):
        load_image(write_image(gradient(), "small.gif"), max_pixels=100)


def test_our_limit_governs_and_pillows_bomb_error_is_mapped(write_image, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow: warn > 1000, error > 2000
    # 64 × 48 = 3072 px is under our default limit: loads, Pillow's global does not decide
    assert load(write_image(gradient(), "ok.png")).width == 64
    assert load(write_image(Image.fromarray(gradient()).convert("P"), "ok-p.png")).width == 64
    # Pillow's TIFF decoder checks its limit again while decoding: that becomes too-large
    with pytest.raises(TooLargeError) as ei:
        load(write_image(gradient(), "t.tif"))
    assert ei.value.code == "too-large" and isinstance(
        ei.value.__cause__, Image.DecompressionBombError
    )


def test_input_is_never_modified(write_image, tmp_path, display_p3_icc):
    im = Image.fromarray(gradient())
    exif = im.getexif()
    exif[0x0112] = 6
    files = [
        write_image(im, "keep.jpg", exif=exif, icc_profile=display_p3_icc),
        write_image(Image.fromarray(np.zeros((4, 4, 4), np.uint8), "CMYK"), "keep.tif"),
        write(tmp_path, "keep16.png", png_bytes(np.zeros((4, 4, 3), np.uint16), 2)),
    ]
    for p in files:
        os.utime(p, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        os.chmod(p, 0o444)
        before = (p.read_bytes(), os.stat(p).st_mtime_ns, os.stat(p).st_mode)
        load(p)
        assert (p.read_bytes(), os.stat(p).st_mtime_ns, os.stat(p).st_mode) == before


def test_load_image_is_raster_only(write_image, tmp_path):
    assert load_image(write_image(gradient(), "a.png")).source_format == "PNG"
    pdf = write(tmp_path, "a.pdf", to_bytes(Image.fromarray(gradient()), "PDF"))
    with pytest.raises(UnsupportedFormatError, match="PDF") as ei:
        load_image(pdf)
    assert ei.value.code == "unsupported"


# --- fuzzing ------------------------------------------------------------------------------


def _valid_files():
    out = {}
    g = Image.fromarray(gradient(24, 16))
    for fmt in ("PNG", "JPEG", "TIFF", "PDF", "GIF", "WEBP", "BMP"):
        out[fmt] = to_bytes(g, fmt)
    exif = g.getexif()
    exif[0x0112] = 6
    exif[282], exif[283], exif[296] = 300, 300, 2
    out["JPEG-EXIF"] = to_bytes(g, "JPEG", exif=exif, dpi=(300, 300))
    out["CMYK-JPEG"] = to_bytes(g.convert("CMYK"), "JPEG")
    out["PNG16"] = png_bytes(np.asarray(g).astype(np.uint16) * 257, 2, (phys(3000, 3000, 1),))
    out["TIFF16"] = tiff_bytes(np.asarray(g).astype(np.uint16) * 257, {274: (3, [6])})
    return out


VALID = _valid_files()


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fmt=st.sampled_from(sorted(VALID)), data=st.data())
def test_mutated_files_get_a_result_or_a_clean_error(tmp_path, fmt, data):
    raw = bytearray(VALID[fmt])
    op = data.draw(st.sampled_from(["flip", "truncate", "insert"]))
    i = data.draw(st.integers(0, len(raw) - 1))
    if op == "flip":
        raw[i] ^= data.draw(st.integers(1, 255))
    elif op == "truncate":
        raw = raw[:i]
    else:
        raw[i:i] = data.draw(st.binary(min_size=1, max_size=16))
    check_mutant(tmp_path / f"fuzz.{fmt.lower()}", bytes(raw))


def check_mutant(p, raw: bytes) -> None:
    """A mutated file gets pages or a BrandcheckError, nothing else (used by tools/fuzz.py)."""
    from brandcheck.load import load_all

    p.write_bytes(raw)
    try:
        posters = load_all(p)
    except BrandcheckError:
        return
    assert posters
    for x in posters:
        assert x.rgb.ndim == 3 and x.rgb.shape[2] == 3 and x.rgb.dtype == np.uint8
        assert x.cmyk is None or x.cmyk.shape == x.rgb.shape[:2] + (4,)
