"""Read the usage-example text set beside a located logo (the lockup).

The kit's ``lockup.png`` says where the text stands relative to the logo (``logo_box`` and
``text_box``, lockup pixels). Through the logo's homography the poster around the logo is
warped into that lockup frame, so position and size are measured in the kit's own units
whatever the poster's scale or rotation. Text lines are found there by ink morphology
(cheap, no network), and only those lines are read by the OCR engine's recogniser: the
engine's own detector costs about a second a call, recognition of a known line ~40 ms.

OCR: rapidocr-onnxruntime (PP-OCRv4 models inside the wheel, so it works offline), an
optional extra (``pip install 'brandcheck[ocr]'``). Without it the lockup is reported as
not read, never silently passed.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import cv2
import numpy as np

from brandcheck import geometry as geo
from brandcheck.brand import BrandKit
from brandcheck.errors import install_hint

#: Rectified scale: the logo's height in the lockup frame, px. The example text is then
#: about 80 px high, above what the recogniser's 48 px input needs.
LOGO_HEIGHT_PX = 160
#: A line is taken as the lockup text when its normalised text is at least this similar
#: to the official text (difflib ratio). Typical misuses (a wrong year, 共建 for 共创, a
#: missing or traditional character) score 0.85-0.95; unrelated headlines below 0.4.
MIN_SIMILARITY = 0.6
#: At most this many candidate lines are read per logo, nearest to the expected box first.
MAX_LINES = 4

#: Characters that stand for the middle dot in print and in OCR output.
_DOTS = "·•・‧∙⋅●･."


@dataclass(frozen=True)
class TextLine:
    """One line of text read beside the logo.

    ``box`` is its ink box in lockup-frame pixels (x0, y0, x1, y1) of the kit's
    ``lockup.png``; ``quad`` the same box in poster pixels.
    """

    text: str
    confidence: float
    box: tuple[float, float, float, float]
    quad: list[list[float]]
    similarity: float


@dataclass(frozen=True)
class LockupReading:
    """What was read beside one logo.

    ``status``: ``read`` (``line`` holds the lockup text), ``absent`` (no line near the
    logo resembles the usage example), ``unavailable`` (no OCR engine) or ``unmeasurable``
    (the lockup frame falls off the canvas).
    """

    status: str
    line: TextLine | None = None
    reason: str = ""
    others: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Compare form: NFKC (full-width -> half-width), no spaces, no middle dots.

    OCR drops spaces and reads the dot as '.', ',' or nothing, so neither can be judged
    reliably from pixels; the characters around them can.
    """
    t = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in t if not ch.isspace() and ch not in _DOTS)


