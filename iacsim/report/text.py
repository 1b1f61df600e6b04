"""The default terminal summary, drawn with rich.

rich honours ``NO_COLOR``, ``FORCE_COLOR`` and non-TTY output by itself, so
piping to a file gives plain text with no escape codes. Strings from the input
pass through :func:`iacsim.report.escape.terminal` and are never read as rich
markup: a resource name cannot recolour, hyperlink or rewrite the CI log.
"""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from iacsim.report.data import JOIN_WORLDS, Report, several_worlds
from iacsim.report.escape import terminal as t

_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_VERDICT_STYLE = {"pass": "green", "fail": "bold red", "unknown": "yellow"}


def render_text(report: Report, console: Console, verbose: bool = False) -> None:
    s = report.summary
    verdict = s["verdict"]
    head = Text()
    head.append("iacsim ", style="bold")
    head.append("PASS" if verdict == "pass" else "FAIL", style=_VERDICT_STYLE[verdict])
    head.append(f"  {s['files_read']} files, {s['resources']} resources, "
                f"{s['findings']['total']} findings, {s['flows']['total']} flows "
                f"(fail on {s['fail_on']}{', and on unknown key flows' if s.get('fail_on_unknown') else ''})")
    console.print(head)
    cov = report.coverage
    if cov.summary_line:
        console.print(Text(t(cov.summary_line), style=_VERDICT_STYLE["unknown"]))

    if report.diff is not None:
        d = report.diff
        console.print(f"Since {t(d['base'])}: {len(d['findings']['new'])} new, {len(d['findings']['fixed'])} fixed findings; "
                      f"{len(d['flows']['changed'])} flows changed; cost {d['cost']['monthly_delta']:+.2f} USD/month",
                      markup=False, highlight=False)

    if s["accounts"]:
        console.print(Text("Accounts × regions", style="bold"))
        for acct, info in s["accounts"].items():
            label = f"  {t(acct)}" + (" (assumed)" if info["assumed"] else "")
            console.print(f"{label}: {t(', '.join(info['regions']))}", markup=False)

    worlds = several_worlds(s)
    if worlds:
        console.print(Text(f"Worlds ({len(worlds)})", style="bold"))
        for w in worlds:
            units = "" if w["units"] == [w["name"]] else f" [{', '.join(w['units'])}]"
            console.print(f"  {t(w['name'])}{t(units)}: {t(w['why'])}", markup=False, highlight=False)
        console.print(Text(f"  {JOIN_WORLDS}", style="dim"))

    if verbose and s["resources_by_type"]:
        table = Table(title="Resources by type", show_edge=False, pad_edge=False)
        table.add_column("type")
        table.add_column("count", justify="right")
        for rtype, count in s["resources_by_type"].items():
            table.add_row(Text(t(rtype)), str(count))
        console.print(table)

    active = report.active_findings()
    if active:
        console.print(Text("Findings", style="bold"))
        for file, group in groupby(sorted(active, key=lambda f: (f.file, f.line)), key=lambda f: f.file):
            console.print(Text(t(file), style="underline"))
            for f in group:
                line = Text(f"  {f.line:>4}  ")
                line.append(f"{f.severity.upper():<8}", style=_SEVERITY_STYLE.get(f.severity, ""))
                line.append(f" {f.rule_id}  ", style="bold")
                line.append(f"{t(f.resource)}: {t(f.message)}")
                console.print(line)
                if f.fix:
                    console.print(Text(f"        fix: {t(f.fix)}", style="dim"))
                for call in f.module_calls:
                    via = f" (argument {t(call.argument)})" if call.argument else ""
                    console.print(Text(f"        via {t(call.module)} at {t(call.file)}:{call.line}{via}", style="dim"))

    failing_flows = [fl for fl in report.flows if fl.verdict != "pass"]
    for fl in failing_flows:
        console.print(Text.assemble((f"{fl.verdict.upper()} ", _VERDICT_STYLE[fl.verdict]), (t(fl.kind), "bold"), f"  {t(fl.name)}"))
        for i, step in enumerate(fl.steps, 1):
            style = "green" if step.decision == "allowed" else "red" if step.decision in ("denied", "error") else "yellow"
            console.print(Text.assemble(f"  {i}. {t(step.principal)} → {t(step.action)} → {t(step.resource)}: ",
                                        (step.decision, style)))
            console.print(Text(f"     {t(step.reason)}", style="dim"))

    _coverage(report, console)

    if report.assumptions:
        console.print(Text("Assumptions", style="bold"))
        for a in report.assumptions:
            console.print(f"  - {t(a)}", markup=False)


def _coverage(report: Report, console: Console) -> None:
    """What the scan could not read or simulate (notices, not findings) and why flows are unknown."""
    cov = report.coverage
    if not (cov.notices or cov.unmodelled_types or cov.not_replayed or cov.unknown_reasons):
        return
    console.print(Text("Coverage (not findings: what the scan could not see, and what to do)", style="bold"))
    for (code, what_to_do), group in cov.notice_groups():
        console.print(Text(f"  {len(group)} × {t(code)}: {t(what_to_do)}"))
        for n in group:
            console.print(Text(f"      {t(n.file)}:{n.line}  {t(n.message)}", style="dim"))
    if cov.unmodelled_types:
        total = sum(u.count for u in cov.unmodelled_types)
        console.print(Text(f"  {total} × resource type not simulated: {t(cov.unmodelled_types[0].what_to_do)}"))
        console.print(Text("      " + t(", ".join(f"{u.type} ({u.count})" for u in cov.unmodelled_types)),
                           style="dim"))
    for gap in cov.not_replayed:
        console.print(Text(f"  not replayed: {t(gap.resource)} ({t(gap.type)}) {t(gap.attribute)} → {t(gap.what)}: "
                           f"{t(gap.what_to_do)}"))
    for r in cov.unknown_reasons:
        console.print(Text(f"  {r.count} × unknown flow, {t(r.label)}: {t(r.how_to_supply)}"))
