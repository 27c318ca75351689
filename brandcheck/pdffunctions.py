"""PDF colour spaces evaluated to a device colour, as producers really write them.

A logo's fill is stated in the PDF in some colour space; the colour check can compute
CIELAB from DeviceCMYK (through the kit's print condition), DeviceRGB, DeviceGray and Lab.
Everything else is brought to one of those here:

- ``Separation`` and ``DeviceN``: the tint transform is a PDF function evaluated on the
  tints, giving values in the alternate space (itself resolved again). Function types 0
  (sampled), 2 (exponential), 3 (stitching) and 4 (PostScript calculator) are evaluated;
- ``ICCBased``: the values are taken in the ``/Alternate`` space, else the device space of
  ``/N`` components (1 Gray, 3 RGB, 4 CMYK). The profile itself is not applied: for the
  CMYK and sRGB profiles logos are set in, this is the colour the designer typed;
- ``Indexed``: the index is looked up in the table, then resolved in the base space;
- ``CalGray``, ``CalRGB``: taken as their device spaces; ``Lab``: as stated (D50 assumed
  when the white point is D50, as in every producer we know of).

``to_device`` returns None (never raises) when a space or function cannot be evaluated:
the caller then knows the colour is stated but not computable.

References
----------
ISO 32000-1:2008 (PDF 1.7), 7.10 (functions), 8.6.5-8.6.6 (special colour spaces).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: Nesting limit when resolving spaces (an Indexed base of a Separation alternate ...).
MAX_DEPTH = 6
#: Operators executed by one type 4 function evaluation (bounded work on hostile files).
MAX_PS_STEPS = 10_000
_DEVICE_N = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}


@dataclass(frozen=True)
class Device:
    """A colour brought to a space the colour check computes: space, values, how."""

    space: str  # DeviceCMYK, DeviceRGB, DeviceGray or Lab
    values: tuple[float, ...]
    via: str  # e.g. "Separation 'PANTONE 5216 C' -> tint transform type 2 -> DeviceCMYK"


class FunctionError(ValueError):
    """A PDF function that cannot be evaluated (unsupported type, malformed, too long)."""


def _floats(a: Any) -> list[float]:
    return [float(v) for v in a]


def _clip(v: float, lo: float, hi: float) -> float:
    return min(max(v, lo), hi)


def _name(obj: Any) -> str:
    return str(obj).removeprefix("/")


def _pikepdf() -> Any:
    try:
        import pikepdf
    except ImportError:  # pragma: no cover - the pdf extra is missing: nothing to read
        return None
    return pikepdf


def _is_name(o: Any) -> bool:
    pk = _pikepdf()
    return isinstance(o, str) or (pk is not None and isinstance(o, pk.Name))


def _is_array(o: Any) -> bool:
    pk = _pikepdf()
    return isinstance(o, (list, tuple)) or (pk is not None and isinstance(o, pk.Array))


def _is_dict(o: Any) -> bool:
    pk = _pikepdf()
    return isinstance(o, dict) or (pk is not None and isinstance(o, (pk.Dictionary, pk.Stream)))


def _get(d: Any, key: str, default: Any = None) -> Any:
    try:
        return d.get(key, default)
    except AttributeError:
        return default


# ------------------------------------------------------------------------ functions


def _type2(fn: Any, x: Sequence[float]) -> list[float]:
    c0 = _floats(_get(fn, "/C0", [0.0]))
    c1 = _floats(_get(fn, "/C1", [1.0]))
    n = float(_get(fn, "/N", 1.0))
    t = float(x[0])
    if t < 0 and n != int(n):
        raise FunctionError("type 2: negative input with a non-integer exponent")
    p = t**n
    return [a + p * (b - a) for a, b in zip(c0, c1, strict=False)]


def _type0(fn: Any, x: Sequence[float]) -> list[float]:
    """Sampled function: multilinear interpolation over the sample table (7.10.2)."""
    size = [int(v) for v in fn["/Size"]]
    bps = int(fn["/BitsPerSample"])
    domain = _floats(fn["/Domain"])
    rng = _floats(fn["/Range"])
    m, n = len(size), len(rng) // 2
    encode = _floats(_get(fn, "/Encode", [v for s in size for v in (0, s - 1)]))
    decode = _floats(_get(fn, "/Decode", rng))
    data = bytes(fn.read_bytes())
    total = n * math.prod(size)
    if bps not in (1, 2, 4, 8, 12, 16, 24, 32) or len(data) * 8 < total * bps:
        raise FunctionError("type 0: sample table shorter than /Size states")

    def sample(k: int) -> int:
        bit = k * bps
        if bps >= 8:
            b = bit // 8
            return int.from_bytes(data[b : b + bps // 8], "big")
        byte = data[bit // 8]
        shift = 8 - bps - bit % 8
        return (byte >> shift) & ((1 << bps) - 1)

    # input -> sample coordinates
    e = []
    for i in range(m):
        d0, d1 = domain[2 * i], domain[2 * i + 1]
        xi = _clip(float(x[i]), d0, d1)
        t = (xi - d0) / (d1 - d0) if d1 != d0 else 0.0
        e.append(_clip(encode[2 * i] + t * (encode[2 * i + 1] - encode[2 * i]), 0, size[i] - 1))
    lo = [min(math.floor(v), s - 1) for v, s in zip(e, size, strict=True)]
    fr = [v - lv for v, lv in zip(e, lo, strict=True)]
    out = [0.0] * n
    for corner in range(1 << m):  # multilinear: 2^m neighbours
        w, idx, stride = 1.0, 0, 1
        for i in range(m):
            up = (corner >> i) & 1
            w *= fr[i] if up else 1 - fr[i]
            idx += min(lo[i] + up, size[i] - 1) * stride
            stride *= size[i]
        if w == 0:
            continue
        for j in range(n):
            out[j] += w * sample(idx * n + j)
    top = (1 << bps) - 1
    return [
        _clip(
            decode[2 * j] + out[j] / top * (decode[2 * j + 1] - decode[2 * j]),
            rng[2 * j],
            rng[2 * j + 1],
        )
        for j in range(n)
    ]


def _type3(fn: Any, x: Sequence[float]) -> list[float]:
    """Stitching function: pick the subfunction whose interval holds x (7.10.4)."""
    domain = _floats(fn["/Domain"])
    bounds = _floats(_get(fn, "/Bounds", []))
    encode = _floats(fn["/Encode"])
    fns = list(fn["/Functions"])
    xi = _clip(float(x[0]), domain[0], domain[1])
    k = sum(xi >= b for b in bounds)
    lo = domain[0] if k == 0 else bounds[k - 1]
    hi = domain[1] if k == len(bounds) else bounds[k]
    t = (xi - lo) / (hi - lo) if hi != lo else 0.0
    return evaluate(fns[k], [encode[2 * k] + t * (encode[2 * k + 1] - encode[2 * k])])


# PostScript calculator (7.10.5): the operators the standard allows, nothing else.
_UNARY: dict[str, Callable[[float], float]] = {
    "abs": abs,
    "neg": lambda a: -a,
    "ceiling": lambda a: float(math.ceil(a)),
    "floor": lambda a: float(math.floor(a)),
    "round": lambda a: float(math.floor(a + 0.5)),
    "truncate": lambda a: float(math.trunc(a)),
    "sqrt": lambda a: math.sqrt(a),
    "sin": lambda a: math.sin(math.radians(a)),
    "cos": lambda a: math.cos(math.radians(a)),
    "ln": lambda a: math.log(a),
    "log": lambda a: math.log10(a),
    "cvi": lambda a: float(math.trunc(a)),
    "cvr": float,
}
_BINARY: dict[str, Callable[[float, float], float]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "idiv": lambda a, b: float(int(a) // int(b)),
    "mod": lambda a, b: float(math.fmod(int(a), int(b))),
    "exp": lambda a, b: a**b,
    "atan": lambda a, b: math.degrees(math.atan2(a, b)) % 360,
    "eq": lambda a, b: float(a == b),
    "ne": lambda a, b: float(a != b),
    "gt": lambda a, b: float(a > b),
    "ge": lambda a, b: float(a >= b),
    "lt": lambda a, b: float(a < b),
    "le": lambda a, b: float(a <= b),
    "and": lambda a, b: float(int(a) & int(b)),
    "or": lambda a, b: float(int(a) | int(b)),
    "xor": lambda a, b: float(int(a) ^ int(b)),
    "bitshift": lambda a, b: float(int(a) << int(b) if b >= 0 else int(a) >> -int(b)),
}


def _ps_parse(src: str) -> list[Any]:
    """Tokens of a type 4 program into nested lists (a ``{...}`` block is a list)."""
    toks = src.replace("{", " { ").replace("}", " } ").split()
    stack: list[list[Any]] = [[]]
    for t in toks:
        if t == "{":
            stack.append([])
        elif t == "}":
            if len(stack) < 2:
                raise FunctionError("type 4: unbalanced braces")
            block = stack.pop()
            stack[-1].append(block)
        else:
            try:
                stack[-1].append(float(t))
            except ValueError:
                stack[-1].append(t)
    if len(stack) != 1 or len(stack[0]) != 1 or not isinstance(stack[0][0], list):
        raise FunctionError("type 4: the program is not one { } block")
    return list(stack[0][0])


def _ps_run(prog: list[Any], st: list[float], steps: list[int]) -> None:
    i = 0
    while i < len(prog):
        steps[0] -= 1
        if steps[0] < 0:
            raise FunctionError("type 4: program too long")
        t = prog[i]
        if isinstance(t, float):
            st.append(t)
        elif isinstance(t, list):  # a block before if / ifelse
            nxt = prog[i + 1] if i + 1 < len(prog) else None
            if nxt == "if":
                if st.pop():
                    _ps_run(t, st, steps)
                i += 1
            elif nxt == "ifelse" or (
                isinstance(nxt, list) and i + 2 < len(prog) and prog[i + 2] == "ifelse"
            ):
                if not isinstance(nxt, list):
                    raise FunctionError("type 4: ifelse needs two blocks")
                _ps_run(t if st.pop() else nxt, st, steps)
                i += 2
            else:
                raise FunctionError("type 4: a block not followed by if/ifelse")
        elif t in _UNARY:
            st.append(_UNARY[t](st.pop()))
        elif t in _BINARY:
            b, a = st.pop(), st.pop()
            st.append(_BINARY[t](a, b))
        elif t == "not":
            a = st.pop()
            st.append(float(not a) if a in (0.0, 1.0) else float(~int(a)))
        elif t == "true":
            st.append(1.0)
        elif t == "false":
            st.append(0.0)
        elif t == "dup":
            st.append(st[-1])
        elif t == "pop":
            st.pop()
        elif t == "exch":
            st[-1], st[-2] = st[-2], st[-1]
        elif t == "copy":
            n = int(st.pop())
            st.extend(st[len(st) - n :] if n else [])
        elif t == "index":
            n = int(st.pop())
            st.append(st[-1 - n])
        elif t == "roll":
            j, n = int(st.pop()), int(st.pop())
            if n:
                top = st[len(st) - n :]
                j %= n
                st[len(st) - n :] = top[-j:] + top[:-j] if j else top
        else:
            raise FunctionError(f"type 4: operator {t!r} not in the calculator subset")
        i += 1


def _type4(fn: Any, x: Sequence[float]) -> list[float]:
    domain = _floats(fn["/Domain"])
    rng = _floats(fn["/Range"])
    prog = _ps_parse(bytes(fn.read_bytes()).decode("latin-1"))
    st = [_clip(float(v), domain[2 * i], domain[2 * i + 1]) for i, v in enumerate(x)]
    try:
        _ps_run(prog, st, [MAX_PS_STEPS])
    except (IndexError, ZeroDivisionError, ValueError, OverflowError) as exc:
        raise FunctionError(f"type 4: {exc}") from exc
    n = len(rng) // 2
    if len(st) < n:
        raise FunctionError("type 4: fewer results than /Range states")
    return [_clip(v, rng[2 * j], rng[2 * j + 1]) for j, v in enumerate(st[len(st) - n :])]


_TYPES: dict[int, Callable[[Any, Sequence[float]], list[float]]] = {
    0: _type0,
    2: _type2,
    3: _type3,
    4: _type4,
}


def evaluate(fn: Any, x: Sequence[float]) -> list[float]:
    """Evaluate a PDF function (dictionary or stream, or an array of 1-output functions).

    Raises
    ------
    FunctionError
        When the function's type is not 0, 2, 3 or 4, or it is malformed.
    """
    try:
        if _is_array(fn):
            return [v for f in fn for v in evaluate(f, x)]  # an array of functions
        kind = int(_get(fn, "/FunctionType", -1))
        if kind not in _TYPES:
            raise FunctionError(f"function type {kind} is not evaluated")
        return _TYPES[kind](fn, x)
    except FunctionError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, ZeroDivisionError) as exc:
        raise FunctionError(f"malformed function: {type(exc).__name__}: {exc}") from exc


# ------------------------------------------------------------------------ spaces


def _unescape(name: str) -> str:
    import re

    return re.sub(r"#([0-9A-Fa-f]{2})", lambda mt: chr(int(mt.group(1), 16)), name)


def to_device(space: Any, values: Sequence[float], depth: int = 0) -> Device | None:
    """The colour ``values`` in ``space`` (a name or a colour-space array) as a device colour.

    None when the space or its tint transform cannot be evaluated; never raises, whatever
    the file holds (pikepdf raises its own errors on malformed objects).
    """
    try:
        return _to_device(space, values, depth)
    except Exception:  # noqa: BLE001 - a hostile colour space is "not computable", not a crash
        return None


def _to_device(space: Any, values: Sequence[float], depth: int) -> Device | None:
    if depth > MAX_DEPTH:
        return None
    vals = tuple(float(v) for v in values)
    if _is_dict(space):  # a bare ICC stream
        return _icc(space, vals, depth) if "/N" in space else None
    if not _is_array(space):
        name = _name(space)
        family = {
            "CalRGB": "DeviceRGB",
            "CalGray": "DeviceGray",
            "G": "DeviceGray",
            "RGB": "DeviceRGB",
            "CMYK": "DeviceCMYK",
        }.get(name, name)
        if family in ("DeviceCMYK", "DeviceRGB", "DeviceGray") and len(vals) == _components(family):
            return Device(family, vals, family)
        return None
    try:
        family = _name(space[0])
        if family in ("CalRGB", "CalGray"):
            dev = "DeviceRGB" if family == "CalRGB" else "DeviceGray"
            return Device(dev, vals, f"{family} taken as {dev}")
        if family == "Lab":
            return Device("Lab", vals, "Lab")
        if family == "ICCBased":
            return _icc(space[1], vals, depth)
        if family == "Separation":
            spot = _unescape(_name(space[1]))
            if spot == "None":
                return None
            if spot == "All":
                return Device("DeviceCMYK", (vals[0],) * 4, "Separation All")
            return _through_alternate(space, vals[:1], depth, f"Separation {spot!r}")
        if family == "DeviceN":
            names = [_unescape(_name(n)) for n in space[1]]
            return _through_alternate(space, vals[: len(names)], depth, f"DeviceN {names}")
        if family == "Indexed":
            base, hival, table = space[1], int(space[2]), space[3]
            data = bytes(table.read_bytes()) if _is_dict(table) else bytes(table)
            n = _components(base)
            if n is None:
                return None
            i = int(_clip(round(vals[0]), 0, hival))
            row = data[i * n : (i + 1) * n]
            if len(row) < n:
                return None
            comps = _index_decode(base, row)
            inner = to_device(base, comps, depth + 1)
            if inner is None:
                return None
            return Device(inner.space, inner.values, f"Indexed [{i}] -> {inner.via}")
    except (FunctionError, KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
    return None


def _icc(stream: Any, vals: tuple[float, ...], depth: int) -> Device | None:
    alt = _get(stream, "/Alternate")
    if alt is not None:
        inner = to_device(alt, vals, depth + 1)
        return (
            None
            if inner is None
            else Device(inner.space, inner.values, f"ICCBased (alternate) -> {inner.via}")
        )
    n = int(_get(stream, "/N", 0))
    if n not in _DEVICE_N or len(vals) != n:
        return None
    return Device(_DEVICE_N[n], vals, f"ICCBased N={n} taken as {_DEVICE_N[n]}")


def _components(space: Any) -> int | None:
    """Number of components of a colour space, where it is known."""
    if _is_dict(space):
        return int(space["/N"]) if "/N" in space else None
    if not _is_array(space):
        return {"DeviceGray": 1, "DeviceRGB": 3, "DeviceCMYK": 4, "CalGray": 1, "CalRGB": 3}.get(
            _name(space)
        )
    fam = _name(space[0])
    if fam == "ICCBased":
        return int(space[1]["/N"])
    if fam in ("Separation", "Indexed", "CalGray"):
        return 1
    if fam in ("CalRGB", "Lab"):
        return 3
    if fam == "DeviceN":
        return len(space[1])
    return None


def _index_decode(base: Any, row: bytes) -> list[float]:
    """Table bytes to component values: 0-255 over each component's range (Lab: L 0-100, a b
    -100-100 unless /Range says otherwise)."""
    if _is_array(base) and _name(base[0]) == "Lab":
        r = _floats(_get(base[1], "/Range", [-100, 100, -100, 100]))
        lo = [0.0, r[0], r[2]]
        hi = [100.0, r[1], r[3]]
        return [lo[k] + row[k] / 255 * (hi[k] - lo[k]) for k in range(3)]
    return [b / 255 for b in row]


def _through_alternate(
    space: Any, tints: tuple[float, ...], depth: int, label: str
) -> Device | None:
    """A Separation's or DeviceN's tints through its tint transform into its alternate."""
    inner = to_device(space[2], evaluate(space[3], tints), depth + 1)
    if inner is None:
        return None
    kind = int(_get(space[3], "/FunctionType", -1))
    return Device(
        inner.space, inner.values, f"{label} -> tint transform type {kind} -> {inner.via}"
    )
