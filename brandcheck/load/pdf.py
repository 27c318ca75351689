"""PDF: pages rendered with pdfium, one at a time, at a resolution within the limits."""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import replace
from typing import Any

import numpy as np

from brandcheck._typing import Homography
from brandcheck.errors import (
    EncryptedError,
    ImageReadError,
    TooComplexError,
    TooLargeError,
    UnsupportedFormatError,
    install_hint,
)
from brandcheck.load import pdfcolour, pdftext
from brandcheck.load.formats import Format, magic, register_format
from brandcheck.load.poster import MAX_PAGES, MAX_PIXELS, PDF_MAX_SIDE, PDF_PPI, Poster, ReadOptions


def read_pdf(data: bytes, path: str, opts: ReadOptions) -> Generator[Poster, None, None]:
    """Every page of a PDF, read when it is asked for: one rendered page in memory at a time.

    One pass per page over one open document: the colours the page states (pikepdf's
    content streams), its pixels and its text objects (pdfium). The resolution is lowered
    for pages that would exceed ``max_pixels`` or ``PDF_MAX_SIDE``; the physical size
    comes from the page box, so ``ppi`` is exact.
    """
    pdfium = _pdfium(path)
    doc = _open(pdfium, data, path)
    stated = pdfcolour.open_document(data)  # None without pikepdf: no stated colours
    try:
        n = len(doc)
        if n == 0:
            raise ImageReadError("PDF has no pages", path=path)
        if n > opts.max_pages:
            raise TooLargeError(
                f"PDF has {n} pages, more than the limit of {opts.max_pages}", path=path
            )
        limits = pdfcolour.WalkLimits(
            opts.pdf_max_operators, opts.pdf_max_form_depth, opts.pdf_max_content_bytes
        )
        for i in range(n):
            # the content walk comes first: it bounds the work, and a page over the limits
            # is refused before pdfium renders it (pdfium has no limits of its own)
            try:
                content = pdfcolour.read_content(stated, i, limits) if stated is not None else None
            except TooComplexError as exc:
                raise TooComplexError(f"page {i + 1}: {exc.message}", path=path) from exc
            # pdfium lists every page object to find the text ones (3 µs each): skipped
            # when the walk saw no text shown
            texts = content is None or content.shows_text is not False
            try:
                poster = _render_page(doc, i, n, path, opts, texts=texts)
            except pdfium.PdfiumError as exc:
                raise ImageReadError(f"damaged PDF: page {i + 1}: {exc}", path=path) from exc
            yield poster if content is None else replace(poster, fills=content.fills)
    finally:
        if stated is not None:
            stated.close()
        doc.close()


def load_pdf(
    data: bytes,
    path: str,
    *,
    max_pixels: int = MAX_PIXELS,
    max_pages: int = MAX_PAGES,
    ppi: float = PDF_PPI,
    pages: list[int] | None = None,
) -> list[Poster]:
    """Render PDF pages (all, or the 0-based ``pages``) with pdfium at ``ppi``."""
    opts = ReadOptions(max_pixels=max_pixels, max_pages=max_pages, pdf_ppi=ppi)
    it = read_pdf(data, path, opts)
    out = []
    try:
        for i, poster in enumerate(it):
            if pages is None or i in pages:
                out.append(poster)
            if pages is not None and i >= max(pages, default=-1):
                break
    finally:
        it.close()
    return out


def _pdfium(path: str) -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise UnsupportedFormatError(
            f"PDF input needs pypdfium2: {install_hint('pdf')}", path=path
        ) from exc
    return pdfium


def _open(pdfium: Any, data: bytes, path: str) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise EncryptedError(
                "password-protected PDF: cannot be checked without the password", path=path
            ) from exc
        raise ImageReadError(f"damaged PDF: {msg}", path=path) from exc


def _render_page(
    doc: Any, i: int, n: int, path: str, opts: ReadOptions, *, texts: bool = True
) -> Poster:
    """Page ``i`` rendered, with its text objects (if ``texts``) and its pixel -> point map."""
    page = doc[i]
    try:
        w_pt, h_pt = page.get_size()
        if not (w_pt > 0 and h_pt > 0 and math.isfinite(w_pt * h_pt)):
            raise ImageReadError(
                f"damaged PDF: page {i + 1} has no usable size ({w_pt} × {h_pt} pt)", path=path
            )
        side_in = max(w_pt, h_pt) / 72.0
        area_in2 = (w_pt / 72.0) * (h_pt / 72.0)
        scale_ppi = min(
            opts.pdf_ppi, PDF_MAX_SIDE / side_in, (opts.max_pixels / max(area_in2, 1e-6)) ** 0.5
        )
        bitmap = page.render(scale=scale_ppi / 72.0, fill_color=(255, 255, 255, 255))
        rgb = np.ascontiguousarray(bitmap.to_numpy()[..., :3])
        if bitmap.mode in ("BGRA", "BGRX", "BGR"):
            rgb = np.ascontiguousarray(rgb[..., ::-1])
        objects = pdftext.text_of(page) if texts else []
    finally:
        page.close()
    notes = (
        (
            f"PDF page {i + 1} of {n} rendered at {scale_ppi:.0f} ppi "
            f"({w_pt / 72 * 25.4:.0f} × {h_pt / 72 * 25.4:.0f} mm)"
        ),
    )
    return Poster(
        rgb=rgb,
        path=path,
        ppi=(scale_ppi, scale_ppi),
        page=i + 1,
        notes=notes,
        source_format="PDF",
        to_points=_to_points(scale_ppi, rgb.shape[0]),
        texts=None if objects is None else tuple(objects),
    )


def _to_points(ppi: float, height_px: int) -> Homography:
    """Poster px (centre convention) -> user space points (origin bottom-left, y up).

    The page height is the rendered height in points, so the map is exact for the pixels
    the later stages measure in.
    """
    k = 72.0 / ppi
    return np.array([[k, 0.0, 0.5 * k], [0.0, -k, (height_px - 0.5) * k], [0.0, 0.0, 1.0]])


register_format(Format("PDF", magic(b"%PDF"), read_pdf, (".pdf",), paged=True))
