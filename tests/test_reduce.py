"""locate.reduce below a factor of 1/2: a box average by the whole factor, then the rest.

The working copy must stay what an area average would give (every source pixel counted,
so a thin line or a small logo's stroke is not skipped) and must map back to the poster
with the factor ``reduce`` returns, which ``locate`` scales its quads by.
"""

from __future__ import annotations

import numpy as np
import pytest

from brandcheck.locate import LocateParams, reduce

#: An A1 300 dpi poster's long side (9933 px) over the 1600 px working side, kept at test
#: size: 1247 px over 200 (k = 6, rest 0.962); 881 and 1247 are not multiples of 6.
A1_LIKE = (881, 1247)
SIDE = 200


def _opponent(rgb: np.ndarray) -> np.ndarray:
    return (rgb[..., 0].astype(np.int16) - rgb[..., 1] + 255) // 2


@pytest.mark.parametrize("channel", ["grey", "opponent"])
def test_whole_factor_is_the_box_average(channel):
    """3 x 200 by 2 x 200 reduced to 200 px: each copy pixel is the mean of its 3 x 3 block."""
    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (400, 600, 3), dtype=np.uint8)
    out, f = reduce(img, SIDE, channel, linear_above=LocateParams().linear_above)
    assert f == pytest.approx(1 / 3)
    assert out.shape == (400 // 3, 200)
    if channel == "grey":
        grey = img.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
        block = grey[:399].reshape(133, 3, 200, 3).mean(axis=(1, 3))
        # luma rounded to uint8 before averaging, the mean rounded after: at most 1 apart
        assert np.abs(out.astype(int) - block).max() <= 1
    else:
        # the colour is averaged first, then the channel: (r - g + 255) // 2 of the means;
        # CLAHE then stretches it, so compare ranks, not levels
        mean = img[:399].reshape(133, 3, 200, 3, 3).mean(axis=(1, 3))
        ref = _opponent(np.round(mean).astype(np.uint8))
        assert np.corrcoef(out.ravel(), ref.ravel())[0, 1] > 0.95


def test_thin_lines_keep_their_ink_at_an_a1_factor():
    """1 px dark lines every 61 px: each keeps its darkness (times the factor) in the copy.

    Area averaging conserves ink: a line of depth D spreads over neighbouring copy
    columns with a total of D x f per row. Bilinear sampling at f = 0.16 reads about one
    source column in six and would lose most lines outright.
    """
    h, w = A1_LIKE
    img = np.full((h, w, 3), 230, np.uint8)
    xs = np.arange(40, w - 40, 61)
    img[:, xs] = 30
    out, f = reduce(img, SIDE, "grey", linear_above=LocateParams().linear_above)
    assert f < 0.2
    ink = 230.0 - out[5:-5].astype(np.float64).mean(axis=0)  # darkness per copy column
    for x in xs:
        c = (x + 0.5) * f - 0.5
        got = ink[max(0, int(c) - 2) : int(c) + 4].sum()
        assert got == pytest.approx(200 * f, rel=0.12), x


@pytest.mark.parametrize("corner", [(60, 60), (780, 1150)])
def test_copy_maps_back_with_the_returned_factor(corner):
    """A square's centre in the copy is at ``(x + 0.5) f - 0.5``, also near the far corner,
    past the rows and columns the box leaves out (881 and 1247 are not multiples of 6)."""
    h, w = A1_LIKE
    img = np.zeros((h, w, 3), np.uint8)
    y0, x0 = corner
    img[y0 : y0 + 60, x0 : x0 + 60] = 255
    out, f = reduce(img, SIDE, "grey", linear_above=LocateParams().linear_above)
    yy, xx = np.indices(out.shape)
    m = out.astype(np.float64)
    got = np.array([(xx * m).sum(), (yy * m).sum()]) / m.sum()
    want = (np.array([x0 + 29.5, y0 + 29.5]) + 0.5) * f - 0.5
    assert np.abs(got - want).max() < 0.05


def test_a_strip_thinner_than_the_whole_factor_keeps_a_row():
    """2 x 5000 px reduced to 1600 (k = 3 would leave no whole block of rows without the
    floor of one row): the ink of a dark band still shows."""
    img = np.full((2, 5000, 3), 230, np.uint8)
    img[:, 2000:2100] = 30
    out, f = reduce(img, 1600)
    assert out.shape[0] == 1 and out.shape[1] <= 1600
    assert out[0, round(2050 * f)] < 100
