"""A small ``multipart/form-data`` reader (RFC 7578) for one upload and a few short fields.

The standard library's ``cgi.FieldStorage`` is deprecated (PEP 594) and gone in Python
3.13, so the server reads the body itself: it is spooled to a file in the request's private
folder first (its size already checked against the limit), then split here by searching the
memory-mapped file for the boundary, so a 200 MB poster is never held in memory. The
client's file name is returned as text for display only; the upload is written to a name
the caller chooses.
"""

from __future__ import annotations

import mmap
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

#: A text field longer than this is refused (the API's fields are flags).
MAX_FIELD_BYTES = 64 * 1024
_PARAM = re.compile(r';\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))')


class MultipartError(ValueError):
    """The body is not the multipart/form-data it claims to be."""


@dataclass
class Form:
    """The fields of one form: short text fields, and the one file (if any)."""

    fields: dict[str, str] = field(default_factory=dict)
    filename: str | None = None
    file_path: Path | None = None
    file_size: int = 0


def boundary_of(content_type: str) -> bytes:
    """The boundary of a ``multipart/form-data`` Content-Type header (RFC 2046 5.1.1)."""
    kind, _, params = content_type.partition(";")
    if kind.strip().lower() != "multipart/form-data":
        raise MultipartError("expected a multipart/form-data body (a form with a 'file' field)")
    b = _params(";" + params).get("boundary", "")
    if not 1 <= len(b) <= 70:
        raise MultipartError("the multipart boundary is missing or longer than 70 characters")
    return b.encode("latin-1", "replace")


def _params(header_rest: str) -> dict[str, str]:
    out = {}
    for m in _PARAM.finditer(header_rest):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        out[m.group(1).lower()] = re.sub(r"\\(.)", r"\1", value)
    return out


def display_name(raw: str | None) -> str:
    """The client's file name reduced to something safe to show: no folders, no controls.

    It names nothing on the server; it is what reports call the upload.
    """
    # browsers send '"', CR and LF in a file name as %22, %0D, %0A (HTML, "multipart/form-data
    # encoding algorithm"); nothing else is percent-decoded
    raw = (raw or "").replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or "upload"


def parse(body: BinaryIO, length: int, boundary: bytes, file_dest: Path) -> Form:
    """Split a spooled body of ``length`` bytes; the part named ``file`` goes to ``file_dest``."""
    form = Form()
    if length == 0:
        raise MultipartError("the request body is empty")
    delim = b"--" + boundary
    with mmap.mmap(body.fileno(), length, access=mmap.ACCESS_READ) as mm:
        pos = mm.find(delim)
        if pos < 0:
            raise MultipartError("the multipart boundary does not occur in the body")
        pos += len(delim)
        while True:
            if mm[pos : pos + 2] == b"--":
                return form  # the closing delimiter
            if mm[pos : pos + 2] != b"\r\n":
                raise MultipartError("a multipart delimiter is not followed by CRLF")
            head_end = mm.find(b"\r\n\r\n", pos + 2)
            if head_end < 0 or head_end - pos > 16 * 1024:
                raise MultipartError("a part's headers do not end")
            headers = _headers(mm[pos + 2 : head_end])
            start = head_end + 4
            end = mm.find(b"\r\n" + delim, start)
            if end < 0:
                raise MultipartError("the body ends inside a part (truncated upload?)")
            disp = headers.get("content-disposition", "")
            kind, _, rest = disp.partition(";")
            params = _params(";" + rest)
            name = params.get("name")
            if kind.strip().lower() != "form-data" or name is None:
                raise MultipartError("a part has no Content-Disposition: form-data; name=...")
            if name == "file":
                if form.file_path is not None:
                    raise MultipartError("send one file per request")
                _copy(mm, start, end, file_dest)
                form.filename = display_name(params.get("filename"))
                form.file_path, form.file_size = file_dest, end - start
            else:
                if end - start > MAX_FIELD_BYTES:
                    raise MultipartError(f"field {name!r} is longer than {MAX_FIELD_BYTES} bytes")
                form.fields[name] = mm[start:end].decode("utf-8", "replace")
            pos = end + 2 + len(delim)


def _headers(block: bytes) -> dict[str, str]:
    out = {}
    for line in block.decode("utf-8", "replace").split("\r\n"):
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip().lower()] = value.strip()
    return out


def _copy(mm: mmap.mmap, start: int, end: int, dest: Path) -> None:
    step = 1 << 20
    with open(dest, "xb") as out:  # "x": never over an existing file
        out.writelines(mm[i : min(i + step, end)] for i in range(start, end, step))
