"""The template search (brandcheck.template): the last look, for tiny and faint logos."""

from __future__ import annotations

import numpy as np
import pytest

from brandcheck import geometry as geo
from brandcheck.locate import LocateParams, prepare_reference, verify
from brandcheck.template import (
    _INKS_KEPT,
    TemplateParams,
    _around,
    _Inks,
    _snap,
    inks_of,
    verifier_at,
)
from posterlab.unseen.artworks import draw
from posterlab.unseen.generator import place_logo


@pytest.fixture(scope="module")
def badge():
    alpha = draw("badge")
    return alpha, prepare_reference(alpha)


@pytest.mark.parametrize("off", [0.85, 0.9, 1.1, 1.16])
def test_snap_finds_the_pose_from_a_peak_a_step_or_more_off_its_width(badge, off):
    """A peak can be 15 % off its logo's width (a faint badge's best peak was): the snap
    must still bring the pose onto the logo, where it verifies."""
    alpha, ref = badge
    img = np.full((600, 900), 84, np.uint8)
    rgb = np.dstack([img] * 3)
    quad = place_logo(rgb, alpha, 420, (450, 300), ink=(88, 88, 88))  # 4 grey levels
    grey = rgb[..., 0]
    true_h = geo.translation(240, 300 - 0.5 * 420 * ref.height / ref.width) @ geo.scale_matrix(
        420 / ref.width
    )
    # a start pose `off` times the true width, about the same centre
    c = quad.mean(axis=0) - 0.5
    start = geo.translation(*c) @ geo.scale_matrix(off) @ geo.translation(*-c) @ true_h
    p = LocateParams()
    rv, pv = verifier_at(ref, p, 420 * off)
    q0 = geo.apply(start, geo.frame_corners(ref.width, ref.height))
    crop, to_crop = _around(grey, q0, pv.verify_width / (420 * off))
    score, h = _snap(crop, to_crop @ start, ref, rv, pv, TemplateParams().snap_span, _Inks(ref))
    assert score > 0.9 and verify(crop, h, rv, pv)[0] == score
    assert verify(crop, to_crop @ start, rv, pv)[0] < p.verify_min  # the start did not


def test_a_tiny_seal_whose_own_width_correlates_poorly_is_found():
    """A 66 px seal on a 5884 px page (issue 14's benchmark, seed 170): at full size its
    coarse width correlated at 0.39 and the pose found verifies at 0.95; the fine stage
    tries the widths near the coarse one even when its own correlates poorly."""
    from brandcheck.template import template_search
    from posterlab.unseen.generator import make_poster

    alpha = draw("seal")
    p = make_poster(170, "tiny", alpha)
    found = template_search(p.rgb, prepare_reference(alpha))
    assert found, found
    truth = np.asarray(p.quads[0]) - 0.5
    assert np.abs(found[0].quad - truth).max() < 2


def test_inks_are_made_once_per_reference_and_the_kept_ones_are_bounded(badge):
    """The ink pyramid is reused across searches of one reference (grey, opponent, every
    poster of an audit), never shared with another reference, and few are kept."""
    from dataclasses import replace

    _, ref = badge
    first = inks_of(ref)
    assert inks_of(ref) is first
    other = replace(ref)  # equal arrays, another reference
    assert inks_of(other) is not first
    for _ in range(_INKS_KEPT):
        inks_of(replace(ref))
    assert inks_of(ref) is not first  # evicted, made anew
    np.testing.assert_array_equal(inks_of(ref).at(40), first.at(40))
