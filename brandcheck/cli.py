"""The command line: a thin click shell over :mod:`brandcheck.api`.

Heavy modules (OpenCV, scikit-image) are imported inside commands so ``--help`` is instant.
Exit codes: 0 no fail finding; 1 at least one fail; 2 an input could not be read, the
command was used wrongly, or brandcheck itself failed (an internal error, reported in one
line without a traceback). Every file is checked whatever happens to the others.

``check`` and ``hook`` check their files in a worker process forked from their own, under
the per-file budget of ``--timeout`` and ``--max-memory`` (as ``audit``'s): a file that
hangs, grows without bound or crashes its worker (a pdfium ``abort()``) is that file's
``timeout``, ``too-large`` or ``worker-died`` error, and the other files are still checked
and reported (:func:`brandcheck.workers.run_each`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from brandcheck.options import (
    brand_option,
    budget,
    budget_options,
    config_option,
    format_option,
    jobs_option,
    load_kit,
    output_option,
    paper_option,
    select_options,
    slogans_option,
    text_option,
    verbose_option,
)

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
#: A bug in brandcheck (an uncaught exception): 2 like an unreadable input, never 1, which
#: means "a poster failed" and which CI would read as an ordinary fail.
EXIT_INTERNAL = EXIT_ERROR

_kit = load_kit

#: Modules whose thread pools a forked child inherits broken once they have run.
_THREAD_POOLS = ("cv2", "onnxruntime")
#: True while :func:`main` runs in a process that had loaded none of them when it began
#: (the command line's own process): ``check`` and ``hook`` may then fork their worker,
#: as their own side never runs them. Anywhere else (a test or program calling ``main()``
#: or the click command after using OpenCV) files are checked in-process, time-budgeted.
_PRISTINE = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="brandcheck")
def cli() -> None:
    """Check how a brand's logo is used in posters."""


def _status_code(r: Any) -> int:
    """A result's exit code: 2 for an error, 1 for a fail, else 0."""
    return {"error": EXIT_ERROR, "fail": EXIT_FAIL}.get(r.status, EXIT_PASS)


def _exit_code(results: list[Any]) -> int:
    """The worst result's exit code (an error, 2, outranks a fail, 1)."""
    return max((_status_code(r) for r in results), default=EXIT_PASS)


def _emit(reporter: Any, report: Any, output: Path | None) -> None:
    """``report`` in ``reporter``'s format on stdout, or written atomically at ``output``."""
    if output is not None:
        reporter.write(report, output)
        return
    doc = reporter.dumps(report)
    click.echo(doc, nl=not doc.endswith("\n"))


