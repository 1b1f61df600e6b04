"""Every report format and the renderer that writes it, in one registry.

The command line takes its ``--format`` and ``--report`` choices from
:class:`ReportFormat` and renders through :data:`RENDERERS`, so a format is
added here and nowhere else. Importing this module fails when a format has no
renderer (and a test says so), instead of the command line silently writing
another format. Renderers import their module on first use: ``iacsim --help``
does not pay for Jinja or SARIF.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Callable, Mapping
from types import MappingProxyType

from iacsim.report.data import Report


class ReportFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    MARKDOWN = "markdown"
    HTML = "html"


Renderer = Callable[[Report], str]


def _text(report: Report) -> str:
    """The verbose terminal report without colour or escape codes, 120 columns wide."""
    from rich.console import Console

    from iacsim.report.text import render_text

    out = io.StringIO()
    render_text(report, Console(file=out, width=120, force_terminal=False, no_color=True), verbose=True)
    return out.getvalue()


def _json(report: Report) -> str:
    from iacsim.report.json_format import render_json

    return render_json(report)


def _sarif(report: Report) -> str:
    from iacsim.report.sarif import render_sarif

    return render_sarif(report)


def _markdown(report: Report) -> str:
    from iacsim.report.markdown import render_markdown

    return render_markdown(report)


def _html(report: Report) -> str:
    from iacsim.report.html import render_html

    return render_html(report)


RENDERERS: Mapping[ReportFormat, Renderer] = MappingProxyType({
    ReportFormat.TEXT: _text,
    ReportFormat.JSON: _json,
    ReportFormat.SARIF: _sarif,
    ReportFormat.MARKDOWN: _markdown,
    ReportFormat.HTML: _html,
})


def _check_exhaustive() -> None:
    missing = [f.value for f in ReportFormat if f not in RENDERERS]
    if missing:
        raise RuntimeError(f"report formats without a renderer: {', '.join(missing)}")


_check_exhaustive()

FORMAT_NAMES: tuple[str, ...] = tuple(f.value for f in ReportFormat)
"""The formats' names in declaration order, for option choices and messages."""


def render(fmt: ReportFormat | str, report: Report) -> str:
    """``report`` in format ``fmt``; an unknown name raises ``ValueError`` (never a silent fallback)."""
    return RENDERERS[ReportFormat(fmt)](report)
