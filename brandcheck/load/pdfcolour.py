"""The colours a PDF *states*, read from its content streams with pikepdf (qpdf).

pdfium renders pixels and reports fills only as RGB (a DeviceCMYK 0.11/0.99/1/0 fill came
back as 217/37/40) and has no API for Separation colour spaces; pikepdf's content-stream
content streams give the exact operands (read one instruction at a time by
:mod:`brandcheck.load.pdftokens`). This module is a small interpreter for what matters to
a logo: the graphics state stack (q/Q), the CTM (cm), fill colour spaces and values
(g, rg, k, cs, sc, scn), path painting (re, m, l, c, v, y; f, F, f*, B, b), and XObjects
(stencil image masks painted in the fill colour, images, and form XObjects, followed
recursively with their Matrix).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brandcheck.errors import TooComplexError
from brandcheck.load.pdftokens import Name, instructions
from brandcheck.load.poster import PDF_MAX_CONTENT_BYTES, PDF_MAX_FORM_DEPTH, PDF_MAX_OPERATORS

#: Default limits (see :class:`WalkLimits`).
MAX_FORM_DEPTH = PDF_MAX_FORM_DEPTH
MAX_OPERATORS = PDF_MAX_OPERATORS
MAX_CONTENT_BYTES = PDF_MAX_CONTENT_BYTES


@dataclass(frozen=True)
class Fill:
    """One painted area and the colour the PDF states for it.

    ``bbox`` is (x0, y0, x1, y1) in default user space (points, origin bottom-left).
    ``space`` is the colour space family (DeviceCMYK, DeviceRGB, DeviceGray, Separation,
    DeviceN, ICCBased, Image, ...); ``values`` its operands; ``spot`` the colorant name of a
    Separation (or one-colorant DeviceN); ``alternate`` the colour brought to a device
    space (DeviceCMYK, DeviceRGB, DeviceGray or Lab) by :mod:`brandcheck.pdffunctions`,
    for every space that is not one already, None when it cannot be evaluated; ``via``
    how (tint transform type, ICC alternate, index, ...).
    """

    bbox: tuple[float, float, float, float]
    space: str
    values: tuple[float, ...]
    spot: str | None = None
    alternate: tuple[str, tuple[float, ...]] | None = None
    via: str | None = None

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
) -> tuple[str | None, tuple[str, tuple[float, ...]] | None, str | None]:
    """Spot name, the colour in a device space (see :mod:`brandcheck.pdffunctions`), how.

    The spot name is a Separation's colorant, or a DeviceN's when it names one colorant
    only. The device colour is None when the space or its tint transform cannot be
    evaluated: the colour is then stated but not computable.
    """
    import re

    from brandcheck.pdffunctions import to_device

    spot = None
    try:
        family = _name(space_obj[0])
        if family == "Separation":
            spot = _name(space_obj[1])
        elif family == "DeviceN" and len(space_obj[1]) == 1:
            spot = _name(space_obj[1][0])
    except (IndexError, KeyError, TypeError, ValueError):
        return None, None, None
    if spot is not None:  # names may carry #xx escapes (a space is #20)
        spot = re.sub(r"#([0-9A-Fa-f]{2})", lambda mt: chr(int(mt.group(1), 16)), spot)
    dev = to_device(space_obj, values)
    if dev is None:
        return spot, None, None
    return spot, (dev.space, dev.values), dev.via


#: An affine map (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f, PDF's order.
Affine = tuple[float, float, float, float, float, float]
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _State:
    def __init__(self) -> None:
        self.ctm = _IDENTITY
        self.space = "DeviceGray"
        self.space_obj: Any = None
        self.values: tuple[float, ...] = (0.0,)

    def copy(self) -> _State:
        s = _State()
        s.ctm, s.space, s.space_obj, s.values = (
            self.ctm,
            self.space,
            self.space_obj,
            self.values,
        )
        return s


def _matrix(a: Any) -> Affine:
    a0, b0, c0, d0, e0, f0 = (float(x) for x in a)
    return a0, b0, c0, d0, e0, f0


def _concat(m: Affine, ctm: Affine) -> Affine:
    """``m`` then ``ctm`` (the PDF's ``m × CTM``), in plain floats: a numpy product per
    operator cost more than the rest of the walk."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = ctm
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _emit(
    st: _State, xs: list[float], ys: list[float], out: list[Fill], space: str | None = None
) -> None:
    """A fill of the current path (its user-space points ``xs``, ``ys``) in the state's colour."""
    if not xs:
        return
    spot = alt = via = None
    if st.space_obj is not None and space is None:
        spot, alt, via = _tint(st.space_obj, st.values)
    out.append(
        Fill((min(xs), min(ys), max(xs), max(ys)), space or st.space, st.values, spot, alt, via)
    )


@dataclass(frozen=True)
class WalkLimits:
    """Bounds on the work of reading one page's content (issue 12's structure bombs).

    Counted over the page as drawn: a form XObject drawn 50 times counts its operators
    50 times, so a form drawing copies of itself level after level meets the operator
    limit long before it meets memory or time limits.
    """

    #: Content operators read per page, forms counted as drawn.
    max_operators: int = MAX_OPERATORS
    #: Form XObjects nested deeper than this.
    max_form_depth: int = MAX_FORM_DEPTH
    #: Decoded bytes of the page's content streams (each distinct stream counted once).
    max_content_bytes: int = MAX_CONTENT_BYTES


class _Walk:
    """One page's walk: the operator count, the forms being drawn, decoded form streams."""

    def __init__(self, limits: WalkLimits) -> None:
        self.limits = limits
        self.operators = 0
        self.drawing: list[tuple[int, int]] = []  # objgen of the forms being walked
        self.decoded: dict[tuple[int, int], bytes] = {}
        self.shows_text = False
        self.content_bytes = 0

    def content(self, form: Any) -> bytes:
        key = form.objgen
        if key not in self.decoded:
            self.decoded[key] = self.read(form)
        return self.decoded[key]

    def read(self, stream: Any) -> bytes:
        """A stream's decoded bytes, within what is left of the page's content budget.

        Flate reaches 1000:1, so a few hundred kilobytes can decode to gigabytes: a Flate
        stream is measured by decompressing it a megabyte at a time into nothing before
        qpdf decodes it (other filters are measured once decoded).
        """
        import pikepdf

        left = self.limits.max_content_bytes - self.content_bytes
        if _flate_size_over(stream, left):
            self.too_much()
        try:
            data = bytes(stream.read_bytes())
        except pikepdf.PdfError:
            # a stream qpdf cannot decode (an unknown filter, damaged data) draws nothing
            # here; the walk goes on, so the rest of the page stays within the budget
            # (giving up on the page let pdfium render a form bomb beside it unbounded)
            return b""
        self.content_bytes += len(data)
        if self.content_bytes > self.limits.max_content_bytes:
            self.too_much()
        return data

    def too_much(self) -> None:
        n = self.limits.max_content_bytes
        size = f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n:,} bytes"
        raise TooComplexError(f"more than {size} of decoded content streams: not rendered")

    def over(self) -> None:
        raise TooComplexError(
            f"more than {self.limits.max_operators:,} content operators "
            "(forms counted as drawn): not rendered"
        )

    def enter(self, form: Any, name: str, depth: int) -> None:
        if form.objgen in self.drawing:
            raise TooComplexError(f"form XObject {name} draws itself (a cycle): not rendered")
        if depth >= self.limits.max_form_depth:
            raise TooComplexError(
                f"form XObjects nested deeper than {self.limits.max_form_depth} levels: "
                "not rendered"
            )


