"""The command line: a thin click shell over :mod:`brandcheck.api`.

Heavy modules (OpenCV, scikit-image) are imported inside commands so ``--help`` is instant.
Exit codes: 0 no fail finding; 1 at least one fail; 2 an input could not be read, the
command was used wrongly, or brandcheck itself failed (an internal error, reported in one
line without a traceback). Every file is checked whatever happens to the others.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
#: A bug in brandcheck (an uncaught exception): 2 like an unreadable input, never 1, which
#: means "a poster failed" and which CI would read as an ordinary fail.
EXIT_INTERNAL = EXIT_ERROR

brand_option = click.option(
    "--brand",
    "brand_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Brand kit folder (default: the bundled 2019 Quality Month kit).",
)


def _kit(brand_dir: Path | None, *, for_build: bool = False) -> Any:
    from brandcheck.brand import load_brand
    from brandcheck.errors import BrandKitError

    try:
        return load_brand(brand_dir, for_build=for_build)
    except BrandKitError as exc:
        raise click.BadParameter(str(exc), param_hint="--brand") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="brandcheck")
def cli() -> None:
    """Check how a brand's logo is used in posters."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@brand_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts (schema 1).",
)
@click.option(
    "--annotate",
    "annotate_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write one annotated PNG per input into this folder.",
)
@click.option(
    "--text/--no-text",
    "read_text",
    default=True,
    show_default=True,
    help="Read the usage-example text beside each logo (OCR; lockup checks).",
)
@click.option(
    "--slogans",
    is_flag=True,
    default=False,
    help="Also read every text line and compare it with the official theme and slogans (OCR, ~1 s a page).",
)
@click.option("-v", "--verbose", is_flag=True, help="Also print info findings.")
def check(
    files: tuple[Path, ...],
    brand_dir: Path | None,
    fmt: str,
    annotate_dir: Path | None,
    read_text: bool,
    slogans: bool,
    verbose: bool,
) -> None:
    """Check FILES (PDF, PNG, JPEG, TIFF, WebP, ...) against the brand kit."""
    from brandcheck.api import inspect_all
    from brandcheck.report import jsonout, text

    kit = _kit(brand_dir)
    tags = _check_annotate(files, annotate_dir)
    retv = EXIT_PASS
    results = []
    for a in (a for path in files for a in inspect_all(path, kit, text=read_text, slogans=slogans)):
        r = a.result
        results.append(r)
        if r.status == "error":
            retv = EXIT_ERROR
        elif r.status == "fail" and retv == EXIT_PASS:
            retv = EXIT_FAIL
        if annotate_dir is not None and a.poster is not None:
            from brandcheck.outputs import check_outputs
            from brandcheck.report import annotate

            out = annotate_dir / annotate.annotation_name(r, tags.get(r.path))
            # a PDF page's name is known only now: checked again, just before writing
            _usage(check_outputs, list(files), [], [("--annotate", annotate_dir, [out])])
            annotate.write_png(annotate.overlay(a.poster.rgb, r), out)
        if fmt == "text":
            click.echo(text.render(r, verbose=verbose))
    if fmt == "json":
        click.echo(jsonout.dumps(results))
    sys.exit(retv)


def _usage(fn: Any, *args: Any) -> None:
    """Run an output check; its refusal is a usage error (exit 2)."""
    from brandcheck.outputs import OutputPathError

    try:
        fn(*args)
    except OutputPathError as exc:
        raise click.UsageError(str(exc)) from exc


def _check_annotate(files: tuple[Path, ...], annotate_dir: Path | None) -> dict[str, str | None]:
    """Tags that keep annotated names unique, after checking the folder before any work."""
    if annotate_dir is None:
        return {}
    from brandcheck.outputs import check_outputs, unique_tags
    from brandcheck.report.annotate import annotation_name
    from brandcheck.result import FileResult

    tags = unique_tags([str(f) for f in files])
    outs = [
        annotate_dir / annotation_name(FileResult(path=str(f), status="pass"), tags[str(f)])
        for f in files
    ]
    _usage(check_outputs, list(files), [], [("--annotate", annotate_dir, outs)])
    return tags


