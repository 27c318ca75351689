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