def _page_content(page: Any, walk: _Walk) -> bytes:
    """A page's content streams, concatenated (ISO 32000-1, 7.8.2)."""
    import pikepdf

    contents = page.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(walk.read(c) for c in contents)
    return walk.read(contents)


def _flate_size_over(stream: Any, budget: int) -> bool:
    """Whether a FlateDecode stream decodes to more than ``budget`` bytes (False when it
    is not Flate alone, or cannot be more at Flate's 1032:1 maximum ratio)."""
    import zlib

    import pikepdf

    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array) and len(filters) == 1:
        filters = filters[0]
    if filters != pikepdf.Name.FlateDecode:
        return False
    raw = bytes(stream.read_raw_bytes())
    if len(raw) * 1032 <= budget:
        return False
    inflate, total = zlib.decompressobj(), 0
    while raw and not inflate.eof:
        total += len(inflate.decompress(raw, 1 << 20))
        if total > budget:
            return True
        raw = inflate.unconsumed_tail
    return False


# operator kinds the walk reads; every other operator is only counted
_MOVE, _CURVE, _RECT, _PAINT, _NO_PAINT, _SAVE, _RESTORE, _CONCAT = range(8)
_GREY, _RGB, _CMYK, _SPACE, _VALUES, _DRAW, _TEXT = range(8, 15)
_KINDS = {
    **dict.fromkeys(("m", "l"), _MOVE),
    **dict.fromkeys(("c", "v", "y"), _CURVE),
    "re": _RECT,
    **dict.fromkeys(("f", "F", "f*", "B", "B*", "b", "b*"), _PAINT),
    **dict.fromkeys(("n", "S", "s"), _NO_PAINT),
    "q": _SAVE,
    "Q": _RESTORE,
    "cm": _CONCAT,
    "g": _GREY,
    "rg": _RGB,
    "k": _CMYK,
    "cs": _SPACE,
    **dict.fromkeys(("sc", "scn"), _VALUES),
    "Do": _DRAW,
    **dict.fromkeys(("Tj", "TJ", "'", '"'), _TEXT),
}


