"""The brand kit: ``brand.toml`` plus artwork, read into frozen dataclasses.

A kit is a folder: ``brand.toml`` (the spec), the artwork it names (``logo.png``, RGBA,
transparent outside the ink, cropped tight) and the print condition's characterisation
data. Any folder of that shape works with ``--brand DIR``; nothing brand-specific is in code.
"""

from __future__ import annotations

import hashlib
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


def _table(doc: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = doc.get(name)
    if not isinstance(value, dict):
        raise BrandKitError(f"missing table [{name}]", path=str(path))
    return value


def _get(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in table:
        raise BrandKitError(f"missing field {where}.{key}")
    value = table[key]
    if not isinstance(value, kind):
        raise BrandKitError(f"field {where}.{key} has the wrong type: {value!r}")
    return value


def _kit_digest(root: Path, files: list[Path]) -> str:
    """Hash of the spec and every file it names, so caches notice a changed kit."""
    h = hashlib.sha256()
    for f in sorted(set(files)):
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def load_brand(root: str | Path | None = None) -> BrandKit:
    """Read the kit in ``root`` (default: the bundled Quality Month kit).

    Raises
    ------
    BrandKitError
        When ``brand.toml`` is missing, malformed, or names a file that is not there.
    """
    kit = Path(root) if root is not None else default_kit_dir()
    spec_path = kit / "brand.toml"
    if not spec_path.is_file():
        raise BrandKitError(f"no brand.toml in {kit}", path=str(kit))
    try:
        doc = tomllib.loads(spec_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BrandKitError(f"brand.toml is not valid TOML: {exc}", path=str(spec_path)) from exc

    num = (int, float)
    b = _table(doc, "brand", spec_path)
    c = _table(doc, "colour", spec_path)
    lg = _table(doc, "logo", spec_path)
    ck = doc.get("checks", {})
    ty = doc.get("typography", {})
    us = doc.get("usage", {})
    lk = doc.get("lockup", {})

    cmyk = _get(c, "cmyk", list, "colour")
    if len(cmyk) != 4 or not all(isinstance(v, num) and 0 <= v <= 100 for v in cmyk):
        raise BrandKitError("colour.cmyk must be four numbers in 0..100", path=str(spec_path))
    colour = ColourSpec(
        cmyk=tuple(float(v) for v in cmyk),  # type: ignore[arg-type]
        pantone=c.get("pantone"),
        measure_against=str(c.get("measure_against", "cmyk")),
        print_condition=str(_get(c, "print_condition", str, "colour")),
        characterisation=kit / _get(c, "characterisation", str, "colour"),
        pass_de00=float(_get(c, "pass_de00", num, "colour")),
        warn_de00=float(_get(c, "warn_de00", num, "colour")),
    )
    logo = LogoSpec(
        artwork=kit / _get(lg, "artwork", str, "logo"),
        master=kit / lg["master"] if "master" in lg else None,
        render_width_px=int(lg.get("render_width_px", 1600)),
        min_width_mm=float(_get(lg, "min_width_mm", num, "logo")),
        min_width_px=float(_get(lg, "min_width_px", num, "logo")),
        clear_space=float(_get(lg, "clear_space", num, "logo")),
        rotation_tolerance_deg=float(_get(lg, "rotation_tolerance_deg", num, "logo")),
        aspect_tolerance=float(_get(lg, "aspect_tolerance", num, "logo")),
        shear_tolerance_deg=float(lg.get("shear_tolerance_deg", 1.0)),
        variants=tuple(lg.get("variants", ["full-colour"])),
    )
    checks = CheckSpec(
        min_contrast_ratio=float(ck.get("min_contrast_ratio", 3.0)),
        clear_space_max_intrusion=float(ck.get("clear_space_max_intrusion", 0.01)),
        altered_max_missing=float(ck.get("altered_max_missing", 0.04)),
        altered_max_added=float(ck.get("altered_max_added", 0.04)),
        altered_max_edge=float(ck.get("altered_max_edge", 0.1)),
        min_effective_ppi=float(ck.get("min_effective_ppi", 150)),
        min_effective_width_px=float(ck.get("min_effective_width_px", 120)),
    )
    usage = UsageSpec(
        example=str(us.get("example", "")),
        theme=str(us.get("theme", "")),
        slogans=tuple(str(s) for s in us.get("slogans", [])),
    )
    lockup = LockupSpec(
        artwork=kit / lk["artwork"] if "artwork" in lk else None,
        master=kit / lk["master"] if "master" in lk else None,
        logo_box=tuple(float(v) for v in lk.get("logo_box", [0, 0, 0, 0])),  # type: ignore[arg-type]
        text_box=tuple(float(v) for v in lk.get("text_box", [0, 0, 0, 0])),  # type: ignore[arg-type]
        render_width_px=int(lk.get("render_width_px", 3200)),
        position_tolerance=float(lk.get("position_tolerance", 0.25)),
        size_tolerance=float(lk.get("size_tolerance", 0.2)),
    )
    digest = _kit_digest(kit, [spec_path, logo.artwork, colour.characterisation])
    return BrandKit(
        root=kit,
        id=str(_get(b, "id", str, "brand")),
        name=str(b.get("name", "")),
        source=str(b.get("source", "")),
        colour=colour,
        logo=logo,
        checks=checks,
        typography={str(k): str(v) for k, v in ty.items()},
        usage=usage,
        lockup=lockup,
        digest=digest,
    )
