"""The kit's artwork: ``brand build`` reproduces it, and it has the shape checks rely on.

Detection and the geometry checks assume the artwork is RGBA, cropped tight to one ink,
asymmetric (so rotation and mirroring are measurable) and that the lockup's boxes say
where its logo and text stand. These tests hold the committed files and the builder to it.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from brandcheck.brand import load_brand
from brandcheck.errors import BrandKitError
from tests.conftest import INK, KIT

#: The kit's folder (reference/quality-month-2019 in a checkout).
KIT_DIR = KIT.root


def rgba(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        assert im.mode == "RGBA", f"{path.name} is {im.mode}, not RGBA"
        return np.asarray(im)


def ink(alpha: np.ndarray) -> np.ndarray:
    """Ink mask: more than half covered (anti-aliased edges split evenly)."""
    return alpha > 127


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / (a | b).sum())


def artworks() -> list[Path]:
    kit = KIT
    assert kit.lockup.artwork is not None
    return [kit.logo.artwork, kit.lockup.artwork]


# --- the builder ------------------------------------------------------------------------


@pytest.mark.slow
def test_build_reproduces_the_committed_artwork(tmp_path):
    pytest.importorskip("resvg_py")
    from brandcheck.build import build_kit

    kit_dir = tmp_path / "kit"
    shutil.copytree(KIT_DIR, kit_dir)
    for p in ("logo.png", "lockup.png"):
        (kit_dir / p).unlink()
    # a kit without its artwork loads for building only (checking it needs the artwork)
    written = build_kit(load_brand(kit_dir, for_build=True))
    assert [p.name for p in written] == ["logo.png", "lockup.png"]
    for name in ("logo.png", "lockup.png"):
        new, old = rgba(kit_dir / name), rgba(KIT_DIR / name)
        # a different resvg release may move an anti-aliased edge by a pixel, no more
        assert abs(new.shape[0] - old.shape[0]) <= 1 and abs(new.shape[1] - old.shape[1]) <= 1
        h, w = min(new.shape[0], old.shape[0]), min(new.shape[1], old.shape[1])
        diff = np.abs(new[:h, :w, 3].astype(int) - old[:h, :w, 3])
        assert diff.mean() < 1.0, name  # in alpha levels of 255
        assert (diff > 64).mean() < 0.002, name  # edges only, never whole strokes
    assert not list(kit_dir.glob(".*.tmp")), "temporary files left behind"


def test_build_keeps_artwork_wide_and_tight_when_the_master_has_margins():
    pytest.importorskip("resvg_py")
    from brandcheck.build import render_artwork

    # a 100 × 50 viewBox whose ink is the middle 40 × 20: the crop loses 60 % of the width
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
        '<path d="M 30,15 L 70,15 L 70,35 L 30,35 Z" fill="#C82526"/></svg>'
    )
    art = render_artwork(svg, 400)
    assert art.shape[1] >= 400
    assert abs(art.shape[1] / art.shape[0] - 2.0) < 0.02  # 40 × 20, not the viewBox's 2:1 by luck
    a = art[..., 3]
    assert a[0].max() > 0 and a[-1].max() > 0 and a[:, 0].max() > 0 and a[:, -1].max() > 0


def test_build_rejects_a_missing_master(tmp_path):
    pytest.importorskip("resvg_py")
    from brandcheck.build import build_kit

    kit_dir = tmp_path / "kit"
    shutil.copytree(KIT_DIR, kit_dir)
    (kit_dir / "lockup.svg").unlink()
    with pytest.raises(BrandKitError, match="lockup.svg"):
        build_kit(load_brand(kit_dir))


def test_build_rejects_a_master_without_ink():
    from brandcheck.build import trim

    with pytest.raises(BrandKitError, match="no ink"):
        trim(np.zeros((10, 20, 4), np.uint8))


def test_build_without_resvg_says_how_to_install_it(monkeypatch):
    from brandcheck.build import render_svg

    monkeypatch.setitem(sys.modules, "resvg_py", None)  # makes `import resvg_py` fail
    with pytest.raises(BrandKitError, match=r"pip install 'brandcheck\[build\]'"):
        render_svg("<svg/>", 100)


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path):
    from brandcheck.build import write_atomic

    target = tmp_path / "a.png"
    target.write_bytes(b"old")
    write_atomic(b"new", target)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


# --- the committed artwork ----------------------------------------------------------------


@pytest.mark.parametrize("path", artworks(), ids=lambda p: p.name)
def test_artwork_is_rgba_tight_and_one_ink(path):
    px = rgba(path)
    a = px[..., 3]
    # tight crop: ink touches every edge of the frame
    assert a[0].max() > 0 and a[-1].max() > 0, "rows of margin above or below"
    assert a[:, 0].max() > 0 and a[:, -1].max() > 0, "columns of margin left or right"
    # transparent outside the ink (a logo frame is never all ink)
    assert (a == 0).mean() > 0.2
    # one ink: every opaque pixel is the ink; edges may drift a little from rounding
    opaque = px[a == 255][:, :3].astype(int)
    assert len(opaque) > 0.1 * a.size
    assert (opaque == INK).all(), f"{path.name}: opaque pixels off the ink colour"
    solid_edge = px[(a >= 128) & (a < 255)][:, :3].astype(int)
    assert np.abs(solid_edge - INK).max() <= 4


def test_logo_is_large_enough_and_landscape():
    kit = KIT
    h, w = rgba(kit.logo.artwork).shape[:2]
    assert w >= max(1600, kit.logo.render_width_px)
    # landscape, and not a strip: the emblem must keep height enough to be found at 120 px
    assert 1.2 <= w / h <= 3.0


def test_masters_are_outlines_in_one_colour_cropped_to_the_ink():
    pytest.importorskip("resvg_py")
    from brandcheck.build import ink_bbox, render_svg

    for name in ("logo.svg", "lockup.svg"):
        svg = (KIT_DIR / name).read_text(encoding="utf-8")
        assert "<text" not in svg and "font" not in svg.lower(), f"{name} needs a font"
        assert "gradient" not in svg.lower()
        colours = {c.upper() for c in re.findall(r"#[0-9a-fA-F]{6}", svg)}
        assert colours == {"#C82526"}, colours
        # the viewBox is the ink's box: an untrimmed render has ink on all four edges
        a = render_svg(svg, 1000)[..., 3]
        assert ink_bbox(a) == (0, 0, a.shape[1], a.shape[0]), name


def test_logo_is_asymmetric():
    # 180° turns and mirror images must differ clearly, or a detector could not tell a
    # flipped or upside-down logo from a correct one; the frame is not square, so the
    # turned masks have the same shape and compare pixel for pixel
    a = ink(rgba(KIT.logo.artwork)[..., 3])
    assert a.shape[0] != a.shape[1]
    assert iou(a, a[::-1, ::-1]) < 0.6, "looks the same upside down"
    assert iou(a, a[:, ::-1]) < 0.6, "looks the same mirrored left-right"
    assert iou(a, a[::-1, :]) < 0.6, "looks the same mirrored top-bottom"


def test_logo_rotation_of_two_degrees_is_measurable():
    alpha = rgba(KIT.logo.artwork)[..., 3]
    turned = np.asarray(Image.fromarray(alpha).rotate(2.0, resample=Image.BILINEAR))
    # 2° moves the ink far enough that a quarter of it no longer overlaps
    assert iou(ink(alpha), ink(turned)) < 0.85


# --- the lockup's boxes ---------------------------------------------------------------------


def test_lockup_boxes_lie_inside_and_do_not_overlap():
    kit = KIT
    assert kit.lockup.artwork is not None
    a = rgba(kit.lockup.artwork)[..., 3]
    h, w = a.shape
    boxes = {"logo": kit.lockup.logo_box, "text": kit.lockup.text_box}
    for name, (x0, y0, x1, y1) in boxes.items():
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h, f"{name} box outside lockup.png"
        assert a[int(y0) : int(y1), int(x0) : int(x1)].max() > 0, f"{name} box holds no ink"
    (lx0, ly0, lx1, ly1), (tx0, ty0, tx1, ty1) = boxes["logo"], boxes["text"]
    assert lx1 <= tx0 or tx1 <= lx0 or ly1 <= ty0 or ty1 <= ly0, "boxes overlap"
    assert lx1 < tx0, "the text stands beside the logo, to its right"
    # together the boxes hold all the ink: no part of the lockup is unaccounted for
    rest = a.copy()
    for x0, y0, x1, y1 in boxes.values():
        rest[int(y0) : int(y1), int(x0) : int(x1)] = 0
    assert rest.max() == 0, "ink outside both boxes"


def test_lockup_text_is_centred_beside_a_logo_of_the_logo_s_shape():
    kit = KIT
    lx0, ly0, lx1, ly1 = kit.lockup.logo_box
    _tx0, ty0, _tx1, ty1 = kit.lockup.text_box
    logo_h = ly1 - ly0
    assert abs((ty0 + ty1) / 2 - (ly0 + ly1) / 2) < 0.02 * logo_h, "text not vertically centred"
    # cap height 40 % of the logo height; the box holds the taller CJK glyphs (0.94 em
    # against a 0.733 em cap height), so it comes out near half the logo's height
    assert 0.40 <= (ty1 - ty0) / logo_h <= 0.60
    h, w = rgba(kit.logo.artwork).shape[:2]
    assert abs((lx1 - lx0) / logo_h - w / h) < 0.01 * w / h, "lockup logo is not the logo"