def _walk(
    data: bytes, resources: Any, st: _State, out: list[Fill], depth: int, walk: _Walk
) -> None:
    """Interpret one content stream: the graphics state, paths and what paints them.

    One dictionary look-up decides what an operator is; path operators come first in the
    chain because they are most of a page's operators.
    """
    stack: list[_State] = []
    xs: list[float] = []
    ys: list[float] = []
    limit = walk.limits.max_operators
    for operands, o in instructions(data):
        walk.operators += 1
        if walk.operators > limit:
            walk.over()
        kind = _KINDS.get(o)
        if kind is None:
            continue
        n = len(operands)
        if kind == _MOVE and n == 2:  # inline: often a third of a page's operators
            x, y = operands
            if type(x) is not float or type(y) is not float:
                raise TypeError("m or l without two numbers")
            a, b, c, d, e, f = st.ctm
            xs.append(x * a + y * c + e)
            ys.append(x * b + y * d + f)
        elif kind == _CURVE:
            _path(st.ctm, _nums(operands), xs, ys)
        elif kind == _RECT and n == 4:
            x, y, w, h = _nums(operands)
            _path(st.ctm, (x, y, x + w, y, x + w, y + h, x, y + h), xs, ys)
        elif kind == _PAINT:
            _emit(st, xs, ys, out)
            xs, ys = [], []
        elif kind == _NO_PAINT:
            xs, ys = [], []
        elif kind == _SAVE:
            stack.append(st.copy())
        elif kind == _RESTORE:
            st = stack.pop() if stack else st
        elif kind == _CONCAT and n == 6:
            st.ctm = _concat(_matrix(operands), st.ctm)
        elif kind == _GREY and n:
            st.space, st.space_obj, st.values = "DeviceGray", None, (_num(operands[0]),)
        elif kind == _RGB and n == 3:
            st.space, st.space_obj, st.values = "DeviceRGB", None, _nums(operands)
        elif kind == _CMYK and n == 4:
            st.space, st.space_obj, st.values = "DeviceCMYK", None, _nums(operands)
        elif kind == _SPACE and n:
            st.space, st.space_obj = _resolve_space(_pdf_name(operands[0]), resources)
        elif kind == _VALUES:
            st.values = tuple(v for v in operands if isinstance(v, float))
        elif kind == _DRAW and n and resources is not None:
            _draw(operands[0], resources, st, out, depth, walk)
        elif kind == _TEXT:
            walk.shows_text = True