def _exit_code(results: list[Any]) -> int:
    if any(r.status == "error" for r in results):
        return EXIT_ERROR
    return EXIT_FAIL if any(r.status == "fail" for r in results) else EXIT_PASS


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@brand_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: every core).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an HTML report for triage, its images and details in REPORT_files/ beside it.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the results as JSON (the same schema as check --format json).",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one CSV row per finding (logo numbers from 1).",
)
@click.option(
    "--csv-files",
    "csv_files_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one CSV row per file: folder, file, page, status, fail codes, fixes, "
    "and the files skipped.",
)
@click.option(
    "--csv-bom",
    is_flag=True,
    help="Start CSV files with a UTF-8 byte-order mark, which Excel needs to show 杭州 and ΔE.",
)
@click.option(
    "--xlsx",
    "xlsx_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an Excel workbook, one sheet per folder (needs the xlsx extra).",
)
@click.option(
    "--sarif",
    "sarif_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write SARIF 2.1.0 for code-scanning views.",
)
@click.option("--no-cache", is_flag=True, help="Analyse every file even if unchanged.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Cache folder (default: $BRANDCHECK_CACHE_DIR or ~/.cache/brandcheck).",
)
@click.option(
    "--dask",
    "dask_address",
    default=None,
    metavar="ADDRESS",
    help="Run on a Dask distributed scheduler (tcp://host:8786) instead of local processes.",
)
@click.option(
    "--text/--no-text",
    "read_text",
    default=True,
    show_default=True,
    help="Read the usage-example text beside each logo (OCR; lockup checks).",
)
@click.option(
    "--slogans",
    is_flag=True,
    default=False,
    help="Also read every text line and compare it with the official theme and slogans (OCR, ~1 s a page).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Time budget per file; a file over it is a 'timeout' error (0: no limit).",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=0),
    default=2048,
    show_default=True,
    metavar="MB",
    help="Memory (address space) per worker; over it a file is 'too-large' or 'worker-died' (0: no limit).",
)
def audit(
    paths: tuple[Path, ...],
    brand_dir: Path | None,
    jobs: int | None,
    report_path: Path | None,
    json_path: Path | None,
    csv_path: Path | None,
    csv_files_path: Path | None,
    csv_bom: bool,
    xlsx_path: Path | None,
    sarif_path: Path | None,
    no_cache: bool,
    cache_dir: Path | None,
    dask_address: str | None,
    read_text: bool,
    slogans: bool,
    timeout: float,
    max_memory: int,
) -> None:
    """Check every poster under PATHS (folders are walked) in parallel, with reports.

    Each file is checked in a worker process under a time and memory budget: a file that
    overruns it, or whose worker crashes, is that file's error and the audit goes on.
    """
    from brandcheck.audit import DaskAddressError, check_dask_address, summary, walk, why_skipped
    from brandcheck.audit import audit as run_audit
    from brandcheck.outputs import check_outputs
    from brandcheck.report import csvout, html, jsonout, sarif
    from brandcheck.report.files import write_atomic
    from brandcheck.workers import Budget

    kit = _kit(brand_dir)
    if xlsx_path is not None:
        from brandcheck.errors import BrandcheckError
        from brandcheck.report import xlsx

        try:
            xlsx.require()  # before the audit, not after an hour of it
        except BrandcheckError as exc:
            raise click.BadParameter(exc.message, param_hint="--xlsx") from exc
    named = [("--json", json_path), ("--csv", csv_path), ("--sarif", sarif_path)]
    named += [("--report", report_path), ("--xlsx", xlsx_path)]
    files = [(o, p) for o, p in named if p is not None]
    folders: list[tuple[str, Path, list[Path]]] = []
    if report_path is not None:  # the report's images and details go into a folder beside it
        folders.append(("--report", html.assets_dir(report_path), []))
    _usage(check_outputs, walk(paths)[0], files, folders)
    try:
        if dask_address:
            check_dask_address(dask_address)
        run = run_audit(
            paths,
            kit,
            jobs=jobs,
            use_cache=not no_cache,
            cache_dir=cache_dir,
            thumbnails=report_path is not None,
            dask_address=dask_address,
            text=read_text,
            slogans=slogans,
            budget=Budget(seconds=timeout or None, memory_mb=max_memory or None),
        )
    except DaskAddressError as exc:
        raise click.BadParameter(str(exc), param_hint="--dask") from exc
    for w in run.warnings:
        click.echo(w, err=True)
    skipped = [(s, why_skipped(s)) for s in run.skipped]
    outputs = [
        (
            json_path,
            lambda: jsonout.dumps(
                run.results,
                skipped=skipped,
                interrupted=run.interrupted,
            ),
        ),
        (csv_path, lambda: csvout.dumps(run.results, bom=csv_bom)),
        (csv_files_path, lambda: csvout.dumps_files(run.results, skipped, bom=csv_bom)),
        (sarif_path, lambda: sarif.dumps(run.results)),
    ]
    for path, make in outputs:
        if path is not None:
            write_atomic(path, make().encode("utf-8"))
    if xlsx_path is not None:
        xlsx.write(xlsx_path, run.results, skipped)
    if report_path is not None:
        html.write(
            report_path,
            run.results,
            _report_meta(run, paths, kit),
            thumbnails=run.thumbnails,
            views=run.views,
        )
    click.echo(summary(run))
    sys.exit(130 if run.interrupted else _exit_code(run.results))


