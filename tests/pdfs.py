"""PDF posters made in the tests: the logo as a stencil mask painted in a stated colour."""

from __future__ import annotations

import io
import zlib

import numpy as np
import pikepdf
from PIL import Image

from tests.conftest import KIT

A4 = (595.28, 841.89)  # points


def logo_mask(width_px: int = 800) -> tuple[bytes, int, int]:
    """The kit's artwork alpha as a 1-bit stencil (1 = paint), packed rows."""
    with Image.open(KIT.logo.artwork) as im:
        a = np.asarray(im.convert("RGBA"))[..., 3]
    h = round(a.shape[0] * width_px / a.shape[1])
    small = np.asarray(Image.fromarray(a).resize((width_px, h), Image.LANCZOS)) > 127
    # PDF image masks: sample value 0 paints when Decode is [1 0]; pack 1 bit per pixel
    packed = np.packbits(small, axis=1)
    return packed.tobytes(), width_px, h


def poster_pdf(
    colour: str = "cmyk",
    value=(0.11, 0.99, 1.0, 0.0),
    spot: str = "PANTONE 5216 C",
    logo_width_mm: float = 80.0,
    pages: int = 1,
    password: str | None = None,
    beside: tuple[str, str] | None = None,
) -> bytes:
    """A4 pages with the logo near the top, painted in ``colour``:

    - ``cmyk``: DeviceCMYK ``value`` (0..1);
    - ``rgb``: DeviceRGB ``value`` (0..1);
    - ``spot``: Separation ``spot`` with alternate DeviceCMYK ``value``, tint 1.
    """
    pdf = pikepdf.new()
    data, w, h = logo_mask()
    mask = pikepdf.Stream(pdf, zlib.compress(data))
    mask.Type, mask.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    mask.Width, mask.Height, mask.ImageMask, mask.BitsPerComponent = w, h, True, 1
    mask.Decode = pikepdf.Array([1, 0])
    mask.Filter = pikepdf.Name.FlateDecode
    lw = logo_width_mm / 25.4 * 72
    lh = lw * h / w
    x, y = (A4[0] - lw) / 2, A4[1] * 0.78
    resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Logo=mask))
    if colour == "cmyk":
        fill = f"{value[0]} {value[1]} {value[2]} {value[3]} k"
    elif colour == "rgb":
        fill = f"{value[0]} {value[1]} {value[2]} rg"
    else:
        fn = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=list(value), N=1)
        sep = pikepdf.Array(
            [pikepdf.Name.Separation, pikepdf.Name("/" + spot), pikepdf.Name.DeviceCMYK, fn]
        )
        resources.ColorSpace = pikepdf.Dictionary(CS0=sep)
        fill = "/CS0 cs 1 scn"
    text = (
        f"q 0.2 g 50 120 495 14 re f Q "  # a grey rule standing for body text
        f"q {fill} {lw:.2f} 0 0 {lh:.2f} {x:.2f} {y:.2f} cm /Logo Do Q"
    )
    if beside:  # (base font name, text) set level with the logo, to its right
        resources.Font = pikepdf.Dictionary(
            F1=pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name("/" + beside[0]),
            )
        )
        text += f" BT /F1 10 Tf {x + lw + 8:.2f} {y + lh / 2:.2f} Td ({beside[1]}) Tj ET"
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=A4)
        page.Resources = resources
        page.Contents = pdf.make_stream(text.encode())
    buf = io.BytesIO()
    if password:
        pdf.save(buf, encryption=pikepdf.Encryption(owner=password, user=password))
    else:
        pdf.save(buf)
    return buf.getvalue()


# --- structure bombs (issue 12): made here, at a size the test chooses ------------------------


def _form(pdf: pikepdf.Pdf, content: bytes) -> pikepdf.Object:
    form = pikepdf.Stream(pdf, content)
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox = [0, 0, A4[0], A4[1]]
    return pdf.make_indirect(form)


def _save(pdf: pikepdf.Pdf) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _page_drawing(pdf: pikepdf.Pdf, form: pikepdf.Object) -> None:
    page = pdf.add_blank_page(page_size=A4)
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=form))
    page.Contents = pdf.make_stream(b"/F Do")


def form_cycle_pdf(copies: int = 50, pages_before: int = 0) -> bytes:
    """A form XObject that draws itself ``copies`` times (each draw draws it again).

    ``pages_before`` good poster pages come first, so a partial result can be seen.
    """
    pdf = pikepdf.open(io.BytesIO(poster_pdf(pages=pages_before))) if pages_before else None
    pdf = pdf or pikepdf.new()
    form = _form(pdf, b"")
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=form))
    form.write(b"0 0 1 rg 0 0 10 10 re f\n" + b"q 0.5 0 0 0.5 0 0 cm /F Do Q\n" * copies)
    _page_drawing(pdf, form)
    return _save(pdf)


def form_fanout_pdf(copies: int = 50, levels: int = 6) -> bytes:
    """Forms nested ``levels`` deep, each drawing the next ``copies`` times: no cycle,
    but copies ** (levels - 1) draws of the innermost rectangle."""
    pdf = pikepdf.new()
    inner = _form(pdf, b"0 0 1 rg 0 0 10 10 re f\n")
    for _ in range(levels - 1):
        outer = _form(pdf, b"q 0.9 0 0 0.9 1 1 cm /G Do Q\n" * copies)
        outer.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(G=inner))
        inner = outer
    _page_drawing(pdf, inner)
    return _save(pdf)


def deep_forms_pdf(levels: int) -> bytes:
    """Forms nested ``levels`` deep, each drawing the next once."""
    return form_fanout_pdf(copies=1, levels=levels)


def operator_flood_pdf(operators: int) -> bytes:
    """One page of ``operators`` path operators (triangles, filled), Flate-compressed:
    100 MB of them (17.9 M operators) compress to about 240 KB."""
    line = b"10 10 m 20 20 l 30 10 l h f\n"  # 5 operators
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=A4)
    page.Contents = pdf.make_stream(line * (operators // 5))  # pikepdf compresses on save
    return _save(pdf)
