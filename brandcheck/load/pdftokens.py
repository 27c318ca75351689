"""A PDF content stream as (operands, operator) instructions, one at a time.

pikepdf's ``parse_content_stream`` builds every instruction of a stream as Python objects
before the first can be read: about 450 bytes and 13 µs an operator, 0.9 GB and 26 s for
a page of 2 million path operators (measured on this machine). Read here with one
compiled pattern over the decoded bytes, instructions come one at a time, so a walk can
stop at its operator budget having spent time in proportion to what it read, and memory
is the decoded stream's. Only numbers and names are kept as operands: strings, arrays
and dictionaries become :data:`OTHER` (no operator the colour walk reads takes them).

References
----------
ISO 32000-1:2008, 7.2 (lexical conventions), 7.3.4 (strings), 7.8.2 (content streams),
8.9.7 (inline images).
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class Name(str):
    """A name operand, ``#xx`` escapes decoded, with its leading slash (``/CS0``)."""

    __slots__ = ()


#: Any operand that is neither a number nor a name (string, array, dictionary, boolean).
OTHER = object()

Operand = float | Name | object

_WS = rb"\x00\t\n\x0c\r "
_DELIM = rb"()<>\[\]{}/%"
#: Where plain tokens stop: a string, hex string or dictionary, an array, a comment, or
#: an inline image's ``BI`` (its data may hold any byte). Between two of these,
#: ``bytes.split`` finds the tokens, in C.
_SPECIAL = re.compile(
    rb"[(<>\[\]{}%]|(?<![^" + _WS + _DELIM + rb"])BI(?![^" + _WS + _DELIM + rb"])"
)
#: Plain tokens are split this many bytes at a time. A run of this many bytes without
#: white space is not a content stream's (the longest operand is a number or a name);
#: one is cut at its next break, where an inline image's ``BI`` is not looked for.
_CHUNK = 1 << 16
_ENDS = frozenset(_WS + b"()<>[]{}/%")
_BREAK = re.compile(rb"[" + _WS + rb"()<>\[\]{}%]")
_STRING_STOP = re.compile(rb"[()\\]")
_LINE_END = re.compile(rb"[\r\n]")
_NAMES = re.compile(rb"/[^/]*")
_INLINE_DATA = re.compile(rb"[" + _WS + rb"]ID[" + _WS + rb"]")
_INLINE_END = re.compile(rb"[" + _WS + rb"]EI(?=[" + _WS + rb"]|$)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_KEYWORDS = {b"true", b"false", b"null"}
_NUMBER_START = frozenset(b"0123456789+-.")
_SLASH = 0x2F


def _name(raw: bytes) -> Name:
    if b"#" in raw:
        raw = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return Name(raw.decode("latin-1"))


def _skip_string(data: bytes, pos: int) -> int:
    """Position after the literal string whose ``(`` ends before ``pos`` (nested, escaped)."""
    depth = 1
    while depth:
        m = _STRING_STOP.search(data, pos)
        if m is None:
            return len(data)
        c = data[m.start()]
        pos = m.end() + (1 if c == 0x5C else 0)  # a backslash escapes the next byte
        depth += 1 if c == 0x28 else -1 if c == 0x29 else 0
    return pos


def instructions(data: bytes) -> Iterator[tuple[list[Operand], str]]:
    """Every instruction of a decoded content stream, in order.

    An inline image (``BI`` ... ``ID`` data ``EI``) is one instruction, ``BI``, whose
    data is skipped. Unbalanced delimiters and stray bytes are skipped, as viewers do.
    """
    operands: list[Operand] = []
    nest = 0  # depth inside arrays and dictionaries: their contents are one operand
    pos, end = 0, len(data)
    while pos < end:
        limit = min(end, pos + _CHUNK)
        m = _SPECIAL.search(data, pos, limit)
        while m is not None and m.end() == limit < end and m.group() == b"BI":
            if data[limit] in _ENDS:
                break
            m = _SPECIAL.search(data, m.end(), limit)  # "BI" cut off from "BIG" at the limit
        if m is None and limit < end:
            # a long run of plain tokens: split it a chunk at a time, at its last white
            # space, so the token list stays small (one list for 100 MB took 1.2 GB)
            stop = max(data.rfind(c, pos, limit) for c in (b" ", b"\n", b"\r", b"\t"))
            if stop <= pos:  # no white space in a whole chunk: to the end of this token
                brk = _BREAK.search(data, limit)
                stop = end if brk is None else brk.start()
            m_next = None
        else:
            stop = end if m is None else m.start()
            m_next = m
        if not nest:
            for tok in data[pos:stop].split():
                if tok[0] in _NUMBER_START:
                    try:
                        operands.append(float(tok))
                        continue
                    except ValueError:
                        pass  # an operator or junk that starts like a number
                if tok[0] == _SLASH:
                    operands.extend(_name(n) for n in _NAMES.findall(tok))
                elif tok in _KEYWORDS:
                    operands.append(OTHER)
                else:
                    yield operands, tok.decode("latin-1")
                    operands = []
        m = m_next
        if m is None:
            pos = stop
            continue
        token = m.group()
        pos = m.end()
        if token == b"BI":
            if not nest:
                pos = _skip_inline_image(data, pos)
                yield operands, "BI"
                operands = []
        elif token == b"(":
            pos = _skip_string(data, pos)
            if not nest:
                operands.append(OTHER)
        elif token == b"%":
            eol = _LINE_END.search(data, pos)
            pos = end if eol is None else eol.end()
        elif token == b"<" and data[pos : pos + 1] != b"<":
            close = data.find(b">", pos)  # a hex string
            pos = end if close < 0 else close + 1
            if not nest:
                operands.append(OTHER)
        elif token in (b"<", b"["):
            pos += 1 if token == b"<" else 0  # ``<<`` opens a dictionary
            nest += 1
        elif token in (b">", b"]"):
            pos += 1 if token == b">" and data[pos : pos + 1] == b">" else 0
            if nest:
                nest -= 1
                if not nest:
                    operands.append(OTHER)
        # braces (PostScript calculator functions) do not occur in content streams


def _skip_inline_image(data: bytes, pos: int) -> int:
    """Position after an inline image's ``EI``, from just after its ``BI``."""
    start = _INLINE_DATA.search(data, pos - 1)
    if start is None:
        return len(data)
    m = _INLINE_END.search(data, start.end())  # the data starts after one white-space byte
    return len(data) if m is None else m.end()