def _report_meta(run: Any, paths: tuple[Path, ...], kit: Any) -> Any:
    """The HTML report's header: when, what, with which kit and tool, and how it went."""
    from datetime import datetime

    from brandcheck import __version__
    from brandcheck.audit import why_skipped
    from brandcheck.report.html import ReportMeta

    return ReportMeta(
        date=datetime.now().astimezone().isoformat(sep=" ", timespec="seconds"),
        paths=tuple(str(p) for p in paths),
        kit=f"{kit.name} (id {kit.id}, digest {kit.digest[:12]}, {kit.root})",
        version=__version__,
        interrupted=run.interrupted,
        skipped=tuple((s, why_skipped(s)) for s in run.skipped),
        files=run.files,
        cached=run.cached,
        analysed=run.analysed,
        seconds=run.seconds,
    )


def _project(config_path: Path | None) -> Any:
    """The project configuration (``--config``, else found from here up), or a usage error."""
    from brandcheck import config

    try:
        return config.load(config_path) if config_path is not None else config.find()
    except config.ConfigError as exc:
        raise click.BadParameter(exc.message, param_hint="--config") from exc


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Project configuration (default: .brandcheck.toml, or [tool.brandcheck] in "
    "pyproject.toml, from the current folder up).",
)


def hook_line(name: str, f: Any) -> str:
    """``path: code: message at x .., y .. (logo N) -> fix``; warnings say ``warning:``."""
    from brandcheck.report.tally import location

    where = location(f.region)
    text = (
        ("warning: " if f.severity.value == "warn" else "")
        + f.message
        + (f" at {where}" if where else "")
        + ("" if f.logo is None else f" (logo {f.logo + 1})")
        + (f" -> {f.fix}" if f.fix else "")
    )
    return f"{name}: {f.code}: {text}"


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@brand_option
@click.option(
    "--fail-on",
    type=click.Choice(["fail", "warn"]),
    default=None,
    help="Block the commit on fails only (default), or on warnings too "
    "(default from the project configuration's fail-on).",
)
@config_option
@click.option(
    "--text/--no-text",
    "read_text",
    default=True,
    show_default=True,
    help="Read the usage-example text beside each logo (OCR; lockup checks).",
)
def hook(
    files: tuple[Path, ...],
    brand_dir: Path | None,
    fail_on: str | None,
    config_path: Path | None,
    read_text: bool,
) -> None:
    """Pre-commit hook: one `path: code: message` line per fail and warning, with the
    finding's position; exit 1 on any fail (and warning, with --fail-on warn)."""
    from brandcheck import config
    from brandcheck.api import inspect_all
    from brandcheck.checks import RULES
    from brandcheck.report.names import display

    cfg = _project(config_path)
    kit = _kit(brand_dir or cfg.brand)
    fail_on = fail_on or cfg.fail_on
    results = [
        config.apply(a.result, cfg, RULES)
        for f in files
        for a in inspect_all(f, kit, text=read_text)
    ]
    retv = EXIT_PASS
    for r in results:
        # display(): one line per finding whatever the name holds (newlines, bad bytes)
        name = display(r.path if r.page is None else f"{r.path}#page={r.page}")
        if r.error:
            click.echo(f"{name}: {r.error.code}: {display(r.error.message)}")
            retv = EXIT_ERROR
        elif config.blocks(r, fail_on) and retv == EXIT_PASS:
            retv = EXIT_FAIL
        for f in r.findings:
            if f.severity.value in ("fail", "warn"):
                click.echo(display(hook_line(name, f)))
    sys.exit(retv)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8150, show_default=True)