@lru_cache(maxsize=1)
def _t2s() -> Any | None:
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Traditional characters folded to simplified (OpenCC t2s), when OpenCC is installed.

    Used to recognise a lockup set in traditional characters as the lockup (so that it is
    reported as misset), never to excuse it: differences are taken on the unfolded text.
    """
    conv = _t2s()
    return text if conv is None else str(conv.convert(text))


def similarity(a: str, b: str) -> float:
    """difflib ratio of the normalised, folded texts, in [0, 1]."""
    na, nb = normalise(fold(a)), normalise(fold(b))
    if not na and not nb:
        return 1.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()


def differences(official: str, read: str) -> list[dict[str, Any]]:
    """Where the normalised texts differ: official and read characters, and the position."""
    a, b = normalise(official), normalise(read)
    out = []
    for op, i0, i1, j0, j1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append({"at": i0, "official": a[i0:i1], "read": b[j0:j1], "change": op})
    return out


#: Threads the OCR engine may use; None lets onnxruntime take every core. The audit sets
#: 1 so that N jobs use N cores (N workers of N threads each would oversubscribe them).
THREADS: int | None = None


def engine() -> Any | None:
    """The OCR engine, loaded once per process (None when the extra is not installed)."""
    return _engine(THREADS)


@lru_cache(maxsize=2)
def _engine(threads: int | None) -> Any | None:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    if threads is None:
        return RapidOCR()
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)


Recognise = Callable[[np.ndarray], tuple[str, float]]


def recogniser() -> Recognise | None:
    """Text recognition alone, loaded once per process (None without the ``ocr`` extra).

    The lockup's lines are found here (:func:`text_lines`), so only PP-OCR's recogniser is
    needed: :class:`Recogniser` runs the model that rapidocr-onnxruntime ships on
    onnxruntime directly, without importing rapidocr (its detector, classifier, shapely,
    pyclipper and yaml) or building its other two ONNX sessions: the pre-commit hook's
    fresh process pays for one model only (issue 17). If the model is not where rapidocr
    keeps it, rapidocr's whole engine is used instead.
    """
    return _recogniser(THREADS)


#: PP-OCRv4's recogniser input (rapidocr's ``rec_img_shape``: 3 × 48 × 320) and the size
#: limits rapidocr applies to any input before recognition (``max_side_len``,
#: ``min_side_len``), each rounded to a multiple of 32 as rapidocr rounds it.
REC_HEIGHT, REC_WIDTH = 48, 320
MAX_SIDE, MIN_SIDE = 2000, 30
REC_MODEL = "models/ch_PP-OCRv4_rec_infer.onnx"


class Recogniser:
    """PP-OCRv4 text recognition of one line: what rapidocr's ``TextRecognizer`` computes.

    The line is scaled to 48 px high (padded to at least 320 px wide), normalised to
    [-1, 1], run through the model, and decoded by CTC: the best class per column, repeats
    merged, blanks dropped; the confidence is the mean probability of the kept columns.
    The character table is the model's own metadata (``character``), with CTC's blank
    first and a space last, as PaddleOCR trains it.
    """

    def __init__(self, model: str, threads: int | None = None) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.log_severity_level = 4
        opts.enable_cpu_mem_arena = False
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads is not None:
            opts.intra_op_num_threads = opts.inter_op_num_threads = threads
        self.session = ort.InferenceSession(
            model, sess_options=opts, providers=["CPUExecutionProvider"]
        )
        chars = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.chars = ["", *chars, " "]  # index 0: CTC's blank
        self.input = self.session.get_inputs()[0].name

    @staticmethod
    def _limit(img: np.ndarray) -> np.ndarray:
        def scaled(img: np.ndarray, r: float) -> np.ndarray:
            h, w = (max(32, int(round(int(v * r) / 32) * 32)) for v in img.shape[:2])
            return cv2.resize(img, (w, h))

        if max(img.shape[:2]) > MAX_SIDE:
            img = scaled(img, MAX_SIDE / max(img.shape[:2]))
        if min(img.shape[:2]) < MIN_SIDE:
            img = scaled(img, MIN_SIDE / min(img.shape[:2]))
        return img

    def __call__(self, crop_rgb: np.ndarray) -> tuple[str, float]:
        """The text of one line image (RGB, uint8) and its confidence in [0, 1]."""
        img = self._limit(np.ascontiguousarray(crop_rgb[..., ::-1]))  # BGR, as trained
        h, w = img.shape[:2]
        width = int(REC_HEIGHT * max(REC_WIDTH / REC_HEIGHT, w / h))
        resized = min(width, math.ceil(REC_HEIGHT * w / h))
        x = cv2.resize(img, (resized, REC_HEIGHT)).astype(np.float32).transpose(2, 0, 1)
        batch = np.zeros((1, 3, REC_HEIGHT, width), np.float32)
        batch[0, :, :, :resized] = (x / 255 - 0.5) / 0.5
        preds = self.session.run(None, {self.input: batch})[0][0]
        best = preds.argmax(axis=1)
        keep = np.ones(len(best), bool)
        keep[1:] = best[1:] != best[:-1]
        keep &= best != 0
        if not keep.any():
            return "", 0.0
        text = "".join(self.chars[i] for i in best[keep])
        return text, float(np.mean(preds.max(axis=1)[keep]))


@lru_cache(maxsize=2)
def _recogniser(threads: int | None) -> Recognise | None:
    import importlib.util
    import os

    spec = importlib.util.find_spec("rapidocr_onnxruntime")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        return None
    model = os.path.join(next(iter(spec.submodule_search_locations)), REC_MODEL)
    if os.path.isfile(model):
        try:
            return Recogniser(model, threads)
        except ImportError:  # onnxruntime missing: rapidocr's import says so below
            pass
    eng = _engine(threads)
    return None if eng is None else partial(_recognise, eng)


def _recognise(eng: Any, crop_rgb: np.ndarray) -> tuple[str, float]:
    res, _ = eng(
        np.ascontiguousarray(crop_rgb[..., ::-1]), use_det=False, use_cls=False, use_rec=True
    )
    if not res:
        return "", 0.0
    text, conf = res[0][0], float(res[0][1])
    return str(text), conf


def lockup_to_poster(kit: BrandKit, h_art: np.ndarray) -> np.ndarray:
    """Homography from lockup-frame pixels to poster pixels through the logo's pose."""
    lx0, ly0, lx1, ly1 = kit.lockup.logo_box
    from PIL import Image

    with Image.open(kit.logo.artwork) as im:
        aw, ah = im.size
    to_art = geo.scale_matrix(aw / (lx1 - lx0), ah / (ly1 - ly0)) @ geo.translation(-lx0, -ly0)
    return h_art @ to_art


