"""The annotated PNG: true colours, nothing over the logo, numbered labels, a legend."""

from __future__ import annotations

import numpy as np

from brandcheck.findings import Finding, Severity
from brandcheck.report import annotate
from brandcheck.result import FileResult, LogoResult

QUAD = [[300.0, 300.0], [700.0, 300.0], [700.0, 460.0], [300.0, 460.0]]
ZONE = [[260.0, 260.0], [740.0, 260.0], [740.0, 500.0], [260.0, 500.0]]


def _poster(w=1000, h=1400):
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)  # any colour may sit under a mark
    img[300:460, 300:700] = (200, 38, 38)  # the "logo"
    return img


def _result(**kw):
    return FileResult(
        path="p.jpg", status="fail", size=(1000, 1400), logos=[LogoResult(QUAD, 0.9, ZONE)],
        findings=[
            Finding("rotated", Severity.FAIL, "logo rotated +12.0° counter-clockwise", 12.0, 0.0,
                    "angle_deg", QUAD, 0, "set the logo upright"),
            Finding("clear-space", Severity.FAIL, "4.1% of the zone", 0.041, 0.01,
                    "share_of_zone", [[300, 470], [500, 470], [500, 490], [300, 490]], 0, "move"),
        ], **kw,
    )  # fmt: skip


def test_the_poster_keeps_its_true_colours_and_the_logo_is_not_covered():
    rgb = _poster()
    out = annotate.overlay(rgb, _result())
    h, w = rgb.shape[:2]
    top = out[:h, :w]
    assert out.shape[0] > h  # a legend panel below the poster
    # inside the logo, away from its outline, every pixel is the poster's own
    np.testing.assert_array_equal(top[320:440, 320:680], rgb[320:440, 320:680])
    # most of the page is untouched (no brightening or tint anywhere)
    assert (top == rgb).all(axis=-1).mean() > 0.95


def _scaled(r, k):
    sc = lambda poly: [[x * k, y * k] for x, y in poly]
    lg = LogoResult(sc(QUAD), 0.9, sc(ZONE))
    fs = [Finding(**{**f.__dict__, "region": sc(f.region)}) for f in r.findings]
    return FileResult(**{**r.__dict__, "logos": [lg], "findings": fs,
                         "size": (round(1000 * k), round(1400 * k))})  # fmt: skip


def _label_height(out, logo_top):
    """Rows above the logo holding a run of the fail colour: the label's box."""
    fail = np.all(out[: logo_top - 8] == annotate._COLOURS[Severity.FAIL], axis=-1)
    return int((fail.sum(axis=1) >= 20).sum())


def test_labels_scale_with_the_image():
    small = annotate.overlay(_poster()[::2, ::2], _scaled(_result(), 0.5))
    large = annotate.overlay(_poster(), _result())
    hs, hl = _label_height(small, 150), _label_height(large, 300)
    assert hs >= 14 and hl > 1.4 * hs  # legible on the small page, larger on the large one


def test_the_legend_uses_the_same_coordinates_as_the_text():
    from brandcheck.report.text import where

    r = _result(ppi=(150.0, 150.0))
    assert where(r.findings[0].region, r).endswith(" mm")
    out = annotate.overlay(_poster(), r)
    panel = out[1400:]
    assert (panel < 128).any()  # text was written
