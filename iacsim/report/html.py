"""``--format html``: one self-contained page rendered from ``templates/``.

Autoescaping is on for every template, so resource names, tags or policy
strings containing markup are shown as text and never run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from iacsim.findings import SEVERITIES
from iacsim.report.arn_text import arn_html, text_html
from iacsim.report.data import JOIN_WORLDS, Report, data_versions_line
from iacsim.report.escape import valid_unicode
from iacsim.report.fingerprint import fingerprint
from iacsim.report.headline import headline, headline_detail
from iacsim.report.json_format import report_to_dict
from iacsim.report.statements import deciding_statement
from iacsim.report.svgmap import NODE_W, MapLayout, build_map, icon

_VERDICT_ORDER = {"fail": 0, "unknown": 1, "pass": 2}
_FIX_LANGUAGE = {".tf": "Terraform (HCL)", ".json": "JSON", ".yaml": "YAML", ".yml": "YAML", ".template": "YAML"}


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


def _world_view(data: dict[str, Any], name: str, model: dict[str, Any]) -> dict[str, Any]:
    """The report as one world sees it: its own model, accounts and failing flows (flow indices kept, so
    the map still links to the report's traces)."""
    prefix = f"[{name}] "
    accounts = {
        acct: {"regions": sorted(info.get("regions", {}) or {}), "assumed": bool(info.get("assumed"))}
        for acct, info in (model.get("accounts", {}) or {}).items()
    }
    flows = [fl if fl["name"].startswith(prefix) else {**fl, "verdict": "other world"} for fl in data["flows"]]
    return {"model": model, "summary": {"accounts": accounts}, "flows": flows}


def map_panels(report: Report, data: dict[str, Any]) -> list[tuple[str, MapLayout]]:
    """``(title, layout)`` of each map: one per world (those with failing flows first), then all together."""
    if not report.worlds:
        return [("", build_map(data))]
    panels = [(name or "(scan root)", build_map(_world_view(data, name, model))) for name, model in report.worlds]
    panels = [p for p in panels if p[1].columns]
    panels.sort(key=lambda p: not any(n.failing_flow is not None for n in p[1].nodes))
    return [*panels, ("all worlds together", build_map(data))]


def flow_order(data: dict[str, Any]) -> list[int]:
    """Indices of the report's flows as the page lists them: failing, then unknown, then passing (stable)."""
    return sorted(range(len(data["flows"])), key=lambda i: _VERDICT_ORDER.get(data["flows"][i]["verdict"], 1))


def fix_language(file: str) -> str:
    """The language a fix for ``file`` is written in, named for the reader (the input's own)."""
    return next((lang for suffix, lang in _FIX_LANGUAGE.items() if file.endswith(suffix)), "")


def render_html(report: Report) -> str:
    data = report_to_dict(report)
    model = data.get("model") or {}
    quotes = [[deciding_statement(model, st["reason"], st["resource"]) for st in fl["steps"]] for fl in data["flows"]]
    label, tone = headline(data["summary"])
    return valid_unicode(environment().get_template("report.html.j2").render(
        report=data, severities=list(reversed(SEVERITIES)), maps=map_panels(report, data), icon=icon,
        join_worlds=JOIN_WORLDS, node_w=NODE_W, data_line=data_versions_line(report.data_versions),
        headline=label, tone=tone, headline_detail=headline_detail(data["summary"]),
        fingerprints=[fingerprint(f) for f in report.findings], flow_order=flow_order(data),
        flow_index={fl.name: i for i, fl in enumerate(report.flows)},
        quotes=quotes, arn=arn_html, prose=text_html, fix_language=fix_language,
        flow_events=[list(fl.events) for fl in report.flows],
    ))
