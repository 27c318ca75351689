"""What every reader returns (:class:`Poster`) and the limits every reader obeys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from brandcheck._typing import CMYKImage, Homography, RGBImage

if TYPE_CHECKING:
    from brandcheck.load.pdfcolour import Fill
    from brandcheck.load.pdftext import TextObject

#: Default pixel limit: 200 Mpx is an A0 poster at 300 dpi with margin; a decompression
#: bomb declares far more in a few hundred bytes.
MAX_PIXELS = 200_000_000
#: Default page limit of a PDF.
MAX_PAGES = 50
#: PDF pages are rendered at this resolution by default: 150 ppi puts a 25 mm logo at
#: 148 px, enough to locate and measure it; ``PDF_MAX_SIDE`` caps posters of A0 and up.
PDF_PPI = 150.0
PDF_MAX_SIDE = 7000
#: Work limits of a PDF page's content walk: 2,000,000 operators is about 5 s of the walk
#: and 7 s of pdfium's rendering here (a page of 2 M path operators, measured); design
#: tools nest form XObjects two or three levels deep.
PDF_MAX_OPERATORS = 2_000_000
PDF_MAX_FORM_DEPTH = 12
#: Decoded content streams per PDF page: 256 MiB holds 2 million operators many times
#: over, and caps the memory a Flate bomb (1000:1) can make qpdf allocate.
PDF_MAX_CONTENT_BYTES = 256 * 2**20
#: Stated resolutions outside this range (ppi) are placeholders or corruption: 1 ppi is a
#: common "no resolution" filler; a billboard printed at full size can be 10-20 ppi and a
#: fine scan a few thousand.
PPI_RANGE = (5.0, 20_000.0)


@dataclass(frozen=True)
class ReadOptions:
    """Limits and settings every reader receives (each reader uses those that apply)."""

    #: Refuse images (and rendered pages) larger than this, checked from the header.
    max_pixels: int = MAX_PIXELS
    #: Refuse PDFs with more pages.
    max_pages: int = MAX_PAGES
    #: Resolution PDF pages are rendered at (lowered for pages over the limits).
    pdf_ppi: float = PDF_PPI
    #: A PDF page with more content operators than this (forms counted as drawn) is
    #: refused (``too-complex``) before it is rendered.
    pdf_max_operators: int = PDF_MAX_OPERATORS
    #: A PDF page whose form XObjects nest deeper than this is refused (``too-complex``).
    pdf_max_form_depth: int = PDF_MAX_FORM_DEPTH
    #: A PDF page whose content streams decode to more bytes than this is refused.
    pdf_max_content_bytes: int = PDF_MAX_CONTENT_BYTES


@dataclass(frozen=True)
class Poster:
    """A decoded input, ready to check.

    Attributes
    ----------
    rgb
        (H, W, 3) uint8 sRGB, EXIF-oriented, alpha composited on white: what the later
        stages locate and measure in, whatever the file's colour space was.
    path
        The input path, for messages and reports.
    cmyk
        (H, W, 4) uint8 ink (255 = 100 %) for CMYK inputs only, same orientation as
        ``rgb``: the colour check judges print files on their ink values, which no RGB
        conversion preserves.
    ppi
        Pixels per inch (x, y) when the file states a plausible physical resolution (see
        :mod:`brandcheck.load` for the rule), else ``None``: minimum-size checks need it.
    page
        1-based page number for PDF inputs, ``None`` for images.
    notes
        Things the user should know about how the file was read (first frame only, ICC
        conversion, EXIF rotation, ...); they become informational findings.
    source_format
        The sniffed format ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP", "PDF").
    camera
        The camera the file's EXIF names (``Make`` and ``Model``), else ``None``: such a
        file is a photograph, whose blur, light and white balance are the camera's and
        not the artwork's (see :mod:`brandcheck.checks.photo`).
    to_points
        (3, 3) map from poster pixels (centre convention) to the page's user space in
        points (origin bottom-left), for a PDF page; ``None`` for images.
    fills
        What the PDF page paints and the colour it *states* for each (DeviceCMYK values,
        spot names), read in the same pass as the page; empty for images.
    texts
        The page's text objects (font, text, box in points); ``None`` for images, where
        fonts are unknown.
    """

    rgb: RGBImage
    path: str
    cmyk: CMYKImage | None = None
    ppi: tuple[float, float] | None = None
    page: int | None = None
    notes: tuple[str, ...] = ()
    source_format: str = ""
    camera: str | None = None
    to_points: Homography | None = None
    fills: tuple[Fill, ...] = ()
    texts: tuple[TextObject, ...] | None = None

    @property
    def width(self) -> int:
        """Width in pixels (after EXIF orientation)."""
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        """Height in pixels (after EXIF orientation)."""
        return int(self.rgb.shape[0])

    @property
    def size_mm(self) -> tuple[float, float] | None:
        """Physical (width, height) in mm, when the resolution is known."""
        if not self.ppi:
            return None
        return self.width / self.ppi[0] * 25.4, self.height / self.ppi[1] * 25.4
