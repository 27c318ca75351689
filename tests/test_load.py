"""load: every input a designer sends becomes the right pixels, or a clear error."""

from __future__ import annotations

import io
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from brandcheck.errors import BrandcheckError, ImageReadError, TooLargeError, UnsupportedFormatError
from brandcheck.load import load


def save(tmp_path, im, name, **kw):
    p = tmp_path / name
    im.save(p, **kw)
    return p


def gradient(w=64, h=48):
    x = np.linspace(0, 255, w, dtype=np.uint8)
    a = np.zeros((h, w, 3), np.uint8)
    a[..., 0] = x
    a[..., 1] = 255 - x
    a[: h // 2, :, 2] = 200
    return a


@pytest.mark.parametrize("fmt, name", [("PNG", "a.png"), ("JPEG", "a.jpg"), ("TIFF", "a.tif"),
                                       ("WEBP", "a.webp"), ("BMP", "a.bmp")])
def test_formats_load_to_the_same_pixels(tmp_path, fmt, name):
    a = gradient()
    p = save(tmp_path, Image.fromarray(a), name, format=fmt, **({"quality": 95} if fmt in ("JPEG", "WEBP") else {}))
    poster = load(p)
    assert poster.rgb.shape == a.shape and poster.rgb.dtype == np.uint8
    assert np.abs(poster.rgb.astype(int) - a).mean() < 4


def test_content_not_extension_decides(tmp_path):
    p = save(tmp_path, Image.fromarray(gradient()), "really-a-png.jpg", format="PNG")
    assert load(p).source_format == "PNG"


def test_exif_orientation_is_applied(tmp_path):
    a = np.zeros((20, 40, 3), np.uint8)
    a[:, :20] = (255, 0, 0)  # red left half
    im = Image.fromarray(a)
    exif = im.getexif()
    exif[0x0112] = 6  # stored rotated: display turns it 90° clockwise
    p = save(tmp_path, im, "o.jpg", exif=exif, quality=95)
    poster = load(p)
    assert poster.rgb.shape[:2] == (40, 20)
    # after a clockwise turn the red half is on top
    assert poster.rgb[5, 10, 0] > 200 and poster.rgb[35, 10, 0] < 60


def test_sixteen_bit_scales_not_truncates(tmp_path):
    a = np.array([[0, 32768, 65535]], np.uint16).repeat(4, 0)
    p = tmp_path / "g16.png"
    Image.fromarray(a).save(p)
    px = load(p).rgb[0, :, 0]
    assert list(px) == [0, 128, 255]


def test_alpha_is_composited_on_white(tmp_path):
    a = np.zeros((10, 10, 4), np.uint8)
    a[..., 0] = 255
    a[:, 5:, 3] = 255
    p = save(tmp_path, Image.fromarray(a, "RGBA"), "t.png")
    rgb = load(p).rgb
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[0, 9]) == (255, 0, 0)


def test_palette_and_grey(tmp_path):
    g = save(tmp_path, Image.fromarray(gradient()).convert("L"), "g.png")
    assert load(g).rgb.shape[2] == 3
    pal = save(tmp_path, Image.fromarray(gradient()).convert("P"), "p.gif")
    assert load(pal).rgb.shape[2] == 3


def test_multiframe_takes_first_frame_with_a_note(tmp_path):
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 0, 255))]
    p = tmp_path / "m.gif"
    frames[0].save(p, save_all=True, append_images=frames[1:])
    poster = load(p)
    assert poster.rgb[0, 0, 0] > 200 and any("first frame" in n for n in poster.notes)


def test_resolution_is_read(tmp_path):
    p = save(tmp_path, Image.fromarray(gradient()), "r.jpg", dpi=(300, 300))
    assert load(p).ppi == pytest.approx((300, 300), abs=0.5)
    p = save(tmp_path, Image.fromarray(gradient()), "r.png", dpi=(150, 150))
    assert load(p).ppi == pytest.approx((150, 150), abs=0.5)
    p = save(tmp_path, Image.fromarray(gradient()), "none.png")
    assert load(p).ppi is None