def text_lines(
    grey: np.ndarray, valid: np.ndarray, text_h: float
) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of text-like lines of ink in a rectified window.

    Ink is what differs from the window's background (its median) by more than Otsu's
    split of the differences; characters are joined along the line by a horizontal
    closing about one character wide.
    """
    if not valid.any():
        return []
    bg = float(np.median(grey[valid]))
    dev = np.where(valid, np.abs(grey.astype(np.float32) - bg), 0).astype(np.uint8)
    thr, _ = cv2.threshold(dev[valid].reshape(-1, 1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = ((dev > max(25.0, thr)) & valid).astype(np.uint8)
    kw = max(3, round(0.9 * text_h))
    joined = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (kw, 3))
    )
    # labelled within the ink's bounding box only: with its statistics, labelling costs
    # ~7 ms over the whole 2,253 x 512 px window even when it holds no ink at all
    bx, by, bw, bh = cv2.boundingRect(joined)
    if bw == 0 or bh == 0:
        return []
    n, _, stats, _ = cv2.connectedComponentsWithStats(
        joined[by : by + bh, bx : bx + bw], connectivity=8
    )
    out = []
    for x, y, w, h, area in stats[1:n]:
        if 0.4 * text_h <= h <= 2.5 * text_h and w >= 1.5 * h and area >= 0.1 * w * h:
            out.append((int(x + bx), int(y + by), int(x + bx + w), int(y + by + h)))
    return out


def read_lockup(
    rgb: np.ndarray, h_art: np.ndarray, kit: BrandKit, official: str | None = None
) -> LockupReading:
    """Find and read the usage-example text beside the logo whose pose is ``h_art``.

    ``h_art`` maps ``logo.png`` pixels to poster pixels. The search window covers the
    kit's text position and, below the logo, where a lockup is often (wrongly) stacked.
    """
    official = kit.usage.example if official is None else official
    theme = kit.usage.theme if normalise(kit.usage.theme) != normalise(official) else ""
    read = recogniser()
    if read is None:
        return LockupReading("unavailable", reason=f"no OCR engine: {install_hint('ocr')}")
    lx0, ly0, lx1, ly1 = kit.lockup.logo_box
    tx0, ty0, tx1, ty1 = kit.lockup.text_box
    lh = ly1 - ly0
    s = LOGO_HEIGHT_PX / lh  # lockup px -> window px
    wx0, wy0 = lx0 - 0.3 * lh, ly0 - 0.6 * lh
    wx1, wy1 = max(tx1, lx1) + 0.25 * (tx1 - tx0), max(ty1, ly1) + 1.6 * lh
    size = (int((wx1 - wx0) * s), int((wy1 - wy0) * s))
    to_poster = lockup_to_poster(kit, h_art) @ geo.translation(wx0, wy0) @ geo.scale_matrix(1 / s)
    win = cv2.warpPerspective(
        rgb,
        to_poster,
        size,
        flags=cv2.INTER_AREA | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(0, 0, 0),
    )
    valid = cv2.warpPerspective(
        np.ones(rgb.shape[:2], np.uint8),
        to_poster,
        size,
        flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    ).astype(bool)
    # the logo's own ink is not text
    g = 0.04 * lh
    lb = [
        int((v - o) * s)
        for v, o in ((lx0 - g, wx0), (ly0 - g, wy0), (lx1 + g, wx0), (ly1 + g, wy0))
    ]
    valid[max(0, lb[1]) : max(0, lb[3]), max(0, lb[0]) : max(0, lb[2])] = False
    if not valid.any():
        return LockupReading("unmeasurable", reason="the lockup frame lies off the canvas")
    grey = cv2.cvtColor(win, cv2.COLOR_RGB2GRAY)
    text_h = (ty1 - ty0) * s
    exp = np.array([(tx0 - wx0) * s, (ty0 - wy0) * s, (tx1 - wx0) * s, (ty1 - wy0) * s])
    boxes = text_lines(grey, valid, text_h)
    # nearest to where the kit sets the text first
    exp_c = np.array([(exp[0] + exp[2]) / 2, (exp[1] + exp[3]) / 2])
    boxes.sort(
        key=lambda b: float(np.hypot((b[0] + b[2]) / 2 - exp_c[0], (b[1] + b[3]) / 2 - exp_c[1]))
    )
    best: TextLine | None = None
    others = []
    for x0, y0, x1, y1 in boxes[:MAX_LINES]:
        m = int(0.15 * (y1 - y0)) + 2
        crop = win[max(0, y0 - m) : y1 + m, max(0, x0 - m) : x1 + m]
        text, conf = read(crop)
        sim = similarity(official, text)
        # the theme set as a headline is not a lockup: take a line only when it is
        # closer to the usage example than to the theme it contains
        if theme and similarity(theme, text) >= sim:
            sim = 0.0
        box = (x0 / s + wx0, y0 / s + wy0, x1 / s + wx0, y1 / s + wy0)
        quad = geo.apply(
            lockup_to_poster(kit, h_art),
            np.array([[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]]),
        )
        line = TextLine(
            text,
            round(conf, 3),
            tuple(round(v, 1) for v in box),  # type: ignore[arg-type]
            np.round(quad, 1).tolist(),
            round(sim, 3),
        )
        if sim >= MIN_SIMILARITY and (best is None or sim > best.similarity):
            best = line
        elif text:
            others.append(text)
    if best is None:
        return LockupReading(
            "absent",
            reason=f"{len(boxes)} text line(s) near the logo, none resembling the usage example",
            others=tuple(others),
        )
    return LockupReading("read", best, others=tuple(others))
