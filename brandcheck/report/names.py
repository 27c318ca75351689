"""File names (and other untrusted text) made safe for each output.

A POSIX file name is any byte string without ``/`` and NUL: not necessarily UTF-8, and it
may hold newlines, tabs or terminal escapes. Python gives such names as ``str`` with the
undecodable bytes as lone surrogates (``surrogateescape``: byte 0xFF is U+DCFF), which
UTF-8 cannot encode and which OpenCV's text functions crash on. Each output gets the name
in the one form that is both safe and faithful for it:

- :func:`display` for lines people read (text, hook, HTML, the annotated PNG's banner):
  undecodable bytes as ``\\xff``, control characters as ``\\n``, ``\\t``, ``\\x1b``, so a
  name is always one line and cannot drive a terminal;
- :func:`json_safe` for JSON and SARIF: the exact name, lone surrogates written as
  ``\\udcff`` escapes (valid JSON; Python's ``json`` reads the same ``str`` back and
  ``os.fsencode`` gives the original bytes), with :func:`path_bytes` as a hex companion;
- :func:`csv_cell` for CSV: :func:`display`, and a leading ``=``, ``+``, ``-``, ``@``,
  tab or carriage return neutralised with a ``'`` (OWASP, "CSV Injection"), so a
  spreadsheet never runs a cell as a formula;
- :func:`uri` for SARIF: a percent-encoded relative URI reference (RFC 3986).
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

#: Lone surrogates (undecodable bytes under surrogateescape, or broken UTF-16).
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters that break a line or steer a terminal: C0, DEL, C1, line/paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: First characters a spreadsheet reads as a formula (OWASP CSV Injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _escape_one(m: re.Match[str]) -> str:
    c = m.group()
    o = ord(c)
    if 0xDC80 <= o <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{o - 0xDC00:02x}"
    if c in _NAMED:
        return _NAMED[c]
    return f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}"


def display(text: str) -> str:
    """``text`` as one printable line: undecodable bytes and control characters escaped."""
    return _CONTROL.sub(_escape_one, _SURROGATE.sub(_escape_one, text))


def ascii_display(text: str) -> str:
    """:func:`display`, then anything outside ASCII escaped: for OpenCV's Hershey fonts."""
    return display(text).encode("ascii", "backslashreplace").decode("ascii")


def json_safe(document: str) -> str:
    """A ``json.dumps(..., ensure_ascii=False)`` text with lone surrogates as ``\\uXXXX``.

    Outside string literals JSON text is ASCII, so any surrogate is inside a string, where
    the escape is exactly what ``ensure_ascii=True`` would have written for it.
    """
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def path_bytes(path: str) -> str | None:
    """The name's bytes in hex when it is not valid UTF-8 (else ``None``)."""
    if not _SURROGATE.search(path):
        return None
    return os.fsencode(path).hex()


def csv_cell(value: object) -> object:
    """A CSV cell: strings displayed on one line and defused as formulas; numbers as they are."""
    if not isinstance(value, str):
        return value
    text = display(value)
    # display() turned tab and CR into \t and \r already; the check stays for clarity
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def uri(path: str) -> str:
    """A percent-encoded URI reference for ``path`` (relative when the path is).

    Bytes are encoded from the file system's own bytes, so a name that is not UTF-8 keeps
    them (``%FF``); ``/`` stays a separator. Absolute paths become ``file://`` URIs.
    """
    raw = os.fsencode(path).replace(os.sep.encode(), b"/")
    quoted = quote(raw, safe="/")
    if os.path.isabs(path):
        return "file://" + (quoted if quoted.startswith("/") else "/" + quoted)
    return quoted  # ":" is percent-encoded too, so no first segment reads as a scheme
