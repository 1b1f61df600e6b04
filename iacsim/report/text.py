"""The default terminal summary, drawn with rich.

Written for CI logs as much as for terminals: every finding is one line, ``file:line  SEVERITY  RULE
resource  message``, never wrapped (``soft_wrap``), so ``grep`` finds it and editors and CI logs make
``file:line`` a link; what explains it (its fix, the ``module`` calls that created it, the replayed
flow's trace) is indented below it. Paths are shown relative to the current directory, else to the
repository root (:func:`iacsim.report.paths.shown_path`); the report data keeps scan-root-relative paths.

rich honours ``NO_COLOR``, ``FORCE_COLOR`` and non-TTY output by itself, so piping to a file gives plain
text with no escape codes. Strings from the input pass through :func:`iacsim.report.escape.terminal` and
are never read as rich markup: a resource name cannot recolour, hyperlink or rewrite the CI log.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from iacsim.findings import SEVERITIES, Finding, FlowResult, severity_rank
from iacsim.report.data import JOIN_WORLDS, Report, data_versions_line, several_worlds
from iacsim.report.escape import terminal as t
from iacsim.report.headline import headline
from iacsim.report.paths import shown_path

_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_VERDICT_STYLE = {"pass": "green", "fail": "bold red", "unknown": "yellow"}
_TONE_STYLE = {"pass": "green", "fail": "bold red", "unknown": "yellow", "neutral": "bold yellow"}
_TRACE = "    "
"""Indent of what belongs to the finding line above it."""


def verdict_label(summary: dict[str, Any]) -> str:
    """The badge's label (:func:`iacsim.report.headline.headline`): ``FAIL``, ``PASS``, ``PASS, N UNKNOWN`` or
    ``NOT GATED`` — a scan told not to gate (``--fail-on none``) never shows a green PASS."""
    return headline(summary)[0]


def severity_counts(summary: dict[str, Any]) -> str:
    """``2 critical, 1 high`` (non-zero severities, most severe first), or ``no findings``."""
    by = summary["findings"].get("by_severity", {})
    parts = [f"{by[s]} {s}" for s in reversed(SEVERITIES) if by.get(s)]
    return ", ".join(parts) if parts else "no findings"


def _print(console: Console, text: Text | str) -> None:
    """One logical line, never wrapped: a CI log (80 columns when not a TTY) keeps it greppable."""
    if isinstance(text, str):
        console.print(text, markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(text, soft_wrap=True)


def _verdict_line(report: Report) -> Text:
    s = report.summary
    label, tone = headline(s)
    head = Text()
    head.append("iacsim ", style="bold")
    head.append(label, style=_TONE_STYLE[tone])
    fl = s["flows"]
    flows = f"{fl['total']} flows" + (f" ({', '.join(f'{fl[v]} {v}' for v in ('fail', 'unknown') if fl.get(v))})"
                                      if fl.get("fail") or fl.get("unknown") else "")
    gate = ("--fail-on none: findings do not set the exit code" if s["fail_on"] == "none"
            else f"fail on {s['fail_on']}")
    head.append(f"  {s['findings']['total']} findings ({severity_counts(s)}), {flows}, "
                f"{s['files_read']} files, {s['resources']} resources "
                f"({gate}{', and on unknown key flows' if s.get('fail_on_unknown') else ''})")
    return head


def _cost_line(cost: dict[str, Any]) -> str | None:
    """The monthly estimate from the report's cost section, when there is one."""
    total = cost.get("monthly_total")
    if total is None:
        return None
    currency = cost.get("currency", "USD")
    line = f"Estimated cost: {total:.2f} {currency}/month"
    after = cost.get("monthly_total_after_rotations")
    if after is not None and after != total:
        line += f" ({after:.2f} after key rotations)"
    year = cost.get("first_year_total")
    if year is not None:
        line += f", {year:.2f} in the first year"
    return line


def _resource(root: str, f: Finding) -> str:
    """The resource without its file when the address starts with it (CloudFormation ``file#Resources/X``);
    a file standing for itself (a parse error) is shown as the file is."""
    prefix = f"{f.file}#"
    if f.file and f.resource == f.file:
        return shown_path(root, f.file)
    return f.resource[len(prefix):] if f.resource.startswith(prefix) else f.resource


def _order(f: Finding) -> tuple[int, str, int, str]:
    """Most severe first, then by place: what gates the build is at the top of the log."""
    return -severity_rank(f.severity), f.file, f.line, f.rule_id


def finding_line(report: Report, f: Finding) -> Text:
    """``file:line  SEVERITY  RULE  resource  message``: one line, paths as the reader's shell sees them."""
    line = Text(f"{t(shown_path(report.root, f.file))}:{f.line}  " if f.file else "")
    line.append(f.severity.upper(), style=_SEVERITY_STYLE.get(f.severity, ""))
    line.append(f"  {t(f.rule_id)}", style="bold")
    line.append(f"  {t(_resource(report.root, f))}  {t(f.message)}")
    return line


def _steps(console: Console, fl: FlowResult, indent: str) -> None:
    for i, step in enumerate(fl.steps, 1):
        style = "green" if step.decision == "allowed" else "red" if step.decision in ("denied", "error") else "yellow"
        _print(console, Text.assemble(f"{indent}{i}. {t(step.principal)} → {t(step.action)} → {t(step.resource)}: ",
                                      (step.decision, style)))
        _print(console, Text(f"{indent}   {t(step.reason)}", style="dim"))


