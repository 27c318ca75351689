"""``--annotate``: a PNG per input: the poster in its true colours, marked, with a legend.

The poster is not brightened or tinted: a designer judges a colour finding on this image,
so only outlines are drawn on it (each with a white halo, which keeps it visible on any
background) and nothing covers the logo. Each fail and warn gets a numbered badge and a
short label with its value on the image; a legend panel below says, for each number, the
message, where (the same coordinates as the text report: mm from the page's top-left
when the size is known, else px) and the fix, and what the colours mean.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from brandcheck.findings import Finding, Severity
from brandcheck.report.names import display
from brandcheck.result import FileResult

_COLOURS = {Severity.FAIL: (200, 20, 20), Severity.WARN: (215, 130, 0), Severity.INFO: (0, 140, 60)}
_ZONE = (40, 80, 255)
#: The page outline found in a photograph (``photo`` finding's region).
_PAGE = (0, 170, 200)
_REGION = (230, 0, 200)
_WHITE = (255, 255, 255)
#: Long side of the overlay; posters are shown reduced, labels stay readable.
MAX_SIDE = 1600
#: Fonts tried for labels (Debian's fonts-dejavu-core, fonts-liberation), then Pillow's own.
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
_ORDER = {Severity.FAIL: 0, Severity.WARN: 1, Severity.INFO: 2}


@lru_cache(maxsize=8)
def _font(size: int) -> Any:
    from PIL import ImageFont

    for path in FONT_FILES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _value(f: Finding) -> str:
    """The measured value, short, for a label on the image."""
    v, u = f.measured, f.unit or ""
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return ""
    if u.endswith("_deg"):
        return f"{v:+.1f}°"
    if u == "delta_e00":
        return f"ΔE00 {v:.1f}"
    if u == "contrast_ratio":
        return f"{v:.2f}:1"
    if u.startswith("share"):
        return f"{v:.1%}"
    if u == "width_mm":
        return f"{v:.1f} mm"
    if u.endswith("_px"):
        return f"{v:.0f} px"
    if u == "aspect_ratio":
        return f"aspect {v:.3f}"
    if u == "effective_ppi":
        return f"{v:.0f} ppi"
    return f"{v:g}"


def _poly(img: np.ndarray, pts: np.ndarray, col: tuple[int, int, int], th: int) -> None:
    """An outline with a white halo: visible on dark and light posters alike."""
    p = [np.round(pts).astype(np.int32)]
    cv2.polylines(img, p, True, _WHITE, th + 2 * max(1, th // 2), cv2.LINE_AA)
    cv2.polylines(img, p, True, col, th, cv2.LINE_AA)


Box = tuple[float, float, float, float]


def _box(pts: np.ndarray) -> Box:
    return (
        float(pts[:, 0].min()),
        float(pts[:, 1].min()),
        float(pts[:, 0].max()),
        float(pts[:, 1].max()),
    )


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place(near: Box, bw: float, bh: float, gap: float, iw: int, ih: int, taken: list[Box]) -> Box:
    """A label box beside ``near``: above it, below, right, left, stacked, covering no logo."""
    x0, y0, x1, y1 = near
    for step in range(8):
        off = step * bh
        for lx, ly in (
            (x0, y0 - gap - bh - off),
            (x0, y1 + gap + off),
            (x1 + gap, y0 + off),
            (x0 - gap - bw, y0 + off),
        ):
            lx = min(max(0.0, lx), max(0.0, iw - bw))
            if ly < 0 or ly + bh > ih:
                continue
            box = (lx, ly, lx + bw, ly + bh)
            if not any(_overlaps(box, t) for t in taken):
                return box
    lx, ly = min(max(0.0, x0), max(0.0, iw - bw)), min(max(0.0, y0), max(0.0, ih - bh))
    return (lx, ly, lx + bw, ly + bh)  # a crowded page: on the region, readable at least


def _is_logo(x: Finding, r: FileResult) -> bool:
    """Whether a finding's region is its logo's own frame (already outlined)."""
    if x.logo is None or not x.region or x.logo >= len(r.logos):
        return False
    a, b = np.array(x.region, float), np.array(r.logos[x.logo].quad, float)
    return a.shape == b.shape and bool(np.allclose(a, b, atol=1.0))


def _wrap(text: str, font: Any, width: float) -> list[str]:
    lines, cur = [], ""
    for word in text.split(" "):
        nxt = f"{cur} {word}" if cur else word
        if cur and font.getlength(nxt) > width:
            lines.append(cur)
            cur = word
        else:
            cur = nxt
    return [*lines, cur]


def reduce(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """The poster reduced to ``MAX_SIDE`` (a view when it is small enough) and the factor."""
    h, w = rgb.shape[:2]
    f = min(1.0, MAX_SIDE / max(h, w))
    if f == 1.0:
        return rgb, f
    return cv2.resize(rgb, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA), f


def overlay(
    rgb: np.ndarray, r: FileResult, *, reduced: tuple[np.ndarray, float] | None = None
) -> np.ndarray:
    """The poster reduced to ``MAX_SIDE``, marked, with a legend panel below it.

    ``reduced``: :func:`reduce`'s answer for ``rgb`` when the caller already has it.
    """
    from PIL import Image, ImageDraw

    from brandcheck.report.text import SHOWN_INFO, Folded, fold, where

    small, f = reduced if reduced is not None else reduce(rgb)
    img = small.copy()
    ih, iw = img.shape[:2]
    side = max(ih, iw)
    th = max(2, round(side / 600))
    size = max(14, round(side / 60))  # ~27 px on a 1600 px page: legible when shown whole
    font, small = _font(size), _font(max(12, round(size * 0.8)))

    every = sorted(
        (x for x in r.findings if x.severity is not Severity.INFO),
        key=lambda x: _ORDER[x.severity],
    )
    # every region is outlined; a logo's clear-space objects past the first few get no
    # number and one legend line between them
    listed = fold(every)
    marked = [x for x in listed if not isinstance(x, Folded)]
    for x in r.findings:  # a photograph: the page outline found, under everything else
        if x.code == "photo" and x.region:
            _poly(img, np.array(x.region) * f, _PAGE, th)
    for i, lg in enumerate(r.logos):
        sev = min(
            (x.severity for x in r.findings if x.logo == i),
            key=_ORDER.__getitem__,
            default=Severity.INFO,
        )
        if lg.zone:
            _poly(img, np.array(lg.zone) * f, _ZONE, max(1, th // 2))
        _poly(img, np.array(lg.quad) * f, _COLOURS[sev], th)
    for x in every:
        if x.region and not _is_logo(x, r):
            _poly(img, np.array(x.region) * f, _REGION, th)
    anchors = []
    for x in marked:
        target = x.region or (r.logos[x.logo].quad if x.logo is not None else None)
        anchors.append(None if target is None else np.array(target) * f)
    logo_boxes = [_box(np.array(lg.quad) * f) for lg in r.logos]

    pil = Image.fromarray(img)
    draw = ImageDraw.Draw(pil)
    placed: list[Box] = []
    labels: list[tuple[Finding, str, Box, Box]] = []
    pad = max(3, size // 6)
    for k, (x, a) in enumerate(zip(marked, anchors, strict=True), 1):
        if a is None:
            continue
        label = f"{k} {x.code}" + (f" {_value(x)}" if _value(x) else "")
        near = _box(a)
        box = _place(
            near, font.getlength(label) + 2 * pad, size + 2 * pad, th, iw, ih, logo_boxes + placed
        )
        placed.append(box)
        labels.append((x, label, near, box))
    # leaders first, labels over them: a label stacked away from a small region points at it
    for x, _, near, box in labels:
        mid = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        # to the region's nearest edge, never across it (the logo stays uncovered)
        tip = (min(max(mid[0], near[0]), near[2]), min(max(mid[1], near[1]), near[3]))
        gap_x = max(box[0] - near[2], near[0] - box[2], 0.0)
        gap_y = max(box[1] - near[3], near[1] - box[3], 0.0)
        if max(gap_x, gap_y) <= 3 * th:
            continue  # the label touches its region
        draw.line([mid, tip], fill=_WHITE, width=th + 2)
        draw.line([mid, tip], fill=_COLOURS[x.severity], width=max(1, th // 2))
    for x, label, _, box in labels:
        draw.rectangle(box, fill=_COLOURS[x.severity])
        draw.text((box[0] + pad, box[1] + pad), label, fill=_WHITE, font=font)

    # the legend: what each number says, where, the fix; then what the colours mean
    width = iw - 2 * size
    name = display(Path(r.path).name) + ("" if r.page is None else f", page {r.page}")
    rows: list[tuple[str, tuple[int, int, int], Any]] = [
        (f"{name}: {r.status.upper()}", _COLOURS.get(Severity(r.status), (0, 0, 0))
         if r.status in ("fail", "warn") else (0, 0, 0), font),
    ]  # fmt: skip
    if r.error is not None:
        rows.append((display(f"{r.error.code}: {r.error.message}"), (0, 0, 0), small))
    k = 0
    for item in listed:
        if isinstance(item, Folded):
            logo = "" if item.logo is None or len(r.logos) < 2 else f" (logo {item.logo + 1})"
            hint = "each outlined; the JSON lists every one"
            text = f"{item.severity.value} clear-space{logo}: {item.says(hint)}"
        else:
            k += 1
            text = f"{k}. {item.severity.value} {item.code}: {item.message}{where(item.region, r)}"
            if item.fix:
                text += f" -> {item.fix}"
        colour = _COLOURS[item.severity]
        rows += [(ln, colour, small) for ln in _wrap(display(text), small, width)]
    notes = [x for x in r.findings if x.severity is Severity.INFO and x.code in SHOWN_INFO]
    for x in notes:
        rows += [
            (ln, (60, 60, 60), small) for ln in _wrap(display(f"note: {x.message}"), small, width)
        ]
    if not marked and r.error is None:
        from brandcheck.report.checked import checked_ok

        ok = "; ".join(f"{c.name} {c.value}" for c in checked_ok(r))
        text = f"nothing to fix; checked and OK: {ok}" if ok else "nothing to fix"
        rows += [(ln, _COLOURS[Severity.INFO], small) for ln in _wrap(text, small, width)]
    unit = "mm" if r.ppi else "px"
    key = (
        f"outlines: logo (red fail, amber warn, green ok), blue clear-space zone, magenta "
        f"a finding's region, cyan the page found in a photograph; positions from the "
        f"top-left in {unit}"
    )
    rows += [(ln, (90, 90, 90), small) for ln in _wrap(key, small, width)]
    line_h = [round(fnt.size * 1.35) for _, _, fnt in rows]
    panel = Image.new("RGB", (iw, sum(line_h) + size), _WHITE)
    pd = ImageDraw.Draw(panel)
    y = size // 2
    for (text, col, fnt), lh in zip(rows, line_h, strict=True):
        pd.text((size, y), text, fill=col, font=fnt)
        y += lh
    out = Image.new("RGB", (iw, ih + panel.height), _WHITE)
    out.paste(pil, (0, 0))
    out.paste(panel, (0, ih))
    return np.asarray(out)


def write_png(img: np.ndarray, path: Path) -> Path:
    """Write the overlay as PNG, atomically."""
    from brandcheck.report.files import write_atomic

    ok, buf = cv2.imencode(".png", cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    if not ok:
        raise OSError(f"could not encode {path}")
    return write_atomic(path, buf.tobytes())


def annotation_name(r: FileResult, tag: str | None = None) -> str:
    """File name of the overlay for a result (page number for PDFs).

    ``tag`` (see :func:`brandcheck.outputs.unique_tags`) tells apart inputs of the same
    name from different folders, which would otherwise share one PNG.
    """
    stem = Path(r.path).name + (f".{tag}" if tag else "")
    return f"{stem}.p{r.page}.png" if r.page is not None else f"{stem}.annotated.png"
