"""The colours a PDF *states*, read from its content streams with pikepdf (qpdf).

pdfium renders pixels and reports fills only as RGB (a DeviceCMYK 0.11/0.99/1/0 fill came
back as 217/37/40) and has no API for Separation colour spaces; pikepdf's content-stream
parser gives the exact operands. This module is a small interpreter for what matters to
a logo: the graphics state stack (q/Q), the CTM (cm), fill colour spaces and values
(g, rg, k, cs, sc, scn), path painting (re, m, l, c, v, y; f, F, f*, B, b), and XObjects
(stencil image masks painted in the fill colour, images, and form XObjects, followed
recursively with their Matrix).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

#: Depth limit for nested form XObjects (a malicious file could nest forever).
MAX_FORM_DEPTH = 12
#: Operators read per page before giving up (bounded work on hostile files).
MAX_OPERATORS = 2_000_000


@dataclass(frozen=True)
class Fill:
    """One painted area and the colour the PDF states for it.

    ``bbox`` is (x0, y0, x1, y1) in default user space (points, origin bottom-left).
    ``space`` is the colour space family (DeviceCMYK, DeviceRGB, DeviceGray, Separation,
    DeviceN, ICCBased, Image, ...); ``values`` its operands; ``spot`` the colorant name of a
    Separation; ``alternate`` the alternate space's name and values at the given tint,
    where the tint transform is a type 2 (exponential) function.
    """

    bbox: tuple[float, float, float, float]
    space: str
    values: tuple[float, ...]
    spot: str | None = None
    alternate: tuple[str, tuple[float, ...]] | None = None

    @property
    def area(self) -> float:
        return max(0.0, self.bbox[2] - self.bbox[0]) * max(0.0, self.bbox[3] - self.bbox[1])


def _name(obj: Any) -> str:
    s = str(obj)
    return s.removeprefix("/")


def _resolve_space(cs: Any, resources: Any) -> tuple[str, Any]:
    """(family, the colour space object) for a name or array operand of ``cs``."""
    import pikepdf

    if isinstance(cs, pikepdf.Name):
        name = _name(cs)
        if name in ("DeviceCMYK", "DeviceRGB", "DeviceGray", "Pattern"):
            return name, None
        spaces = resources.get("/ColorSpace") if resources is not None else None
        if spaces is not None and cs in spaces:
            return _resolve_space(spaces[cs], resources)
        return name, None
    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        return _name(cs[0]), cs
    return "unknown", None


def _tint(
    space_obj: Any, values: tuple[float, ...]
) -> tuple[str | None, tuple[str, tuple[float, ...]] | None]:
    """Spot name and the alternate colour for a Separation (type 2 tint transform)."""
    import re

    import pikepdf

    try:
        # names may carry #xx escapes (a space is #20 in "PANTONE#205216#20C")
        spot = re.sub(
            r"#([0-9A-Fa-f]{2})", lambda mt: chr(int(mt.group(1), 16)), _name(space_obj[1])
        )
        alt = space_obj[2]
        alt_name = _name(alt if isinstance(alt, pikepdf.Name) else alt[0])
        fn = space_obj[3]
        if int(fn.get("/FunctionType", 0)) == 2 and values:
            c0 = [float(v) for v in fn.get("/C0", [0.0])]
            c1 = [float(v) for v in fn.get("/C1", [1.0])]
            n = float(fn.get("/N", 1.0))
            t = float(values[0]) ** n
            return spot, (alt_name, tuple(a + t * (b - a) for a, b in zip(c0, c1)))
        return spot, None
    except (IndexError, KeyError, TypeError, ValueError):
        return None, None


class _State:
    def __init__(self) -> None:
        self.ctm = np.eye(3)
        self.space = "DeviceGray"
        self.space_obj: Any = None
        self.values: tuple[float, ...] = (0.0,)

    def copy(self) -> _State:
        s = _State()
        s.ctm, s.space, s.space_obj, s.values = (
            self.ctm.copy(),
            self.space,
            self.space_obj,
            self.values,
        )
        return s


def _matrix(a: Any) -> np.ndarray:
    v = [float(x) for x in a]
    return np.array([[v[0], v[1], 0.0], [v[2], v[3], 0.0], [v[4], v[5], 1.0]])


def _pt(ctm: np.ndarray, x: float, y: float) -> tuple[float, float]:
    r = np.array([x, y, 1.0]) @ ctm
    return float(r[0]), float(r[1])


def _bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _emit(
    st: _State, points: list[tuple[float, float]], out: list[Fill], space: str | None = None
) -> None:
    if not points:
        return
    spot = alt = None
    if st.space == "Separation" and st.space_obj is not None:
        spot, alt = _tint(st.space_obj, st.values)
    out.append(Fill(_bbox(points), space or st.space, tuple(st.values), spot, alt))


def _walk(
    pdf_obj: Any, resources: Any, st: _State, out: list[Fill], depth: int, budget: list[int]
) -> None:
    import pikepdf

    stack: list[_State] = []
    path: list[tuple[float, float]] = []
    for operands, op in pikepdf.parse_content_stream(pdf_obj):
        budget[0] -= 1
        if budget[0] < 0:
            return
        o = str(op)
        if o == "q":
            stack.append(st.copy())
        elif o == "Q":
            st = stack.pop() if stack else st
        elif o == "cm" and len(operands) == 6:
            st.ctm = _matrix(operands) @ st.ctm
        elif o == "g" and operands:
            st.space, st.space_obj, st.values = "DeviceGray", None, (float(operands[0]),)
        elif o == "rg" and len(operands) == 3:
            st.space, st.space_obj, st.values = "DeviceRGB", None, tuple(float(v) for v in operands)
        elif o == "k" and len(operands) == 4:
            st.space, st.space_obj, st.values = (
                "DeviceCMYK",
                None,
                tuple(float(v) for v in operands),
            )
        elif o == "cs" and operands:
            st.space, st.space_obj = _resolve_space(operands[0], resources)
        elif o in ("sc", "scn"):
            nums = tuple(
                float(v)
                for v in operands
                if isinstance(v, (int, float, pikepdf.Object)) and not isinstance(v, pikepdf.Name)
            )
            st.values = nums
        elif o == "re" and len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            path += [
                _pt(st.ctm, x, y),
                _pt(st.ctm, x + w, y),
                _pt(st.ctm, x + w, y + h),
                _pt(st.ctm, x, y + h),
            ]
        elif o in ("m", "l") and len(operands) == 2:
            path.append(_pt(st.ctm, float(operands[0]), float(operands[1])))
        elif o in ("c", "v", "y"):
            vals = [float(v) for v in operands]
            path += [_pt(st.ctm, vals[i], vals[i + 1]) for i in range(0, len(vals) - 1, 2)]
        elif o in ("f", "F", "f*", "B", "B*", "b", "b*"):
            _emit(st, path, out)
            path = []
        elif o in ("n", "S", "s"):
            path = []
        elif o == "Do" and operands and resources is not None:
            xobjs = resources.get("/XObject")
            if xobjs is None or operands[0] not in xobjs:
                continue
            x = xobjs[operands[0]]
            sub = _name(x.get("/Subtype", ""))
            square = [_pt(st.ctm, 0, 0), _pt(st.ctm, 1, 0), _pt(st.ctm, 1, 1), _pt(st.ctm, 0, 1)]
            if sub == "Image":
                if bool(x.get("/ImageMask", False)):
                    _emit(st, square, out)  # a stencil is painted in the current fill colour
                else:
                    _emit(st, square, out, space="Image")
            elif sub == "Form" and depth < MAX_FORM_DEPTH:
                inner = st.copy()
                if "/Matrix" in x:
                    inner.ctm = _matrix(x.Matrix) @ inner.ctm
                _walk(x, x.get("/Resources", resources), inner, out, depth + 1, budget)


def page_fills(pdf_bytes: bytes, page_index: int) -> list[Fill]:
    """Every fill of one page of a PDF held in bytes. Empty when pikepdf is missing."""
    pdf = open_document(pdf_bytes)
    if pdf is None:
        return []
    with pdf:
        return fills_of(pdf, page_index)


def open_document(pdf_bytes: bytes) -> Any | None:
    """The document opened with pikepdf (close it when done), or None when it cannot be."""
    try:
        import io

        import pikepdf
    except ImportError:
        return None
    try:
        return pikepdf.open(io.BytesIO(pdf_bytes))
    except (pikepdf.PdfError, ValueError, TypeError, KeyError):
        return None


def fills_of(pdf: Any, page_index: int) -> list[Fill]:
    """Every fill of one page of an open pikepdf document, with its stated colour."""
    import pikepdf

    try:
        page = pdf.pages[page_index]
        out: list[Fill] = []
        _walk(page.obj, page.obj.get("/Resources"), _State(), out, 0, [MAX_OPERATORS])
        return out
    except (pikepdf.PdfError, IndexError, ValueError, TypeError, KeyError):
        return []


def stated_colour(fills: list[Fill], box: tuple[float, float, float, float]) -> Fill | None:
    """The fill that paints the logo in ``box`` (points): the largest fill mostly inside it.

    A fill counts when at least 80 % of its bounding box lies in the logo's box and it
    covers at least 20 % of it: a background behind the logo is larger than the box and
    is not mistaken for the logo's ink.
    """
    x0, y0, x1, y1 = box
    area = max(1e-9, (x1 - x0) * (y1 - y0))
    best = None
    for f in fills:
        fx0, fy0, fx1, fy1 = f.bbox
        iw = max(0.0, min(x1, fx1) - max(x0, fx0))
        ih = max(0.0, min(y1, fy1) - max(y0, fy0))
        inter = iw * ih
        if f.area <= 0 or inter / f.area < 0.8 or inter / area < 0.2:
            continue
        if best is None or f.area > best.area:
            best = f
    return best