def test_cmyk_tiff_and_jpeg_keep_ink_values(tmp_path):
    c = np.zeros((16, 16, 4), np.uint8)
    c[...] = (28, 252, 255, 0)  # C11 M99 Y100 K0 in 0..255
    for name, kw in (("c.tif", {}), ("c.jpg", {"quality": 100})):
        p = save(tmp_path, Image.fromarray(c, "CMYK"), name, **kw)
        poster = load(p)
        assert poster.cmyk is not None
        assert np.abs(poster.cmyk[8, 8].astype(int) - c[8, 8]).max() <= 3
        assert poster.rgb[8, 8, 0] > poster.rgb[8, 8, 1]  # reads as red


def test_adobe_rgb_profile_is_converted_to_srgb(tmp_path):
    """A pixel tagged Adobe RGB (1998) comes out as the sRGB colour the spec says it is."""
    from pathlib import Path

    icc = (Path(__file__).parent / "data" / "compatibleWithAdobeRGB1998.icc").read_bytes()
    px = np.array([[[100, 180, 100], [200, 60, 50]]], np.uint8).repeat(4, 0)
    p = save(tmp_path, Image.fromarray(px), "adobe.png", icc_profile=icc)
    got = load(p).rgb[0].astype(float)
    # Adobe RGB (1998) spec: gamma 563/256, D65 primaries -> XYZ; then XYZ -> linear sRGB
    lin = (px[0].astype(float) / 255) ** (563 / 256)
    adobe_to_xyz = np.array([[0.5767, 0.1856, 0.1882], [0.2973, 0.6274, 0.0753],
                             [0.0270, 0.0707, 0.9911]])
    xyz_to_srgb = np.array([[3.2406, -1.5372, -0.4986], [-0.9689, 1.8758, 0.0415],
                            [0.0557, -0.2040, 1.0570]])
    s = np.clip(lin @ adobe_to_xyz.T @ xyz_to_srgb.T, 0, 1)
    expected = np.where(s <= 0.0031308, 12.92 * s, 1.055 * s ** (1 / 2.4) - 0.055) * 255
    assert np.abs(got - expected).max() <= 3
    # and it is not what taking the numbers as sRGB would give
    assert np.abs(got - px[0]).max() > 10


@pytest.mark.parametrize("content, code", [
    (b"", "unreadable"),
    (b"hello, this is text", "unreadable"),
    (b"%PDF-1.7\n", "unreadable"),  # a PDF header and nothing else: damaged
])
def test_bad_inputs_raise_clear_errors(tmp_path, content, code):
    p = tmp_path / "bad.png"
    p.write_bytes(content)
    with pytest.raises(BrandcheckError) as ei:
        load(p)
    assert ei.value.code == code and str(p) in str(ei.value)


def test_missing_file(tmp_path):
    with pytest.raises(ImageReadError, match="no such file"):
        load(tmp_path / "nope.png")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_file_is_an_error_not_half_a_poster(tmp_path, fmt):
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (200, 200, 3), np.uint8)).save(buf, fmt)
    p = tmp_path / "trunc"
    p.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(ImageReadError):
        load(p)


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    # a PNG header that declares 100k × 100k pixels, in a few hundred bytes
    import struct
    import zlib

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    p = tmp_path / "bomb.png"
    p.write_bytes(data)
    with pytest.raises(TooLargeError) as ei:
        load(p)
    assert ei.value.code == "too-large"
    with pytest.raises(TooLargeError):
        load(save(tmp_path, Image.fromarray(gradient()), "small.png"), max_pixels=100)


def test_input_is_never_modified(tmp_path):
    p = save(tmp_path, Image.fromarray(gradient()), "keep.jpg")
    before = (p.read_bytes(), os.stat(p).st_mtime_ns)
    load(p)
    assert (p.read_bytes(), os.stat(p).st_mtime_ns) == before


def _valid_files():
    out = {}
    for fmt in ("PNG", "JPEG", "TIFF", "PDF"):
        buf = io.BytesIO()
        Image.fromarray(gradient(24, 16)).save(buf, fmt)
        out[fmt] = buf.getvalue()
    return out


VALID = _valid_files()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
    assert posters and all(x.rgb.ndim == 3 and x.rgb.shape[2] == 3 for x in posters)