def _needs_output(fmt: str | None, output: Path | None) -> None:
    """A usage error for a format that is files, not text (html), without ``--output``."""
    from brandcheck.report import REPORTERS

    if fmt is not None and output is None and REPORTERS[fmt].dumps is None:
        raise click.BadParameter(
            f"{fmt} writes a page and a folder beside it, not text: give --output FILE",
            param_hint="--format",
        )


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@brand_option
@format_option(
    default="text",
    help="text for people, json for scripts (schema 1), csv (a row per finding), sarif "
    "(SARIF 2.1.0), html (a page, with its images and details in a folder beside it).",
)
@output_option(
    "Write the --format document into this file (atomically) instead of stdout; "
    "stdout then stays empty."
)
@click.option(
    "--annotate",
    "annotate_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write one annotated PNG per input into this folder.",
)
@config_option
@select_options
@text_option
@slogans_option
@paper_option
@budget_options
@verbose_option
def check(
    files: tuple[Path, ...],
    brand_dir: Path | None,
    fmt: str,
    output: Path | None,
    annotate_dir: Path | None,
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    read_text: bool,
    slogans: bool,
    paper: str | None,
    timeout: float,
    max_memory: int,
    verbose: bool,
) -> None:
    """Check FILES (PDF, PNG, JPEG, TIFF, WebP, ...) against the brand kit.

    A project configuration (.brandcheck.toml or [tool.brandcheck], as for the hook) says
    which codes count and which files are waived; --select replaces its select and
    --ignore adds to its ignore. Each file is checked under a time and memory budget: a
    file over it, or whose checking process crashes, is that file's error and the others
    are still checked.
    """
    from brandcheck.report import REPORTERS, Report

    _needs_output(fmt, output)
    t0 = time.perf_counter()
    cfg, keep = _project_selection(config_path, select, ignore)
    kit = _kit(brand_dir or cfg.brand)
    tags = _check_annotate(files, annotate_dir)
    if output is not None:
        _check_output(list(files), fmt, output)
    reporter = REPORTERS[fmt]
    # text on stdout is printed file by file, as each is checked; a document at the end
    stream = reporter.per_file if output is None else None
    results = []
    thumbnails: dict[tuple[str, int | None], str] = {}
    views: dict[tuple[str, int | None], str] = {}
    retv = EXIT_PASS
    job = _Job(
        kit, keep, read_text, slogans, annotate_dir is not None, reporter.images, paper or cfg.paper
    )
    for page in (p for pages in _checked(files, job, budget(timeout, max_memory)) for p in pages):
        r = page.result
        results.append(r)
        retv = max(retv, _status_code(r))  # 2 (error) outranks 1 (fail): one never hides another
        if page.png is not None and annotate_dir is not None:
            from brandcheck.outputs import check_outputs
            from brandcheck.report import annotate
            from brandcheck.report.files import write_atomic

            out = annotate_dir / annotate.annotation_name(r, tags.get(r.path))
            # a PDF page's name is known only now: checked again, just before writing
            _usage(check_outputs, list(files), [], [("--annotate", annotate_dir, [out])])
            write_atomic(out, page.png)
        if page.jpegs is not None:
            thumbnails[(r.path, r.page)], views[(r.path, r.page)] = page.jpegs["t"], page.jpegs["v"]
        if stream is not None:
            click.echo(stream(r, Report([r], verbose)))
    if stream is not None and reporter.footer is not None:  # e.g. text's closing tally
        click.echo(reporter.footer(Report(results, verbose)))
    if stream is None:
        how = {"files": len(files), "analysed": len(files), "seconds": time.perf_counter() - t0}
        meta = _meta(files, kit, **how) if reporter.images else None
        _emit(reporter, Report(results, verbose, thumbnails, views, meta=meta), output)
    sys.exit(retv)


@dataclass(frozen=True)
class _Job:
    """What checking a file needs besides its path; a worker inherits it when forked."""

    kit: Any
    keep: Callable[[Any], Any] | None  # the selection (--select, --ignore, configuration)
    text: bool
    slogans: bool
    png: bool  # --annotate: the overlay as PNG
    images: bool  # a report with images (html): the overlay as JPEG thumbnail and view
    paper: str | None = None  # --paper: the printed format of photographed posters


@dataclass(frozen=True)
class _Page:
    """One page's result after the selection, and its overlay images when asked for."""

    result: Any
    png: bytes | None = None
    jpegs: dict[str, str] | None = None


_JOB: _Job | None = None


def _set_job(job: _Job) -> None:
    global _JOB
    _JOB = job


