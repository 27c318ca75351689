"""The lockup's recogniser gives what rapidocr's own TextRecognizer gives, line for line."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFont

from tests.conftest import FONT, INK, KIT, Text, draw_poster

rapidocr = pytest.importorskip("rapidocr_onnxruntime")


def line(text: str, height: int, pad: int = 6, ink=INK, paper=(250, 248, 242)):
    """One line of text set ``height`` px in the kit's font, cropped to its ink + ``pad``."""
    font = ImageFont.truetype(str(FONT), height)
    x0, y0, x1, y1 = font.getbbox(text)
    size = (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)
    return draw_poster(size, bg=paper, text=[Text(text, (pad - x0, pad - y0), font, ink)]).rgb


def reference(crop_rgb):
    """rapidocr's engine as the lockup called it before: recognition only."""
    from rapidocr_onnxruntime import RapidOCR

    eng = reference.__dict__.setdefault("eng", RapidOCR())
    res, _ = eng(np.ascontiguousarray(crop_rgb[..., ::-1]), use_det=False, use_cls=False)
    return (str(res[0][0]), float(res[0][1])) if res else ("", 0.0)


def cases():
    usage = KIT.usage
    texts = [usage.example, usage.theme, *usage.slogans[:6], "2018 · 共建中国质量"]
    out = [line(t, h) for t in texts for h in (12, 28, 64)]
    out.append(line(usage.example, 40)[:, :20])  # a narrow crop: padded to 320
    out.append(np.full((20, 1000, 3), 250, np.uint8))  # blank
    out.append(np.asarray(Image.fromarray(line(usage.example, 200)).resize((2600, 60))))
    return out


@pytest.mark.slow
def test_same_text_and_confidence_as_rapidocr():
    from brandcheck.lockup import _recogniser

    ours = _recogniser(None)
    assert type(ours).__name__ == "Recogniser"  # rapidocr is not imported for it
    for crop in cases():
        got, want = ours(crop), reference(crop)
        assert got[0] == want[0], (crop.shape, got, want)
        assert got[1] == pytest.approx(want[1], abs=1e-5)


def test_a_line_rapidocr_cannot_resize_is_read_as_nothing():
    # 20 x 3000 px: rapidocr's 2000 px limit rounds its height to 0 and raises
    from brandcheck.lockup import _recogniser

    assert _recogniser(None)(np.full((20, 3000, 3), 250, np.uint8))[0] == ""