@brand_option
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option(
    "--max-upload-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=200.0,
    show_default=True,
    help="Larger uploads get HTTP 413.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Files checked at once (worker processes); more uploads wait their turn.",
)
def serve(
    host: str,
    port: int,
    brand_dir: Path | None,
    open_browser: bool,
    max_upload_mb: float,
    workers: int,
) -> None:
    """A local web page: drop posters, see the findings over the page. Also an HTTP API."""
    from brandcheck.serve import Config, run

    _kit(brand_dir)  # a bad kit is a usage error before anything listens
    config = Config(
        host=host,
        port=port,
        kit_root=None if brand_dir is None else str(brand_dir),
        max_upload_bytes=int(max_upload_mb * 1000 * 1000),
        workers=workers,
        queue=4 * workers + 4,
    )
    try:
        run(config, open_browser=open_browser)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        ) from exc


@cli.group()
def brand() -> None:
    """Show or build a brand kit."""


@brand.command("show")
@brand_option
def brand_show(brand_dir: Path | None) -> None:
    """Print the kit's spec with the expected CIELAB (D50) and sRGB values."""
    from brandcheck import colour

    kit = _kit(brand_dir)
    c, lg, ck = kit.colour, kit.logo, kit.checks
    lab = colour.expected_lab(c)
    srgb = colour.expected_srgb(c)
    lines = [
        f"brand       {kit.name}",
        f"id          {kit.id}   (kit {kit.root}, digest {kit.digest})",
        f"source      {kit.source}",
        f"colour      CMYK {'/'.join(f'{v:g}' for v in c.cmyk)}  |  {c.pantone}",
        (
            f"measured against: the {c.measure_against.upper()} build (the PANTONE name is the same colour stated "
            "another way; its Lab is not free data)"
        ),
        f"print cond. {c.print_condition} ({c.characterisation.name})",
        (
            f"expected    Lab(D50) {lab[0]:.2f} / {lab[1]:.2f} / {lab[2]:.2f}   sRGB {tuple(int(v) for v in srgb)}"
            f"  #{''.join(f'{int(v):02X}' for v in srgb)}"
        ),
        f"tolerance   ΔE00 <= {c.pass_de00:g} pass, <= {c.warn_de00:g} warn, above: fail",
        f"pipeline    {colour.PIPELINE_NOTE}",
        (
            f"logo        {lg.artwork.name} (master {lg.master.name if lg.master else '-'}); "
            f"min width {lg.min_width_mm:g} mm or {lg.min_width_px:g} px; clear space "
            f"{lg.clear_space:g} × height; rotation ±{lg.rotation_tolerance_deg:g}°; "
            f"aspect ±{lg.aspect_tolerance:.0%}; variants {', '.join(lg.variants)}"
        ),
        (
            f"checks      contrast >= {ck.min_contrast_ratio:g}:1; clear-space intrusion <= "
            f"{ck.clear_space_max_intrusion:.0%}; altered <= {ck.altered_max_missing:.0%} missing / "
            f"{ck.altered_max_added:.0%} added; effective >= {ck.min_effective_ppi:g} ppi or "
            f"{ck.min_effective_width_px:g} px"
        ),
        "typography  " + ", ".join(f"{k}: {v}" for k, v in kit.typography.items()),
        f"usage       {kit.usage.example}",
        f"theme       {kit.usage.theme}",
        f"slogans     {len(kit.usage.slogans)}",
    ]
    lines += [f"  {i:2d}. {s}" for i, s in enumerate(kit.usage.slogans, 1)]
    click.echo("\n".join(lines))


@brand.command("build")
@brand_option
def brand_build(brand_dir: Path | None) -> None:
    """Render the kit's PNG artwork from its SVG masters."""
    from brandcheck.build import build_kit
    from brandcheck.errors import BrandKitError

    kit = _kit(brand_dir, for_build=True)
    try:
        for p in build_kit(kit):
            click.echo(f"wrote {p}")
    except BrandKitError as exc:
        raise click.ClickException(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code instead of exiting (for tests and ``-m``)."""
    try:
        cli.main(args=argv, prog_name="brandcheck", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except BrokenPipeError:
        # the reader went away (``| head``): nothing left to say, and not a crash
        _quiet_stdout()
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - a bug: one line and exit 2, never a traceback and 1
        import os
        import traceback

        if os.environ.get("BRANDCHECK_DEBUG"):
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1]
        from brandcheck.report.names import display

        click.echo(
            display(
                f"brandcheck: internal error: {type(exc).__name__}: {exc} (at "
                f"{Path(where.filename).name}:{where.lineno}); please report it "
                "(BRANDCHECK_DEBUG=1 prints the traceback)"
            ),
            err=True,
        )
        return EXIT_INTERNAL
    return EXIT_PASS


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