def _check_path(path: str) -> list[_Page]:
    """Check every page of one file, as the worker runs it: the results, and the overlays
    drawn from the poster (which stays in the worker: only results and images travel)."""
    from brandcheck.api import inspect_all

    job = _JOB
    if job is None:  # pragma: no cover - run_each's init sets it first
        raise RuntimeError("no check job set in this process")
    pages = []
    for a in inspect_all(path, job.kit, text=job.text, slogans=job.slogans, paper=job.paper):
        r = a.result if job.keep is None else job.keep(a.result)
        png = jpegs = None
        if a.poster is not None and (job.png or job.images):
            import cv2

            from brandcheck.audit import report_images
            from brandcheck.report import annotate

            img = annotate.overlay(a.poster.rgb, r)
            if job.png:
                ok, buf = cv2.imencode(".png", cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
                if not ok:
                    raise OSError(f"could not encode the annotated overlay of {path}")
                png = buf.tobytes()
            jpegs = report_images(img) if job.images else None
        pages.append(_Page(r, png, jpegs))
    return pages


def _checked(files: tuple[Path, ...], job: _Job, limits: Any) -> Iterator[list[_Page]]:
    """Each file's pages, in order, each file checked under ``limits`` (a Budget): in a worker forked
    from this process when it may fork (a file that overruns the budget or kills its worker
    is that file's error result), else here under the time budget."""
    from brandcheck.result import ErrorInfo, FileResult
    from brandcheck.workers import can_fork, run_each

    paths = [str(f) for f in files]
    # the module global is looked up now, so a test may replace it with a misbehaving one
    isolate = can_fork(_PRISTINE)
    for path, pages, failure in run_each(
        _check_path, paths, budget=limits, isolate=isolate, init=_set_job, initargs=(job,)
    ):
        if failure is None:
            yield pages
            continue
        r = FileResult(
            path=path,
            status="error",
            error=ErrorInfo(failure.code, failure.message),
            brand=job.kit.id,
        )
        yield [_Page(r)]


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


def _check_output(inputs: list[Path], fmt: str, output: Path) -> None:
    """Refuse a ``--output`` that would overwrite an input (html: or its folder's files)."""
    from brandcheck.outputs import check_outputs

    folders: list[tuple[str, Path, list[Path]]] = []
    if fmt == "html":  # the page's images and details go into a folder beside it
        from brandcheck.report.html import assets_dir

        folders.append(("--output", assets_dir(output), []))
    _usage(check_outputs, inputs, [("--output", output)], folders)


#: audit's one-format flags, kept as they were: each writes the format of the same name.
AUDIT_FLAGS = {"json_path": "json", "csv_path": "csv", "sarif_path": "sarif", "report_path": "html"}


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@brand_option
@jobs_option
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an HTML report for triage, its images and details in REPORT_files/ beside it "
    "(as --format html).",
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
@format_option(
    default=None,
    help="Also write the results in this format (the same formats as check), to --output "
    "or, without it, to stdout with the summary moved to stderr.",
)
@output_option("The file --format writes (atomically); needs --format.")
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
@config_option
@select_options
@text_option
@slogans_option
@paper_option
@budget_options
@verbose_option
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
    fmt: str | None,
    output: Path | None,
    no_cache: bool,
    cache_dir: Path | None,
    dask_address: str | None,
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    read_text: bool,
    slogans: bool,
    paper: str | None,
    timeout: float,
    max_memory: int,
    verbose: bool,
) -> None:
    """Check every poster under PATHS (folders are walked) in parallel, with reports.

    A project configuration (.brandcheck.toml or [tool.brandcheck], as for check and the
    hook) says which codes count and which files are waived; --select replaces its select
    and --ignore adds to its ignore. Each file is checked in a worker process under a time
    and memory budget: a file that overruns it, or whose worker crashes, is that file's
    error and the audit goes on.
    """
    from brandcheck.audit import DaskAddressError, check_dask_address, summary, walk, why_skipped
    from brandcheck.audit import audit as run_audit
    from brandcheck.outputs import check_outputs
    from brandcheck.report import REPORTERS, Report
    from brandcheck.report.html import assets_dir

    if output is not None and fmt is None:
        raise click.BadParameter("--output needs --format", param_hint="--output")
    _needs_output(fmt, output)
    cfg, keep = _project_selection(config_path, select, ignore)
    kit = _kit(brand_dir or cfg.brand)
    if xlsx_path is not None:
        from brandcheck.errors import BrandcheckError
        from brandcheck.report import xlsx

        try:
            xlsx.require()  # before the audit, not after an hour of it
        except BrandcheckError as exc:
            raise click.BadParameter(exc.message, param_hint="--xlsx") from exc
    flags = {"json_path": json_path, "csv_path": csv_path, "sarif_path": sarif_path}
    flags["report_path"] = report_path
    # (format, file or None for stdout): the one-format flags, then --format/--output
    wanted: list[tuple[str, Path | None]] = [
        (AUDIT_FLAGS[k], p) for k, p in flags.items() if p is not None
    ]
    if fmt is not None:
        wanted.append((fmt, output))
    # every file written, checked before the analysis: none may overwrite an input
    named = [("--json", json_path), ("--csv", csv_path), ("--csv-files", csv_files_path)]
    named += [("--sarif", sarif_path), ("--report", report_path), ("--xlsx", xlsx_path)]
    named.append(("--output", output))
    files = [(o, p) for o, p in named if p is not None]
    # the HTML report's images and details go into a folder beside it
    folders: list[tuple[str, Path, list[Path]]] = [
        ("--report" if p == report_path else "--output", assets_dir(p), [])
        for f, p in wanted
        if f == "html" and p is not None
    ]
    _usage(check_outputs, walk(paths)[0], files, folders)
    from brandcheck.outputs import walked_by

    for _option, folder, _paths in folders:
        root = walked_by(folder, paths)
        if root is not None:
            click.echo(
                f"warning: the report's images go into {folder}, inside {root}: "
                f"the next audit of {root} would check them as posters",
                err=True,
            )
    try:
        if dask_address:
            check_dask_address(dask_address)
        run = run_audit(
            paths,
            kit,
            jobs=jobs,
            use_cache=not no_cache,
            cache_dir=cache_dir,
            thumbnails=any(REPORTERS[f].images for f, _ in wanted),
            dask_address=dask_address,
            text=read_text,
            slogans=slogans,
            budget=budget(timeout, max_memory),
            paper=paper or cfg.paper,
        )
    except DaskAddressError as exc:
        raise click.BadParameter(str(exc), param_hint="--dask") from exc
    for w in run.warnings:
        click.echo(w, err=True)
    if keep is not None:  # the cache holds every finding; the selection is applied here
        run.results = [keep(r) for r in run.results]
    skipped = [(s, why_skipped(s)) for s in run.skipped]
    report = Report(
        run.results,
        verbose,
        run.thumbnails,
        run.views,
        meta=_report_meta(run, paths, kit),
        skipped=skipped,
        interrupted=run.interrupted,
        bom=csv_bom,
    )
    for f, path in wanted:
        _emit(REPORTERS[f], report, path)
    # audit-only exports: a row per poster and per skipped file; an Excel workbook
    if csv_files_path is not None:
        from brandcheck.report import csvout
        from brandcheck.report.files import write_atomic

        doc = csvout.dumps_files(run.results, skipped, bom=csv_bom)
        write_atomic(csv_files_path, doc.encode("utf-8"))
    if xlsx_path is not None:
        xlsx.write(xlsx_path, run.results, skipped)
    # a document on stdout keeps stdout to itself: the summary goes to stderr then
    click.echo(summary(run), err=any(p is None for _, p in wanted))
    sys.exit(130 if run.interrupted else _exit_code(run.results))