def _path(ctm: Affine, coords: tuple[float, ...], xs: list[float], ys: list[float]) -> None:
    """Append the points (x0, y0, x1, y1, ...) in user space to the current path."""
    a, b, c, d, e, f = ctm
    for i in range(0, len(coords) - 1, 2):
        x, y = coords[i], coords[i + 1]
        xs.append(x * a + y * c + e)
        ys.append(x * b + y * d + f)


def _draw(
    name: object, resources: Any, st: _State, out: list[Fill], depth: int, walk: _Walk
) -> None:
    """``Do``: an image paints its unit square; a form is walked with its own resources."""
    xobjs = resources.get("/XObject")
    key = _pdf_name(name)
    if xobjs is None or key is None or key not in xobjs:
        return
    x = xobjs[key]
    sub = _name(x.get("/Subtype", ""))
    if sub == "Image":
        xs: list[float] = []
        ys: list[float] = []
        _path(st.ctm, (0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0), xs, ys)  # the unit square
        if bool(x.get("/ImageMask", False)):
            _emit(st, xs, ys, out)  # a stencil is painted in the current fill colour
        else:
            _emit(st, xs, ys, out, space="Image")
    elif sub == "Form":
        walk.enter(x, str(name), depth)
        inner = st.copy()
        if "/Matrix" in x:
            inner.ctm = _concat(_matrix(x.Matrix), inner.ctm)
        walk.drawing.append(x.objgen)
        try:
            _walk(walk.content(x), x.get("/Resources", resources), inner, out, depth + 1, walk)
        finally:
            walk.drawing.pop()


def _num(v: object) -> float:
    if not isinstance(v, float):
        raise TypeError(f"a number was expected, not {v!r}")
    return v


def _nums(operands: list[object]) -> tuple[float, ...]:
    if not all(type(v) is float for v in operands):
        raise TypeError("an operand that is not a number")
    return tuple(operands)  # type: ignore[arg-type]


def _pdf_name(v: object) -> Any:
    """The pikepdf name of a name operand (for resource look-ups), else None."""
    import pikepdf

    return pikepdf.Name(v) if isinstance(v, Name) else None


def page_fills(pdf_bytes: bytes, page_index: int) -> list[Fill]:
    """Every fill of one page of a PDF held in bytes. Empty when pikepdf is missing."""
    pdf = open_document(pdf_bytes)
    if pdf is None:
        return []
    with pdf:
        return list(read_content(pdf, page_index).fills)


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


@dataclass(frozen=True)
class PageContent:
    """What one walk over a page's content found.

    ``fills``: every fill with its stated colour; ``operators``: the operators read,
    forms counted as drawn; ``shows_text``: whether a text-showing operator was met
    (None when the content could not be read).
    """

    fills: tuple[Fill, ...]
    operators: int
    shows_text: bool | None


def read_content(pdf: Any, page_index: int, limits: WalkLimits | None = None) -> PageContent:
    """Walk one page of an open pikepdf document: its fills and stated colours.

    No fills when the page's content cannot be read (the pixels are then judged instead).

    Raises
    ------
    TooComplexError
        The page's content is over ``limits`` (operators, form depth) or a form draws
        itself: its rendering would be unbounded too.
    """
    import pikepdf

    walk = _Walk(limits or WalkLimits())
    out: list[Fill] = []
    try:
        page = pdf.pages[page_index].obj
        _walk(_page_content(page, walk), page.get("/Resources"), _State(), out, 0, walk)
    except (pikepdf.PdfError, IndexError, ValueError, TypeError, KeyError, AttributeError):
        return PageContent((), walk.operators, None)
    return PageContent(tuple(out), walk.operators, walk.shows_text)


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
