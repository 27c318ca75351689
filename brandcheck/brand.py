"""The brand kit: ``brand.toml`` plus artwork, read into frozen dataclasses.

A kit is a folder: ``brand.toml`` (the spec), the artwork it names (``logo.png``, RGBA,
transparent outside the ink, cropped tight) and the print condition's characterisation
data. Any folder of that shape works with ``--brand DIR``; nothing brand-specific is in code.
"""

from __future__ import annotations

import hashlib
import math
import struct
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from brandcheck.errors import BrandKitError

DEFAULT_KIT = "quality-month-2019"


@dataclass(frozen=True)
class ColourSpec:
    """The logo's ink colour and how far a print may drift from it (ΔE00)."""

    cmyk: tuple[float, float, float, float]
    pantone: str | None
    measure_against: str
    print_condition: str
    characterisation: Path
    pass_de00: float
    warn_de00: float


@dataclass(frozen=True)
class LogoSpec:
    """Geometry rules for the logo; units in the field names."""

    artwork: Path
    master: Path | None
    render_width_px: int
    min_width_mm: float
    min_width_px: float
    clear_space: float
    rotation_tolerance_deg: float
    aspect_tolerance: float
    shear_tolerance_deg: float
    variants: tuple[str, ...]


@dataclass(frozen=True)
class CheckSpec:
    """Thresholds for checks the source spec does not state; the kit's documented choice."""

    min_contrast_ratio: float
    clear_space_max_intrusion: float
    altered_max_missing: float
    altered_max_added: float
    altered_max_edge: float
    min_effective_ppi: float
    min_effective_width_px: float
    #: Side of the smallest object judged (a foreign region in the clear-space zone, a
    #: missing part of the artwork), as a share of the logo's height: the noise floor.
    min_object: float = 0.02
    #: Share of one artwork component (stroke group) that may be missing.
    altered_max_component_missing: float = 0.5


@dataclass(frozen=True)
class UsageSpec:
    """The usage example, theme and official slogans, verbatim."""

    example: str
    theme: str
    slogans: tuple[str, ...]


@dataclass(frozen=True)
class LockupSpec:
    """The usage example artwork and where its logo and text stand (lockup pixels)."""

    artwork: Path | None
    master: Path | None
    logo_box: tuple[float, float, float, float]
    text_box: tuple[float, float, float, float]
    render_width_px: int = 3200
    #: Lockup layout tolerances: position in logo heights, text height as a share.
    position_tolerance: float = 0.25
    size_tolerance: float = 0.2

    @property
    def defined(self) -> bool:
        """True when the kit says where the logo and the text stand."""
        return self.logo_box[2] > self.logo_box[0] and self.text_box[2] > self.text_box[0]


@dataclass(frozen=True)
class BrandKit:
    """A whole brand kit, read from ``root/brand.toml``."""

    root: Path
    id: str
    name: str
    source: str
    colour: ColourSpec
    logo: LogoSpec
    checks: CheckSpec
    typography: dict[str, str]
    usage: UsageSpec
    lockup: LockupSpec
    digest: str

    def describe(self) -> dict[str, Any]:
        """A JSON-able summary for ``brand show`` and reports."""
        return {
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "root": str(self.root),
            "digest": self.digest,
        }


