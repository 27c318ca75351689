"""Colour maths pinned to published data: Sharma's CIEDE2000 table, FOGRA39, littleCMS."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from brandcheck import colour
from brandcheck.brand import load_brand

#: One tolerance for every comparison against a published ΔE00 (the table has 4 decimals).
DE_TOL = 1e-4
DATA = Path(__file__).parent / "data" / "ciede2000_sharma.txt"


def sharma():
    rows = np.loadtxt(DATA, comments="#")
    return rows[:, 1:4], rows[:, 4:7], rows[:, 7]


def test_ciede2000_matches_sharma_table():
    lab1, lab2, expected = sharma()
    assert len(expected) == 34
    np.testing.assert_allclose(colour.delta_e00(lab1, lab2), expected, atol=DE_TOL)


def test_ciede2000_components_recombine_to_the_total():
    lab1, lab2, expected = sharma()
    de, dl, dc, dh = colour.delta_e00_components(lab2, lab1)
    np.testing.assert_allclose(de, expected, atol=DE_TOL)
    # ΔE00² = ΔL² + ΔC² + ΔH² + RT·ΔC·ΔH with the rotation term RT in [-2, 0]
    rest = de ** 2 - (dl ** 2 + dc ** 2 + dh ** 2)
    assert np.all(np.abs(rest) <= 2 * np.abs(dc * dh) + 1e-6)
    pure_l = (np.abs(dc) < 1e-12) | (np.abs(dh) < 1e-12)
    np.testing.assert_allclose(rest[pure_l], 0, atol=1e-6)
    assert np.all((np.sign(dl) == np.sign(lab2[:, 0] - lab1[:, 0])) | (np.abs(dl) < 1e-9))


def test_nan_and_identity_are_safe():
    lab = np.array([[50.0, 10.0, -10.0], [np.nan, 0, 0], [np.inf, 0, 0]])
    de = colour.delta_e00(lab, lab[0])
    assert de[0] == 0.0
    assert not np.isfinite(de[1])


@pytest.fixture(scope="module")
def kit():
    return load_brand()


def test_fogra39_grid_patches_are_reproduced(kit):
    cmyk, lab = colour.read_ti3(kit.colour.characterisation)
    assert cmyk.shape == (1617, 4)
    rng = np.random.default_rng(0)
    pick = rng.choice(len(cmyk), 120, replace=False)
    np.testing.assert_allclose(colour.cmyk_to_lab(cmyk[pick], kit.colour.characterisation),
                               lab[pick], atol=1e-6)


def test_brand_build_lab_under_fogra39(kit):
    lab = colour.expected_lab(kit.colour)
    # about Lab 44.6 / 62.1 / 43.3 (linear interpolation over the K = 0 patches)
    np.testing.assert_allclose(lab, [44.6, 62.1, 43.3], atol=0.3)
    assert colour.expected_srgb(kit.colour) == pytest.approx((200, 37, 38), abs=2)


def test_more_black_is_darker(kit):
    ls = [colour.cmyk_to_lab([11, 99, 100, k], kit.colour.characterisation)[0] for k in (0, 20, 40, 70)]
    assert all(a > b for a, b in zip(ls, ls[1:]))


def test_srgb_to_lab_agrees_with_littlecms():
    from PIL import Image, ImageCms

    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, (1, 300, 3), dtype=np.uint8)
    srgb = ImageCms.createProfile("sRGB")
    lab_p = ImageCms.createProfile("LAB", colorTemp=5000)
    tr = ImageCms.buildTransform(srgb, lab_p, "RGB", "LAB",
                                 renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    out = np.asarray(ImageCms.applyTransform(Image.fromarray(rgb), tr)).astype(float)
    # Pillow's LAB mode: L scaled to 0..255, a and b as two's-complement signed bytes
    signed = (out[..., 1:] + 128) % 256 - 128
    lcms = np.concatenate([out[..., :1] * 100 / 255, signed], -1)
    ours = colour.srgb_to_lab(rgb)
    de = colour.delta_e00(ours, lcms)
    # 8-bit Lab output quantises L to 0.4 and a, b to 1: agreement within that
    assert float(de.max()) < 1.0
    np.testing.assert_allclose(colour.srgb_to_lab([255, 255, 255]), [100, 0, 0], atol=0.05)


def test_lab_srgb_round_trip():
    rng = np.random.default_rng(2)
    rgb = rng.random((500, 3))
    back, out = colour.lab_to_srgb(colour.srgb_to_lab(rgb))
    np.testing.assert_allclose(back, rgb, atol=1e-6)
    assert not out.any()
    _, out = colour.lab_to_srgb(np.array([50.0, 120.0, -120.0]))
    assert bool(out)


def test_wcag_contrast():
    assert colour.contrast_ratio([255, 255, 255], [0, 0, 0]) == pytest.approx(21.0)
    a = colour.contrast_ratio([200, 37, 38], [255, 255, 255])
    assert a == pytest.approx(colour.contrast_ratio([255, 255, 255], [200, 37, 38]))
    assert 5.0 < a < 6.0
