"""``--format html``: one self-contained page rendered from ``templates/``.

Autoescaping is on for every template, so resource names, tags or policy
strings containing markup are shown as text and never run.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from iacsim.report.data import SEVERITIES, Report
from iacsim.report.json_format import report_to_dict
from iacsim.report.svgmap import build_map, icon


def templates_dir() -> Path:
    """``iacsim/templates`` in an installed wheel, the top-level ``templates/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "report.html.j2").is_file():
            return candidate
    raise FileNotFoundError("iacsim templates not found (is the package installed correctly?)")


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    data = report_to_dict(report)
    return environment().get_template("report.html.j2").render(
        report=data, severities=list(reversed(SEVERITIES)), layout=build_map(data), icon=icon,
        flow_events=[list(fl.events) for fl in report.flows],
    )