def default_kit_dir() -> Path:
    """The Quality Month kit: inside the installed wheel, or ``reference/`` in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_kits" / DEFAULT_KIT
    if (packaged / "brand.toml").is_file():
        return packaged
    return here.parent / "reference" / DEFAULT_KIT


#: Limits for numbers a kit states. A kit is data from outside: a negative tolerance, a NaN
#: or a 200000 px render would otherwise become a nonsense finding or a 66 GB allocation.
#: The bounds are the quantities' own domains (shares in [0, 1], angles, ΔE00, WCAG's
#: contrast in [1, 21]) or sizes far beyond any real logo.
MAX_RENDER_WIDTH_PX = 10_000
#: Artwork PNGs: the locator renders its references at most 1600 px wide, so more detail is
#: never used; 25 Mpx RGBA is 100 MB decoded (a 13000² PNG took 28 s and 2.9 GB a worker).
ARTWORK_MAX_SIDE_PX = MAX_RENDER_WIDTH_PX
ARTWORK_MAX_PIXELS = 25_000_000
#: Other files a kit names (SVG masters, characterisation data): read whole, so bounded.
MAX_KIT_FILE_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 10_000
MAX_LIST_ITEMS = 1_000

_REQUIRED: Any = object()
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class _Spec:
    """Typed, range-checked access to ``brand.toml``: every error names the field."""

    def __init__(self, doc: dict[str, Any], kit: Path, spec_path: Path) -> None:
        self.doc, self.kit, self.spec_path = doc, kit, spec_path
        self.kit_real = kit.resolve()

    def fail(self, where: str, problem: str) -> BrandKitError:
        return BrandKitError(f"{where}: {problem}", path=str(self.spec_path))

    def table(self, name: str, *, required: bool = True) -> dict[str, Any]:
        value = self.doc.get(name, _REQUIRED if required else {})
        if value is _REQUIRED:
            raise BrandKitError(f"missing table [{name}]", path=str(self.spec_path))
        if not isinstance(value, dict):
            raise self.fail(f"[{name}]", "must be a table")
        return value

    def _raw(self, section: str, key: str, default: Any) -> Any:
        table = self.table(section, required=default is _REQUIRED)
        if key not in table:
            if default is _REQUIRED:
                raise self.fail(f"{section}.{key}", "missing field")
            return default
        return table[key]

    def number(
        self, section: str, key: str, lo: float, hi: float, default: Any = _REQUIRED
    ) -> float:
        """A finite number in ``[lo, hi]`` (TOML int or float; not a bool or a string)."""
        v = self._raw(section, key, default)
        return self._check_number(f"{section}.{key}", v, lo, hi)

    def _check_number(self, where: str, v: Any, lo: float, hi: float) -> float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(where, f"must be a number, not {v!r}")
        if not math.isfinite(v):
            raise self.fail(where, f"must be a finite number, not {v!r}")
        if not lo <= v <= hi:
            raise self.fail(where, f"{v!r} is out of range: must be between {lo:g} and {hi:g}")
        return float(v)

    def integer(self, section: str, key: str, lo: int, hi: int, default: Any = _REQUIRED) -> int:
        v = self._raw(section, key, default)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.fail(f"{section}.{key}", f"must be a whole number, not {v!r}")
        if not lo <= v <= hi:
            raise self.fail(
                f"{section}.{key}", f"{v!r} is out of range: must be between {lo} and {hi}"
            )
        return v

    def numbers(
        self, section: str, key: str, n: int, lo: float, hi: float, default: Any = _REQUIRED
    ) -> tuple[float, ...]:
        v = self._raw(section, key, default)
        where = f"{section}.{key}"
        if not isinstance(v, list) or len(v) != n:
            raise self.fail(where, f"must be a list of {n} numbers, not {v!r}")
        return tuple(self._check_number(f"{where}[{i}]", x, lo, hi) for i, x in enumerate(v))

    def string(self, section: str, key: str, default: Any = _REQUIRED) -> str:
        v = self._raw(section, key, default)
        if not isinstance(v, str):
            raise self.fail(f"{section}.{key}", f"must be a string, not {v!r}")
        if len(v) > MAX_TEXT_CHARS:
            raise self.fail(f"{section}.{key}", f"longer than {MAX_TEXT_CHARS} characters")
        return v

    def strings(self, section: str, key: str, default: Any = _REQUIRED) -> tuple[str, ...]:
        v = self._raw(section, key, default)
        where = f"{section}.{key}"
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.fail(where, f"must be a list of strings, not {v!r}")
        if len(v) > MAX_LIST_ITEMS or any(len(x) > MAX_TEXT_CHARS for x in v):
            raise self.fail(where, "too long")
        return tuple(v)

    def required_file(self, section: str, key: str, *, must_exist: bool = True) -> Path:
        """Like :meth:`file` for a field the kit must have."""
        path = self.file(section, key, required=True, must_exist=must_exist)
        if path is None:  # unreachable: file() raises for a missing required field
            raise self.fail(f"{section}.{key}", "missing field")
        return path

    def file(
        self, section: str, key: str, *, required: bool = True, must_exist: bool = True
    ) -> Path | None:
        """A file named by the kit: relative, inside the kit folder (symlinks resolved),
        and, when it must exist, a regular file of bounded size."""
        v = self._raw(section, key, _REQUIRED if required else None)
        if v is None:
            return None
        where = f"{section}.{key}"
        if not isinstance(v, str) or not v.strip():
            raise self.fail(where, f"must be a file name, not {v!r}")
        rel = Path(v)
        if rel.is_absolute() or v.startswith(("/", "\\")) or ".." in rel.parts or "\0" in v:
            raise self.fail(
                where, f"{v!r} must be a path inside the kit folder (no absolute path, no ..)"
            )
        path = self.kit / rel
        real = path.resolve()
        if not real.is_relative_to(self.kit_real):
            raise self.fail(where, f"{v!r} leads outside the kit folder (to {real})")
        if path.is_symlink() or path.exists():
            if not real.is_file():
                raise self.fail(where, f"{v!r} is not a regular file")
            size = real.stat().st_size
            if size > MAX_KIT_FILE_BYTES:
                raise self.fail(
                    where, f"{v!r} is {size} bytes, over the limit of {MAX_KIT_FILE_BYTES}"
                )
        elif must_exist:
            raise self.fail(where, f"{v!r} named in brand.toml is missing from {self.kit}")
        return path

    def png_limits(self, where: str, path: Path | None) -> None:
        """The artwork is a PNG within the pixel limits, read from its header only."""
        if path is None or not path.is_file():
            return
        with open(path, "rb") as fh:  # read-only
            head = fh.read(24)
        if not head.startswith(_PNG_SIGNATURE) or head[12:16] != b"IHDR":
            raise self.fail(where, f"{path.name} is not a PNG file")
        w, h = struct.unpack(">II", head[16:24])
        if w == 0 or h == 0 or max(w, h) > ARTWORK_MAX_SIDE_PX or w * h > ARTWORK_MAX_PIXELS:
            raise self.fail(
                where,
                f"{path.name} is {w} × {h} px: artwork must be 1 to {ARTWORK_MAX_SIDE_PX} px a "
                f"side and at most {ARTWORK_MAX_PIXELS / 1e6:g} Mpx",
            )


def _check_characterisation(s: _Spec, spec: ColourSpec) -> None:
    """The print condition's data reads as CGATS and gives the kit colour a finite Lab.

    Read once per process and cached (the colour check would read it anyway), so a bad
    file is a kit error before any poster, not an internal error on every poster.
    """
    from brandcheck import colour

    try:
        lab = colour.expected_lab(spec)
    except (ValueError, OSError, IndexError, KeyError, UnicodeError, ArithmeticError) as exc:
        raise s.fail("colour.characterisation", f"not usable CGATS data: {exc}") from exc
    if not all(math.isfinite(float(v)) for v in lab):
        raise s.fail("colour.characterisation", f"gives the kit colour no Lab value ({lab})")


def _kit_digest(root: Path, files: list[Path]) -> str:
    """Hash of the spec and every file it names, so caches notice any changed kit file.

    Each file's name inside the kit, its size and its bytes are hashed, so a renamed or
    moved file changes the digest too.
    """
    h = hashlib.sha256()
    for f in sorted(set(files)):
        h.update(str(f.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        if f.is_file():
            data = f.read_bytes()
            h.update(str(len(data)).encode() + b"\0" + data)
        else:
            h.update(b"-\0")  # missing (an artwork brand build has not made yet)
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def load_brand(root: str | Path | None = None, *, for_build: bool = False) -> BrandKit:
    """Read and validate the kit in ``root`` (default: the bundled Quality Month kit).

    Every field is type- and range-checked and every file it names must lie inside the kit
    folder, so a bad kit is one clear error before any poster is read. ``for_build``: the
    artwork that ``brand build`` renders from a master may be missing yet.

    Raises
    ------
    BrandKitError
        When ``brand.toml`` is missing or malformed, a field is missing, of the wrong type
        or out of range, or a named file is missing, outside the kit or over the limits.
    """
    kit = Path(root) if root is not None else default_kit_dir()
    spec_path = kit / "brand.toml"
    if not spec_path.is_file():
        raise BrandKitError(f"no brand.toml in {kit}", path=str(kit))
    if spec_path.stat().st_size > MAX_KIT_FILE_BYTES:
        raise BrandKitError("brand.toml is too large", path=str(spec_path))
    try:
        doc = tomllib.loads(spec_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise BrandKitError(f"brand.toml is not valid TOML: {exc}", path=str(spec_path)) from exc
    s = _Spec(doc, kit, spec_path)
    for name in ("brand", "colour", "logo"):
        s.table(name)
    for name in ("checks", "typography", "usage", "lockup"):
        s.table(name, required=False)

    pass_de00 = s.number("colour", "pass_de00", 0, 100)
    warn_de00 = s.number("colour", "warn_de00", 0, 100)
    if warn_de00 < pass_de00:
        raise s.fail("colour.warn_de00", f"{warn_de00:g} is below colour.pass_de00 ({pass_de00:g})")
    measure_against = s.string("colour", "measure_against", "cmyk")
    if measure_against.lower() != "cmyk":
        raise s.fail("colour.measure_against", f"{measure_against!r}: only 'cmyk' is measurable")
    pantone = s._raw("colour", "pantone", None)
    if pantone is not None and not isinstance(pantone, str):
        raise s.fail("colour.pantone", f"must be a string, not {pantone!r}")
    characterisation = s.required_file("colour", "characterisation")
    colour = ColourSpec(
        cmyk=s.numbers("colour", "cmyk", 4, 0, 100),  # type: ignore[arg-type]
        pantone=pantone,
        measure_against=measure_against,
        print_condition=s.string("colour", "print_condition"),
        characterisation=characterisation,
        pass_de00=pass_de00,
        warn_de00=warn_de00,
    )
    _check_characterisation(s, colour)
    logo_master = s.file("logo", "master", required=False)
    artwork = s.required_file(
        "logo", "artwork", must_exist=not (for_build and logo_master is not None)
    )
    s.png_limits("logo.artwork", artwork)
    logo = LogoSpec(
        artwork=artwork,
        master=logo_master,
        render_width_px=s.integer("logo", "render_width_px", 1, MAX_RENDER_WIDTH_PX, 1600),
        min_width_mm=s.number("logo", "min_width_mm", 0, 10_000),
        min_width_px=s.number("logo", "min_width_px", 0, 100_000),
        clear_space=s.number("logo", "clear_space", 0, 10),
        rotation_tolerance_deg=s.number("logo", "rotation_tolerance_deg", 0, 180),
        aspect_tolerance=s.number("logo", "aspect_tolerance", 0, 1),
        shear_tolerance_deg=s.number("logo", "shear_tolerance_deg", 0, 90, 1.0),
        variants=s.strings("logo", "variants", ["full-colour"]),
    )
    checks = CheckSpec(
        min_contrast_ratio=s.number("checks", "min_contrast_ratio", 1, 21, 3.0),
        clear_space_max_intrusion=s.number("checks", "clear_space_max_intrusion", 0, 1, 0.01),
        altered_max_missing=s.number("checks", "altered_max_missing", 0, 1, 0.04),
        altered_max_added=s.number("checks", "altered_max_added", 0, 1, 0.04),
        altered_max_edge=s.number("checks", "altered_max_edge", 0, 1, 0.1),
        min_effective_ppi=s.number("checks", "min_effective_ppi", 0, 20_000, 150),
        min_effective_width_px=s.number("checks", "min_effective_width_px", 0, 100_000, 120),
        min_object=s.number("checks", "min_object", 0, 1, 0.02),
        altered_max_component_missing=s.number(
            "checks", "altered_max_component_missing", 0, 1, 0.5
        ),
    )
    usage = UsageSpec(
        example=s.string("usage", "example", ""),
        theme=s.string("usage", "theme", ""),
        slogans=s.strings("usage", "slogans", []),
    )
    lockup_master = s.file("lockup", "master", required=False)
    lockup_art = s.file(
        "lockup",
        "artwork",
        required=False,
        must_exist=not (for_build and lockup_master is not None),
    )
    s.png_limits("lockup.artwork", lockup_art)
    box_hi = float(MAX_RENDER_WIDTH_PX)
    lockup = LockupSpec(
        artwork=lockup_art,
        master=lockup_master,
        logo_box=s.numbers("lockup", "logo_box", 4, 0, box_hi, [0, 0, 0, 0]),  # type: ignore[arg-type]
        text_box=s.numbers("lockup", "text_box", 4, 0, box_hi, [0, 0, 0, 0]),  # type: ignore[arg-type]
        render_width_px=s.integer("lockup", "render_width_px", 1, MAX_RENDER_WIDTH_PX, 3200),
        position_tolerance=s.number("lockup", "position_tolerance", 0, 10, 0.25),
        size_tolerance=s.number("lockup", "size_tolerance", 0, 10, 0.2),
    )
    typography = s.table("typography", required=False)
    if not all(isinstance(v, str) and len(v) <= MAX_TEXT_CHARS for v in typography.values()):
        raise s.fail("[typography]", "every value must be a string")
    kit_id = s.string("brand", "id")
    if not kit_id.strip():
        raise s.fail("brand.id", "must not be empty")
    named = [spec_path, logo.artwork, colour.characterisation]
    named += [p for p in (logo.master, lockup.artwork, lockup.master) if p is not None]
    return BrandKit(
        root=kit,
        id=kit_id,
        name=s.string("brand", "name", ""),
        source=s.string("brand", "source", ""),
        colour=colour,
        logo=logo,
        checks=checks,
        typography={str(k): str(v) for k, v in typography.items()},
        usage=usage,
        lockup=lockup,
        digest=_kit_digest(kit, named),
    )