def _finding(console: Console, report: Report, f: Finding, flows: dict[str, FlowResult]) -> None:
    _print(console, finding_line(report, f))
    for call in f.module_calls:
        via = f" (argument {t(call.argument)})" if call.argument else ""
        _print(console, Text(f"{_TRACE}via {t(call.module)} at {t(shown_path(report.root, call.file))}:{call.line}"
                             f"{via}", style="dim"))
    if f.fix:
        _print(console, Text(f"{_TRACE}fix: {t(f.fix)}", style="dim"))
    fl = flows.get(f.flow) if f.flow else None
    if fl is not None and fl.steps:
        _print(console, Text.assemble(f"{_TRACE}trace ", (fl.verdict, _VERDICT_STYLE[fl.verdict]),
                                      f" {t(fl.kind)}: {t(fl.name)}"))
        _steps(console, fl, _TRACE + "  ")


def render_text(report: Report, console: Console, verbose: bool = False, quiet: bool = False) -> None:
    """The summary; ``quiet`` prints only the verdict line and the finding lines at or above ``--fail-on``."""
    s = report.summary
    _print(console, _verdict_line(report))
    if quiet:
        for f in sorted(report.failing(s["fail_on"]), key=_order):
            _print(console, finding_line(report, f))
        return
    cov = report.coverage
    if cov.summary_line:
        _print(console, Text(t(cov.summary_line), style=_VERDICT_STYLE["unknown"]))
    cost = _cost_line(report.cost)
    if cost:
        _print(console, cost)

    if report.diff is not None:
        d = report.diff
        _print(console, f"Since {t(d['base'])}: {len(d['findings']['new'])} new, {len(d['findings']['fixed'])} "
                        f"fixed findings; {len(d['flows']['changed'])} flows changed; "
                        f"cost {d['cost']['monthly_delta']:+.2f} USD/month")

    if s["accounts"]:
        _print(console, Text("Accounts × regions", style="bold"))
        for acct, info in s["accounts"].items():
            label = f"  {t(acct)}" + (" (assumed)" if info["assumed"] else "")
            _print(console, f"{label}: {t(', '.join(info['regions']))}")

    worlds = several_worlds(s)
    if worlds:
        _print(console, Text(f"Worlds ({len(worlds)})", style="bold"))
        for w in worlds:
            units = "" if w["units"] == [w["name"]] else f" [{', '.join(w['units'])}]"
            _print(console, f"  {t(w['name'])}{t(units)}: {t(w['why'])}")
        _print(console, Text(f"  {JOIN_WORLDS}", style="dim"))

    if verbose and s["resources_by_type"]:
        table = Table(title="Resources by type", show_edge=False, pad_edge=False)
        table.add_column("type")
        table.add_column("count", justify="right")
        for rtype, count in s["resources_by_type"].items():
            table.add_row(Text(t(rtype)), str(count))
        console.print(table)

    flows = {fl.name: fl for fl in report.flows}
    active = report.active_findings()
    if active:
        _print(console, Text("Findings", style="bold"))
        for f in sorted(active, key=_order):
            _finding(console, report, f, flows)

    traced = {f.flow for f in active if f.flow}
    other = [fl for fl in report.flows if fl.verdict != "pass" and fl.name not in traced]
    if other:
        _print(console, Text("Flows that did not pass, without a finding above", style="bold"))
    for fl in other:
        _print(console, Text.assemble((f"{fl.verdict.upper()} ", _VERDICT_STYLE[fl.verdict]), (t(fl.kind), "bold"),
                                      f"  {t(fl.name)}"))
        _steps(console, fl, "  ")

    _coverage(report, console)

    if report.assumptions:
        _print(console, Text("Assumptions", style="bold"))
        for a in report.assumptions:
            _print(console, f"  - {t(a)}")

    if verbose and report.data_versions:
        console.print(Text(f"AWS data: {data_versions_line(report.data_versions)}", style="dim"))


def _coverage(report: Report, console: Console) -> None:
    """What the scan could not read or simulate (notices, not findings) and why flows are unknown."""
    cov = report.coverage
    if not (cov.notices or cov.unmodelled_types or cov.not_replayed or cov.unknown_reasons):
        return
    _print(console, Text("Coverage (not findings: what the scan could not see, and what to do)", style="bold"))
    for (code, what_to_do), group in cov.notice_groups():
        _print(console, Text(f"  {len(group)} × {t(code)}: {t(what_to_do)}"))
        for n in group:
            _print(console, Text(f"      {t(shown_path(report.root, n.file))}:{n.line}  {t(n.message)}", style="dim"))
    if cov.unmodelled_types:
        total = sum(u.count for u in cov.unmodelled_types)
        _print(console, Text(f"  {total} × resource type not simulated: {t(cov.unmodelled_types[0].what_to_do)}"))
        _print(console, Text("      " + t(", ".join(f"{u.type} ({u.count})" for u in cov.unmodelled_types)),
                             style="dim"))
    for gap in cov.not_replayed:
        _print(console, Text(f"  not replayed: {t(gap.resource)} ({t(gap.type)}) {t(gap.attribute)} → {t(gap.what)}: "
                             f"{t(gap.what_to_do)}"))
    for r in cov.unknown_reasons:
        _print(console, Text(f"  {r.count} × unknown flow, {t(r.label)}: {t(r.how_to_supply)}"))
