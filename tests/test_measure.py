"""measure: the edge test that tells an outline or a shadow from a clean logo, at any size."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from brandcheck.api import analyse
from brandcheck.load import Poster
from posterlab.assets import load_artwork
from tests.conftest import KIT, draw_poster


def _poster(rgb: np.ndarray) -> Poster:
    return Poster(rgb=rgb, path="test.png")


def _clean(width: float) -> tuple[np.ndarray, np.ndarray]:
    """The kit's artwork alone on plain paper (its clear space free), and its ink mask."""
    ah, aw = load_artwork(kit=KIT).alpha.shape
    size = (round(width) + 600, round(width * ah / aw) + 600)
    d = draw_poster(size, width, centre=(0.5, 0.5), bg=(246, 243, 236))
    return d.rgb, (d.alpha > 0.5).astype(np.uint8)


def _measure(rgb: np.ndarray):
    a = analyse(_poster(rgb), KIT, text=False)
    assert len(a.measurements) == 1, a.result.findings
    return a.measurements[0], {f.code for f in a.result.findings if f.severity.value == "fail"}


@pytest.mark.parametrize("width", [300.0, 700.0, 1300.0])
@pytest.mark.parametrize("thickness, grey", [(1, 30), (2, 30), (3, 110)])
def test_a_thin_outline_is_found_whatever_the_logo_size(width, thickness, grey):
    # drawn here, a fixed number of pixels whatever the logo's width (unlike the
    # corpus generator, whose outline scales with the logo)
    rgb, mask = _clean(width)
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * thickness + 1, 2 * thickness + 1))
    ring = (cv2.dilate(mask, k) > 0) & (mask == 0)
    out = rgb.copy()
    out[ring] = grey
    m, fails = _measure(out)
    # a 1 px hairline on a 1300 px logo is sub-pixel in the 360 px measuring frame: seen
    # fainter, but still well over the kit's limit
    assert m.edge_marked > 2 * KIT.checks.altered_max_edge
    assert "altered" in fails


@pytest.mark.parametrize("width", [300.0, 700.0, 1300.0])
def test_a_clean_logo_has_no_marked_edge(width):
    rgb, _ = _clean(width)
    for img in (rgb, cv2.GaussianBlur(rgb, (0, 0), 1.2)):
        m, fails = _measure(img)
        assert m.edge_marked < 0.05
        assert "altered" not in fails


def test_a_shadow_marks_part_of_the_edge():
    rgb, mask = _clean(700.0)
    shifted = np.roll(np.roll(mask, 6, 0), 6, 1).astype(bool) & (mask == 0)
    out = rgb.copy()
    out[shifted] = (70, 70, 70)
    m, fails = _measure(out)
    assert 0.1 < m.edge_marked < 0.9
    assert "altered" in fails


def test_the_threshold_is_the_kits():
    rgb, mask = _clean(700.0)
    ring = (cv2.dilate(mask, np.ones((5, 5), np.uint8)) > 0) & (mask == 0)
    out = rgb.copy()
    out[ring] = 30
    lax = replace(KIT, checks=replace(KIT.checks, altered_max_edge=1.0, altered_max_added=1.0))
    a = analyse(_poster(out), lax, text=False)
    assert "altered" not in {f.code for f in a.result.findings if f.severity.value == "fail"}


def test_frame_validity_from_geometry_is_the_warped_masks():
    """on_canvas gives, pixel for pixel, what warping an all-ones poster mask gives."""
    from brandcheck.measure import on_canvas

    rng = np.random.default_rng(5)
    inside = 0
    for _ in range(60):
        hh, ww = (int(v) for v in rng.integers(200, 2000, 2))
        size = (int(rng.integers(60, 300)), int(rng.integers(60, 300)))
        s, a = rng.uniform(0.3, 8), rng.uniform(-0.5, 0.5)
        m = np.array(
            [
                [s * np.cos(a), -s * np.sin(a), rng.uniform(-500, ww)],
                [s * np.sin(a), s * np.cos(a) * rng.uniform(0.8, 1.2), rng.uniform(-500, hh)],
                [rng.uniform(-1e-3, 1e-3), rng.uniform(-1e-3, 1e-3), 1.0],
            ]
        )
        warped = cv2.warpPerspective(
            np.full((hh, ww), 255, np.uint8),
            m,
            size,
            flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=0,
        )
        got = on_canvas(m, size, (hh, ww))
        inside += bool(got.all())
        np.testing.assert_array_equal(got, warped > 0)
    assert 0 < inside < 60  # both paths (whole frame on the canvas, and not) were taken