def _meta(paths: tuple[Path, ...], kit: Any, **how: Any) -> Any:
    """The HTML report's header: when, what, with which kit and tool; ``how`` it went."""
    from datetime import datetime

    from brandcheck import __version__
    from brandcheck.report.html import ReportMeta

    return ReportMeta(
        date=datetime.now().astimezone().isoformat(sep=" ", timespec="seconds"),
        paths=tuple(str(p) for p in paths),
        kit=f"{kit.name} (id {kit.id}, digest {kit.digest[:12]}, {kit.root})",
        version=__version__,
        **how,
    )


def _report_meta(run: Any, paths: tuple[Path, ...], kit: Any) -> Any:
    """An audit's HTML header: with what was skipped, cached and analysed."""
    from brandcheck.audit import why_skipped

    return _meta(
        paths,
        kit,
        interrupted=run.interrupted,
        skipped=tuple((s, why_skipped(s)) for s in run.skipped),
        files=run.files,
        cached=run.cached,
        analysed=run.analysed,
        seconds=run.seconds,
    )


def _project_selection(
    config_path: Path | None, select: tuple[str, ...], ignore: tuple[str, ...]
) -> tuple[Any, Any]:
    """The project configuration merged with --select/--ignore, and what it keeps of a
    result (None when it keeps everything)."""
    from brandcheck import config
    from brandcheck.checks import RULES

    cfg = config.merged(_project(config_path), select, ignore)
    if cfg.select or cfg.ignore or cfg.per_file_ignores:
        return cfg, lambda r: config.apply(r, cfg, RULES)
    return cfg, None


