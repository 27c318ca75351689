"""Project configuration, like ruff's: ``.brandcheck.toml`` or ``[tool.brandcheck]``.

An asset repository says once which finding codes count, which files have an approved
exception (a waiver), and whether warnings block::

    [tool.brandcheck]                  # pyproject.toml; or the same keys, without this
    select = ["colour", "clear-space"] # line, in .brandcheck.toml
    ignore = ["lockup-layout"]
    fail-on = "warn"                   # "fail" (default) or "warn"
    brand = "brand/kit"                # a kit folder, relative to this file
    paper = "A3"                       # printed format of photographed posters (mm)
    [tool.brandcheck.per-file-ignores]
    "posters/approved/2019-*.jpg" = ["clear-space"]   # approved by the brand owner
    "hero-*.jpg" = ["logo-missing"]                   # a name alone matches any folder

The file is looked for from the current folder up to the file system's root (pre-commit
runs hooks from the repository's root); the first ``.brandcheck.toml``, or
``pyproject.toml`` with a ``[tool.brandcheck]`` table, wins, ``.brandcheck.toml`` first in
one folder. Command-line ``--select`` replaces ``select``; ``--ignore`` adds to ``ignore``;
``--fail-on`` replaces ``fail-on``; ``--paper`` replaces ``paper``.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any

from brandcheck.errors import BrandcheckError
from brandcheck.result import FileResult, status_of

FAIL_ON = ("fail", "warn")
_KEYS = ("select", "ignore", "per-file-ignores", "fail-on", "brand", "paper")


class ConfigError(BrandcheckError):
    """The project configuration is not valid TOML, or a key or value is wrong."""

    code = "config"


@dataclass(frozen=True)
class ProjectConfig:
    """What a project's configuration says; the defaults when there is none."""

    source: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: str = "fail"
    brand: Path | None = None
    #: The printed format of photographed posters (ISO 216, :mod:`brandcheck.paper`).
    paper: str | None = None

    @property
    def root(self) -> Path:
        """The folder per-file-ignores patterns are relative to (the config's own)."""
        return self.source.parent if self.source is not None else Path.cwd()

    def ignored_for(self, path: str | Path) -> tuple[str, ...]:
        """Codes ``per-file-ignores`` waives for ``path``.

        A pattern with a ``/`` matches the path relative to the config's folder
        (``fnmatch``: ``*`` also crosses folders); one without matches the file's name.
        """
        if not self.per_file_ignores:
            return ()
        absolute = os.path.abspath(path)
        try:
            rel = PurePath(os.path.relpath(absolute, self.root)).as_posix()
        except ValueError:  # another drive (Windows)
            rel = PurePath(absolute).as_posix()
        name = PurePath(absolute).name
        out: list[str] = []
        for pattern, codes in self.per_file_ignores:
            target = rel if "/" in pattern else name
            if fnmatch.fnmatchcase(target, pattern.removeprefix("./")):
                out.extend(codes)
        return tuple(dict.fromkeys(out))


def _codes(value: Any, where: str, known: Collection[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of finding codes")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ConfigError(
            f"{where}: unknown finding code(s) {', '.join(unknown)} (`brandcheck rules` lists them)"
        )
    return tuple(value)


def parse(table: dict[str, Any], source: Path, known: Collection[str]) -> ProjectConfig:
    """Validate one ``[tool.brandcheck]`` table (or a ``.brandcheck.toml``'s top level)."""
    where = f"{source}"
    extra = sorted(set(table) - set(_KEYS))
    if extra:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(extra)} (known: {', '.join(_KEYS)})")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where}: per-file-ignores must be a table of pattern = [codes]")
    fail_on = table.get("fail-on", "fail")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    brand = table.get("brand")
    if brand is not None and not isinstance(brand, str):
        raise ConfigError(f"{where}: brand must be a folder path")
    paper = table.get("paper")
    if paper is not None:
        from brandcheck import paper as papers

        try:
            paper = papers.parse(paper if isinstance(paper, str) else repr(paper))
        except ValueError as exc:
            raise ConfigError(f"{where}: paper: {exc}") from exc
    return ProjectConfig(
        source=source,
        select=_codes(table.get("select", []), f"{where}: select", known),
        ignore=_codes(table.get("ignore", []), f"{where}: ignore", known),
        per_file_ignores=tuple(
            (str(k), _codes(v, f"{where}: per-file-ignores {k!r}", known)) for k, v in pfi.items()
        ),
        fail_on=fail_on,
        brand=(source.parent / brand) if brand is not None else None,
        paper=paper,
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from exc


def load(path: Path, known: Collection[str] | None = None) -> ProjectConfig:
    """The configuration in ``path``: a ``pyproject.toml``'s ``[tool.brandcheck]`` table
    (empty when it has none), or any other file's top level."""
    if known is None:
        from brandcheck.checks import RULES

        known = RULES
    data = _read(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("brandcheck", {})
        return parse(table if isinstance(table, dict) else {}, path, known)
    return parse(data, path, known)


def find(start: Path | None = None, known: Collection[str] | None = None) -> ProjectConfig:
    """The project configuration that applies in ``start`` (default: the current folder)."""
    if known is None:
        from brandcheck.checks import RULES

        known = RULES
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / ".brandcheck.toml"
        if own.is_file():
            return parse(_read(own), own, known)
        py = folder / "pyproject.toml"
        if py.is_file():
            table = _read(py).get("tool", {}).get("brandcheck")
            if isinstance(table, dict):
                return parse(table, py, known)
    return ProjectConfig()


def merged(
    cfg: ProjectConfig, select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> ProjectConfig:
    """``cfg`` with the command line's codes: ``--select`` replaces, ``--ignore`` adds."""
    select, ignore = tuple(select), tuple(ignore)
    return replace(
        cfg,
        select=select or cfg.select,
        ignore=tuple(dict.fromkeys((*cfg.ignore, *ignore))),
    )


def apply(r: FileResult, cfg: ProjectConfig, known: Collection[str]) -> FileResult:
    """``r`` with only the findings its project counts; its status judged from them.

    Errors are never dropped: an unreadable poster is not a finding to waive.
    """
    if r.error is not None:
        return r
    chosen = set(cfg.select or known) - set(cfg.ignore) - set(cfg.ignored_for(r.path))
    if chosen >= set(known):
        return r
    findings = [f for f in r.findings if f.code in chosen]
    return replace(r, findings=findings, status=status_of(findings))


def blocks(r: FileResult, fail_on: str) -> bool:
    """Whether ``r`` stops a commit: an error, a fail, or a warn under ``fail-on = "warn"``."""
    if r.status in ("error", "fail"):
        return True
    return fail_on == "warn" and r.status == "warn"
