"""Text objects of a PDF page (font base name, text, box), read with pdfium.

The font check compares the fonts of text set near the logo with the kit's typography.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TextObject:
    """One text object: ``bbox`` in points (origin bottom-left), its font's base name, its text."""

    bbox: tuple[float, float, float, float]
    font: str
    text: str


def _base_font(raw: object, font: object) -> str:
    n = raw.FPDFFont_GetBaseFontName(font, None, 0)  # type: ignore[attr-defined]
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer(n)
    raw.FPDFFont_GetBaseFontName(font, buf, n)  # type: ignore[attr-defined]
    name = buf.value.decode("latin-1")
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name  # drop subset tag


def page_text(pdf_bytes: bytes, page_index: int) -> list[TextObject]:
    """Every text object of one page of a PDF held in bytes; empty when pdfium cannot say."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return []
    try:
        doc = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError:
        return []
    try:
        page = doc[page_index]
        try:
            return text_of(page) or []
        finally:
            page.close()
    finally:
        doc.close()


def text_of(page: Any) -> list[TextObject] | None:
    """Every text object of an open pdfium page; None when pdfium cannot say."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    out: list[TextObject] = []
    try:
        tp = page.get_textpage()
        try:
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=4):
                out.append(_text_object(raw, obj, tp))
        finally:
            tp.close()
    except pdfium.PdfiumError:
        return None
    return out


def _text_object(raw: Any, obj: Any, tp: Any) -> TextObject:
    font = raw.FPDFTextObj_GetFont(obj.raw)
    name = _base_font(raw, font) if font else ""
    n = raw.FPDFTextObj_GetText(obj.raw, tp.raw, None, 0)
    text = ""
    if n > 0:
        buf = (ctypes.c_ushort * n)()
        raw.FPDFTextObj_GetText(obj.raw, tp.raw, buf, n)
        text = bytes(buf).decode("utf-16-le", errors="replace").rstrip("\0")
    x0, y0, x1, y1 = (float(v) for v in obj.get_bounds())
    return TextObject((x0, y0, x1, y1), name, text)