def _project(config_path: Path | None) -> Any:
    """The project configuration (``--config``, else found from here up), or a usage error."""
    from brandcheck import config

    try:
        return config.load(config_path) if config_path is not None else config.find()
    except config.ConfigError as exc:
        raise click.BadParameter(exc.message, param_hint="--config") from exc


def hook_line(name: str, f: Any) -> str:
    """``path: code: message at x .., y .. (logo N) -> fix``; warnings say ``warning:``.

    ``f`` is a finding, or the count of a logo's clear-space objects left out
    (:class:`brandcheck.report.text.Folded`).
    """
    from brandcheck.report.tally import location
    from brandcheck.report.text import Folded

    if isinstance(f, Folded):
        warning = "warning: " if f.severity.value == "warn" else ""
        logo = "" if f.logo is None else f" (logo {f.logo + 1})"
        return f"{name}: clear-space: {warning}{f.says('--format json lists every one')}{logo}"
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
@select_options
@text_option
@paper_option
@budget_options
def hook(
    files: tuple[Path, ...],
    brand_dir: Path | None,
    fail_on: str | None,
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    read_text: bool,
    paper: str | None,
    timeout: float,
    max_memory: int,
) -> None:
    """Pre-commit hook: one `path: code: message` line per fail and warning, with the
    finding's position; exit 1 on any fail (and warning, with --fail-on warn).

    --select replaces the project configuration's select; --ignore adds to its ignore.
    """
    from functools import partial

    from brandcheck import config
    from brandcheck.checks import RULES
    from brandcheck.report.names import display
    from brandcheck.report.text import fold

    cfg = config.merged(_project(config_path), select, ignore)
    kit = _kit(brand_dir or cfg.brand)
    fail_on = fail_on or cfg.fail_on
    keep = partial(config.apply, cfg=cfg, known=RULES)
    job = _Job(kit, keep, read_text, False, False, False, paper or cfg.paper)
    # a file over its budget, or whose worker died, is one error line; the others go on
    results = [
        p.result for pages in _checked(files, job, budget(timeout, max_memory)) for p in pages
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
        # a logo's clear-space objects past the first few are counted in one line
        for f in fold(x for x in r.findings if x.severity.value in ("fail", "warn")):
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
@paper_option
@budget_options
def serve(
    host: str,
    port: int,
    brand_dir: Path | None,
    open_browser: bool,
    max_upload_mb: float,
    workers: int,
    paper: str | None,
    timeout: float,
    max_memory: int,
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
        timeout=timeout,
        memory_mb=max_memory,
        paper=paper,
    )
    try:
        run(config, open_browser=open_browser)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        ) from exc


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per code; json: every field, for scripts and docs.",
)
def rules(fmt: str) -> None:
    """List every finding code: scope (logo or file), default severity, summary."""
    from brandcheck.checks import RULES

    if fmt == "json":
        import json

        doc = [
            {
                "code": r.code,
                "scope": r.scope,
                "severity": r.severity.value,
                "summary": r.summary,
                "fix": r.fix,
                "help": r.help,
            }
            for r in RULES.values()
        ]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    width = max(len(c) for c in RULES)
    for r in RULES.values():
        click.echo(f"{r.code:<{width}}  {r.scope:<4}  {r.severity.value:<4}  {r.summary}")


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
    global _PRISTINE
    _PRISTINE = not any(m in sys.modules for m in _THREAD_POOLS)
    try:
        return _main(argv)
    finally:
        _PRISTINE = False


def _main(argv: list[str] | None) -> int:
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

        from brandcheck.outputs import OutputPathError
        from brandcheck.report.names import display

        if isinstance(exc, OutputPathError):  # a write refused late (a full disk): not a bug
            click.echo(display(f"brandcheck: {exc}"), err=True)
            return EXIT_ERROR
        if os.environ.get("BRANDCHECK_DEBUG"):
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1]
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
