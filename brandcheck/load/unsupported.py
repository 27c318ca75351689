"""Formats designers send that brandcheck recognises but does not read.

Registered without a reader, so the error names the format and says what to export
instead of "not an image". Reading one of them is a reader in place of ``None`` here.
"""

from __future__ import annotations

from collections.abc import Callable

from brandcheck.load.formats import Format, magic, register_format

_FTYP_BRANDS = {
    "HEIC": (b"heic", b"heix", b"hevc", b"heim", b"heis"),
    "HEIF": (b"mif1", b"msf1"),
    "AVIF": (b"avif", b"avis"),
}


def _ftyp(brands: tuple[bytes, ...]) -> Callable[[bytes], bool]:
    return lambda head: head[4:8] == b"ftyp" and head[8:12] in brands


def _is_svg(head: bytes) -> bool:
    text = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text)


for _fmt in (
    Format("Photoshop PSD", magic(b"8BPS")),
    Format("PostScript/EPS", magic(b"%!PS")),
    Format("EPS", magic(b"\xc5\xd0\xd3\xc6")),
    Format("JPEG 2000", magic(b"\xff\x4f\xff\x51", b"\x00\x00\x00\x0cjP  \r\n\x87\n")),
    Format("JPEG XL", magic(b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")),
    *(Format(name, _ftyp(brands)) for name, brands in _FTYP_BRANDS.items()),
    Format("SVG", _is_svg),
):
    register_format(_fmt)
