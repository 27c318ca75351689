"""The CLI's shared options, defined once (rasterio's ``rio/options.py``).

Each is a decorator; ``check``, ``audit`` and ``hook`` stack the ones they take, so a flag
reads and behaves the same in every command. Only click and the cheap report table are
imported here: ``brandcheck --help`` must not load OpenCV. Callbacks raise
``click.BadParameter``, which the CLI turns into a usage error (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from brandcheck.report import REPORTERS

if TYPE_CHECKING:
    from brandcheck.brand import BrandKit
    from brandcheck.result import FileResult
    from brandcheck.workers import Budget

    Selector = Callable[[FileResult], FileResult]

F = TypeVar("F", bound=Callable[..., Any])

brand_option = click.option(
    "--brand",
    "brand_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Brand kit folder (default: the bundled 2019 Quality Month kit).",
)

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Project configuration (default: .brandcheck.toml, or [tool.brandcheck] in "
    "pyproject.toml, from the current folder up).",
)

text_option = click.option(
    "--text/--no-text",
    "read_text",
    default=True,
    show_default=True,
    help="Read the usage-example text beside each logo (OCR; lockup checks).",
)

slogans_option = click.option(
    "--slogans",
    is_flag=True,
    default=False,
    help="Also read every text line and compare it with the official theme and slogans "
    "(OCR, ~1 s a page).",
)

verbose_option = click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also print info findings, and each finding's whole message and fix.",
)


def _paper(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A printed format's canonical name (``a3`` -> ``A3``), or a usage error naming those
    accepted."""
    if value is None:
        return None
    from brandcheck import paper

    try:
        return paper.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


paper_option = click.option(
    "--paper",
    default=None,
    metavar="FORMAT",
    callback=_paper,
    help="The printed format of photographed posters (ISO 216: A0-A10, B0-B10), for the "
    "logo's size in mm when the page's measured ratio matches it (default: the project "
    "configuration's paper; else sizes as shares of the page).",
)

jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: every core).",
)


def budget_options(f: F) -> F:
    """``--timeout`` and ``--max-memory``: what one file may cost (``check``, ``hook``, ``audit``).

    Defaults are :data:`brandcheck.workers.DEFAULT_SECONDS` and ``DEFAULT_MEMORY_MB``
    (written out, not imported: ``--help`` stays instant; a test holds them equal).
    """
    f = click.option(
        "--max-memory",
        type=click.IntRange(min=0),
        default=2048,
        show_default=True,
        metavar="MB",
        help="Memory (address space) per worker; over it a file is 'too-large' or "
        "'worker-died' (0: no limit).",
    )(f)
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=50.0,
        show_default=True,
        metavar="SECONDS",
        help="Time budget per file; a file over it is a 'timeout' error (0: no limit).",
    )(f)


def budget(timeout: float, max_memory: int) -> Budget:
    """The options' :class:`~brandcheck.workers.Budget` (0 lifts a limit)."""
    from brandcheck.workers import Budget

    return Budget(seconds=timeout or None, memory_mb=max_memory or None)


def format_option(*, default: str | None, help: str) -> Callable[[F], F]:
    """``--format``, its choices the report table's keys (text, json, csv, sarif, html)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(REPORTERS)),
        default=default,
        show_default=default is not None,
        help=help,
    )


def output_option(help: str) -> Callable[[F], F]:
    """``--output FILE``: where ``--format``'s document goes, written atomically."""
    return click.option(
        "--output",
        "-o",
        "output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=help,
    )


def _codes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Comma-separated or repeated finding codes, each one checked against the registry."""
    codes = tuple(c.strip() for v in value for c in v.split(",") if c.strip())
    if not codes:
        return ()
    from brandcheck.checks import RULES  # the registry imports the checks: only when used

    unknown = [c for c in codes if c not in RULES]
    if unknown:
        raise click.BadParameter(
            f"unknown finding code {', '.join(unknown)} (`brandcheck rules` lists them: "
            f"{', '.join(RULES)})",
            ctx=ctx,
            param=param,
        )
    return codes


def select_options(f: F) -> F:
    """``--select`` and ``--ignore`` (ruff's convention): which finding codes count.

    Both take codes comma-separated or repeated. Without ``--select`` every code is
    selected; ``--ignore`` then removes codes. Findings of other codes are dropped and the
    verdict (and exit code) is judged from those that remain; errors always count.
    """
    f = click.option(
        "--ignore",
        multiple=True,
        metavar="CODE[,CODE...]",
        callback=_codes,
        help="Drop findings of these codes (after --select).",
    )(f)
    return click.option(
        "--select",
        multiple=True,
        metavar="CODE[,CODE...]",
        callback=_codes,
        help="Keep only findings of these codes (default: every code; `brandcheck rules`).",
    )(f)


def load_kit(brand_dir: Path | None, *, for_build: bool = False) -> BrandKit:
    """The brand kit, or a usage error naming what is wrong with it.

    ``for_build``: the kit is about to be built, so its rendered artwork may be missing.
    """
    from brandcheck.brand import load_brand
    from brandcheck.errors import BrandKitError

    try:
        return load_brand(brand_dir, for_build=for_build)
    except BrandKitError as exc:
        raise click.BadParameter(str(exc), param_hint="--brand") from exc


def selection(select: tuple[str, ...], ignore: tuple[str, ...]) -> Selector | None:
    """What ``--select`` and ``--ignore`` keep of a result, or None when they keep it all.

    The rule is the project configuration's (:func:`brandcheck.config.apply`): kept
    findings alone make the verdict, and errors always count.
    """
    if not select and not ignore:
        return None
    from brandcheck import config
    from brandcheck.checks import RULES

    cfg = config.merged(config.ProjectConfig(), select, ignore)
    return lambda r: config.apply(r, cfg, RULES)
