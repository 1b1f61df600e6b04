"""The report-format registry: every format has a renderer and the CLI offers exactly those formats."""

import click
import pytest

from iacsim.cli import main
from iacsim.report.data import Report
from iacsim.report.formats import FORMAT_NAMES, RENDERERS, ReportFormat, render


def test_every_format_has_a_renderer() -> None:
    assert set(RENDERERS) == set(ReportFormat)
    assert FORMAT_NAMES == ("text", "json", "sarif", "markdown", "html")


def test_cli_choices_come_from_the_enum() -> None:
    plan = main.commands["plan"]
    (fmt,) = [p for p in plan.params if p.name == "fmt"]
    assert isinstance(fmt.type, click.Choice) and tuple(fmt.type.choices) == FORMAT_NAMES


def test_an_unknown_format_is_an_error_not_text(report: Report) -> None:
    with pytest.raises(ValueError):
        render("yaml", report)


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_renderer_writes_something(fmt: ReportFormat, report: Report) -> None:
    assert render(fmt, report).strip()


def test_text_report_as_a_string_has_the_findings_and_no_escape_codes(report: Report) -> None:
    text = render(ReportFormat.TEXT, report)
    assert "S3005" in text and "\x1b[" not in text
