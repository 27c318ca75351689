"""Reports: one table of output formats (:data:`REPORTERS`), read by ``check`` and ``audit``.

Every format turns a :class:`Report` (the results, and what some formats draw on) into
text, or (html) into files at a path. The CLI's ``--format`` choices are this table's keys, so a new format is one
module and one entry. Writers import their module when called: this package is imported
by the CLI at start-up and must stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the CLI imports this table at start-up
    from brandcheck.report.html import ReportMeta
    from brandcheck.result import FileResult

Key = tuple[str, int | None]


@dataclass(frozen=True)
class Report:
    """What a writer needs: the results and what some formats add to them.

    ``thumbnails`` and ``views`` map (path, page) to JPEGs of the annotated poster (base64,
    or a file)
    (HTML); ``meta`` is the HTML header; ``skipped`` (path, why) and ``interrupted`` are an
    audit's (JSON, HTML), None for ``check``; ``verbose`` shows info findings (text);
    ``bom`` starts CSV with a UTF-8 byte-order mark, for Excel.
    """

    results: list[FileResult]
    verbose: bool = False
    thumbnails: Mapping[Key, str | Path] = field(default_factory=dict)
    views: Mapping[Key, str | Path] = field(default_factory=dict)
    meta: ReportMeta | None = None
    skipped: list[tuple[str, str]] | None = None
    interrupted: bool | None = None
    bom: bool = False


@dataclass(frozen=True)
class Reporter:
    """One output format.

    ``dumps`` gives the document as text (None: the format is files, not text: html writes
    a page and a folder of images beside it). ``to_file`` writes it at a path (default:
    ``dumps`` written atomically). ``per_file`` (text) renders one result, so ``check``
    prints each file as soon as it is checked, then ``footer`` (text: the colour pipeline
    under ``verbose``, and the tally). ``images``: the format shows the annotated
    posters, so the caller must make them.
    """

    name: str
    help: str
    dumps: Callable[[Report], str] | None
    to_file: Callable[[Report, Path], Path] | None = None
    per_file: Callable[[FileResult, Report], str] | None = None
    footer: Callable[[Report], str] | None = None
    images: bool = False

    def write(self, report: Report, path: Path) -> Path:
        """Write ``report`` at ``path`` (atomically) in this format."""
        if self.to_file is not None:
            return self.to_file(report, path)
        if self.dumps is None:
            raise ValueError(f"format {self.name!r} has neither dumps nor to_file")
        from brandcheck.report.files import write_atomic

        return write_atomic(path, self.dumps(report).encode("utf-8"))


def _text_one(r: FileResult, report: Report) -> str:
    from brandcheck.report import text

    return text.render(r, verbose=report.verbose)


def _text_footer(report: Report) -> str:
    from brandcheck.report import text

    return text.footer(report.results, verbose=report.verbose)


def _text(report: Report) -> str:
    lines = "".join(_text_one(r, report) + "\n" for r in report.results)
    return lines + _text_footer(report) + "\n"


def _json(report: Report) -> str:
    from brandcheck.report import jsonout

    return jsonout.dumps(report.results, skipped=report.skipped, interrupted=report.interrupted)


def _csv(report: Report) -> str:
    from brandcheck.report import csvout

    return csvout.dumps(report.results, bom=report.bom)


def _sarif(report: Report) -> str:
    from brandcheck.report import sarif

    return sarif.dumps(report.results)


def _html(report: Report, path: Path) -> Path:
    from brandcheck.report import html

    meta = report.meta if report.meta is not None else html.ReportMeta()
    return html.write(path, report.results, meta, thumbnails=report.thumbnails, views=report.views)


#: Every output format by name, in the order the help lists them.
REPORTERS: dict[str, Reporter] = {
    r.name: r
    for r in (
        Reporter(
            "text",
            "a verdict line per file, a line per fail or warn, a tally",
            _text,
            per_file=_text_one,
            footer=_text_footer,
        ),
        Reporter("json", "one document for scripts, schema 1 (README)", _json),
        Reporter("csv", "one row per finding", _csv),
        Reporter("sarif", "SARIF 2.1.0 for code-scanning views", _sarif),
        Reporter(
            "html",
            "a page for triage, with a folder of annotated images beside it",
            None,
            to_file=_html,
            images=True,
        ),
    )
}