def _frame_like(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """A 120 × 200 frame of 8-bit pixels with few distinct values (many ties, as on flat
    paper and ink) and its Lab."""
    from brandcheck import colour

    rng = np.random.default_rng(seed)
    rgb = rng.integers(0, 6, (120, 200, 3)).astype(np.uint8) * 40 + 20
    return rgb, colour.srgb_to_lab(rgb)


@pytest.mark.parametrize("share", [0.002, 0.3, 0.7, 1.0])
def test_masked_medians_are_numpys_bit_for_bit(share):
    """The histogram and per-channel medians give np.median's numbers, odd and even counts."""
    from brandcheck.measure import _median_lab, _median_u8

    rgb, lab = _frame_like()
    rng = np.random.default_rng(5)
    for extra in (0, 1):  # an odd and an even count
        mask = rng.random(rgb.shape[:2]) < share
        mask.flat[: np.count_nonzero(mask) % 2 + extra] = True
        assert np.array_equal(_median_u8(rgb, mask), np.median(rgb[mask], axis=0))
        assert _median_lab(lab, mask).tobytes() == np.median(lab[mask], axis=0).tobytes()
        grey = rgb[..., 1]  # one channel, as the effective width's levels read it
        assert _median_u8(grey, mask)[0] == np.median(grey.astype(np.float32)[mask])


def test_de76_is_the_euclidean_distance_bit_for_bit():
    from brandcheck.measure import _de76

    _, lab = _frame_like()
    ref = np.array([53.24, 80.09, 67.2])
    d = lab - ref
    assert _de76(lab, ref).tobytes() == np.sqrt(np.einsum("...k,...k->...", d, d)).tobytes()
    assert np.allclose(_de76(lab, ref), np.linalg.norm(d, axis=-1), rtol=1e-15)


def _effective_width_one_rung_at_a_time(patch, ink, ink_level, bg_level):
    """The effective width as first written: each rung rendered and compared in turn."""
    h, w = ink.shape
    cover = np.clip((patch.astype(np.float32) - bg_level) / (ink_level - bg_level), -0.5, 1.5)
    inside = ink >= 0.5
    best_w, best, rw = float(w), np.inf, float(w)
    while rw >= 12:
        small = cv2.resize(
            ink, (max(2, round(rw)), max(2, round(rw * h / w))), interpolation=cv2.INTER_AREA
        )
        back = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        err = float(np.abs(back[inside] - cover[inside]).mean())
        if err < best - 1e-4:
            best, best_w = err, rw
        rw /= 1.2
    return best_w


def test_the_kept_artwork_and_ladder_give_the_same_effective_width():
    """The resized ink and the ladder kept per frame size change nothing: the effective
    width of a blurred logo is the one made afresh, and the one rung-by-rung comparison
    gives; a softer logo reads narrower."""
    from brandcheck.measure import artwork_at, effective_width, ink_ladder

    ink = load_artwork(kit=KIT).alpha.astype(np.float32)
    ink = ink / max(float(ink.max()), 1.0)
    art = artwork_at(ink, 240, round(240 * ink.shape[0] / ink.shape[1]))
    assert artwork_at(ink, art.ink.shape[1], art.ink.shape[0]) is art
    assert artwork_at(ink.copy(), art.ink.shape[1], art.ink.shape[0]) is not art
    assert not art.ink.flags.writeable
    widths = []
    for sigma in (0.5, 2.0, 5.0):
        grey = cv2.GaussianBlur(40 + 180 * art.ink, (0, 0), sigma)
        kept = effective_width(grey, art.ink, 220.0, 40.0, ladder=lambda: art.ladder)
        assert kept == effective_width(grey, art.ink, 220.0, 40.0)
        assert kept == _effective_width_one_rung_at_a_time(grey, art.ink, 220.0, 40.0)
        assert kept == effective_width(
            grey, art.ink, 220.0, 40.0, ladder=lambda: ink_ladder(art.ink)
        )
        widths.append(kept)
    assert widths[0] > widths[1] > widths[2]
