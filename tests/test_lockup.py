"""The lockup: the usage-example text read beside the logo, and its typical misuses.

Posters are drawn here: the kit's logo with a text line set in the kit's Noto subset at
the place and size ``lockup.png`` gives it (or the usage example artwork itself).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageFont

from brandcheck.api import analyse
from brandcheck.load import Poster
from brandcheck.lockup import differences, normalise, similarity
from posterlab.assets import load_artwork
from tests.conftest import FONT, INK, KIT, Text, draw_poster

pytest.importorskip("rapidocr_onnxruntime")

OFFICIAL = KIT.usage.example


def _font_for_height(text: str, height: float) -> ImageFont.FreeTypeFont:
    """The font size whose ink for ``text`` is ``height`` px high."""
    probe = ImageFont.truetype(str(FONT), 200)
    _x0, y0, _x1, y1 = probe.getbbox(text)
    return ImageFont.truetype(str(FONT), max(6, round(200 * height / (y1 - y0))))


def lockup_poster(
    text: str | None = OFFICIAL,
    *,
    logo_w: int = 420,
    below: bool = False,
    scale_text: float = 1.0,
    artwork: bool = False,
) -> np.ndarray:
    """A 2400 x 1500 poster: the logo at (160, 200), ``text`` set as the usage example sets it."""
    lx0, ly0, lx1, ly1 = KIT.lockup.logo_box
    s = logo_w / (lx1 - lx0)
    ox, oy = 160, 200
    size = (2400, 1500)
    lines = []
    if text is not None:
        tx0, ty0, _tx1, ty1 = KIT.lockup.text_box
        h = (ty1 - ty0) * s * scale_text
        font = _font_for_height(OFFICIAL, h)
        bx0, by0, _, _ = font.getbbox(OFFICIAL)
        if below:
            x, y = ox, oy + (ly1 - ly0) * s * 1.3
        else:
            x, y = ox + (tx0 - lx0) * s, oy + (ty0 - ly0) * s
        lines.append(Text(text, (x - bx0, y - by0), font, INK))
    # unrelated copy further down the poster
    lines += [
        Text(line, (160, 900 + 90 * i), 44, (40, 40, 40))
        for i, line in enumerate(KIT.usage.slogans[:4])
    ]
    # the artwork's top-left corner at (x0, y0) px: its centre is half its size further
    if artwork:
        assert KIT.lockup.artwork is not None
        art = load_artwork(KIT.lockup.artwork).alpha
        x0, y0 = ox - lx0 * s, oy - ly0 * s
    else:
        art = load_artwork(kit=KIT).alpha
        x0, y0 = ox, oy
    ah, aw = art.shape
    width = aw * s if artwork else logo_w
    cx = x0 - 0.5 + width / 2
    cy = y0 - 0.5 + width * ah / aw / 2
    d = draw_poster(
        size, width, centre=(cx / size[0], cy / size[1]), bg=(250, 248, 242), art=art, text=lines
    )
    return d.rgb


def findings_for(rgb: np.ndarray) -> list:
    poster = Poster(path="<test>", rgb=rgb)
    a = analyse(poster, KIT)
    assert len(a.result.logos) == 1, "the test poster's logo must be found"
    return [f for f in a.result.findings if f.code.startswith("lockup")]


def codes(fs: list) -> dict[str, str]:
    return {f.code: f.severity.value for f in fs}


def test_normalise_ignores_width_spaces_and_dots():
    assert normalise("２０１９・共创中国质量　建设质量强国") == normalise(OFFICIAL)
    assert similarity(OFFICIAL, "2019.共创中国质量建设质量强国") == 1.0
    assert differences(OFFICIAL, "2019 · 共建中国质量 建设质量强国") == [
        {"at": 5, "official": "创", "read": "建", "change": "replace"}
    ]


@pytest.mark.parametrize("artwork", [True, False], ids=["lockup.png", "drawn"])
def test_official_lockup_passes(artwork):
    fs = findings_for(lockup_poster(OFFICIAL, artwork=artwork))
    assert codes(fs) == {"lockup-text": "info"}, [f.message for f in fs]
    assert normalise(fs[0].measured) == normalise(OFFICIAL)


MISTAKES = {
    "wrong year": ("2018 · 共创中国质量 建设质量强国", "9", "8"),
    "共建 for 共创": ("2019 · 共建中国质量 建设质量强国", "创", "建"),
    "missing character": ("2019 · 共创中国质量 建设质强国", "量", ""),
    "traditional": ("2019 · 共創中國質量 建設質量強國", None, None),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_misspelt_lockup_fails_and_names_the_difference(name):
    text, official_part, read_part = MISTAKES[name]
    fs = findings_for(lockup_poster(text))
    got = codes(fs)
    assert got.get("lockup-text") == "fail", [f.message for f in fs]
    f = next(f for f in fs if f.code == "lockup-text")
    assert f.expected == OFFICIAL and f.measured
    diffs = f.details["differences"]
    assert diffs
    if official_part is not None:
        assert any(official_part in d["official"] and read_part in d["read"] for d in diffs), diffs
    assert "lockup-layout" not in got


def test_lockup_set_below_is_a_layout_warning():
    fs = findings_for(lockup_poster(OFFICIAL, below=True))
    got = codes(fs)
    assert got.get("lockup-layout") == "warn", [f.message for f in fs]
    lay = next(f for f in fs if f.code == "lockup-layout")
    assert "below" in lay.message
    assert lay.measured["centre_offset"] > 0.5 > lay.expected["centre_offset"]


def test_lockup_text_too_small_is_a_layout_warning():
    fs = findings_for(lockup_poster(OFFICIAL, scale_text=0.6))
    lay = [f for f in fs if f.code == "lockup-layout"]
    assert lay and "height" in lay[0].message


def test_logo_without_lockup_is_said():
    fs = findings_for(lockup_poster(None))
    assert codes(fs) == {"lockup-absent": "info"}


def test_theme_headline_beside_the_logo_is_not_a_lockup():
    fs = findings_for(lockup_poster(KIT.usage.theme))
    assert codes(fs) == {"lockup-absent": "info"}


def test_text_off_skips_reading():
    a = analyse(
        Poster(path="<test>", rgb=lockup_poster("2018 · 共创中国质量 建设质量强国")),
        KIT,
        text=False,
    )
    assert not [f for f in a.result.findings if f.code.startswith("lockup")]


def test_text_lines_boxes_are_in_window_pixels():
    """Two text-like bars anywhere in the window come back as their own boxes (the search
    labels only the ink's bounding box, then offsets back), and a window without ink has
    no line."""
    from brandcheck.lockup import text_lines

    grey = np.full((300, 900), 230, np.uint8)
    valid = np.ones(grey.shape, bool)
    text_h = 41.0  # an odd closing width (37 px), which does not shift the boxes
    assert text_lines(grey, valid, text_h) == []
    grey[210:250, 600:860] = 20  # a line 40 px high near the bottom right
    grey[30:70, 40:300] = 20  # and one near the top left
    assert sorted(text_lines(grey, valid, text_h)) == [(40, 30, 300, 70), (600, 210, 860, 250)]
