"""``--format markdown``: a pull-request comment or job summary.

Order: verdict line, counts, the unknown-flow line (how many, why, how to supply
the value), failing flows, then findings from the most severe down, each with its
fix and, inside a module, the module call; then unknown flows and the coverage
section (notices, not findings); long sections fold into ``<details>``. The
whole comment stays under GitHub's limit of 65,536 characters per comment
body, with a note saying what was cut.
"""

from __future__ import annotations

from typing import Any

from iacsim.findings import SEVERITIES, Finding, FlowResult
from iacsim.report.data import JOIN_WORLDS, Coverage, Report, several_worlds
from iacsim.report.escape import markdown_code, markdown_text, valid_unicode
from iacsim.report.headline import headline

GITHUB_COMMENT_LIMIT = 65_536
_MARKER = "<!-- iacsim-report -->"
"""Lets the GitHub Action find and update its own comment instead of adding another."""
_ICON = {"pass": "✅", "fail": "❌", "unknown": "❔"}
_TONE_ICON = {"pass": "✅", "fail": "❌", "unknown": "⚠️", "neutral": "⚠️"}
"""The verdict line's icon: a scan that gates on nothing (``--fail-on none``), or a pass resting on unknown
flows, never gets a green tick."""


def _escape(text: str) -> str:
    # Table cells: a pipe or newline would break the row; angle brackets would become HTML; a link
    # or image in a resource name would be rendered in the pull request (see report/escape.py).
    return markdown_text(text)


def _flow_block(fl: FlowResult) -> str:
    lines = [f"<details><summary>{_ICON.get(fl.verdict, '')} <b>{_escape(fl.kind)}</b> — "
             f"{_escape(fl.name)}</summary>", "", "| # | principal | action | resource | decision | why |",
             "|---|---|---|---|---|---|"]
    for i, st in enumerate(fl.steps, 1):
        lines.append(f"| {i} | {markdown_code(st.principal)} | {markdown_code(st.action)} | "
                     f"{markdown_code(st.resource)} | {_escape(st.decision)} | {_escape(st.reason)} |")
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def _diff_section(diff: dict[str, Any]) -> str:
    f, fl, cost = diff["findings"], diff["flows"], diff["cost"]
    lines = [f"### Changes since {markdown_code(diff['base'])}", "",
             f"**{len(f['new'])} new**, **{len(f['fixed'])} fixed**, {f['unchanged']} unchanged findings · "
             f"{len(fl['changed'])} flows changed verdict · cost "
             f"{'+' if cost['monthly_delta'] >= 0 else '−'}${abs(cost['monthly_delta']):.2f}/month "
             f"(${cost['monthly_before']:.2f} → ${cost['monthly_after']:.2f})", ""]
    for item in f["new"]:
        lines.append(f"- 🆕 {item['severity']} `{item['rule_id']}` {markdown_code(item['resource'])}: "
                     f"{_escape(item['message'])}")
    for item in f["fixed"]:
        lines.append(f"- ✅ fixed `{item['rule_id']}` {markdown_code(item['resource'])}")
    for ch in fl["changed"]:
        lines.append(f"- flow {_escape(ch['kind'])} {_escape(ch['name'])}: {ch['before']} → {ch['after']}")
    return "\n".join(lines) + "\n"


def _coverage_section(c: Coverage) -> str:
    """Notices (not findings), unmodelled types and why flows are unknown, each with what to do."""
    lines = ["<details><summary>Coverage: "
             f"{len(c.notices)} notices, {sum(u.count for u in c.unmodelled_types)} resources of types not simulated, "
             f"{c.unknown_flows} unknown flows (not findings)</summary>", "",
             "| count | what the scan could not see | what to do |", "|---|---|---|"]
    for (code, what_to_do), group in c.notice_groups():
        where = ", ".join(markdown_code(f"{n.file}:{n.line}") for n in group[:10])
        more = f" and {len(group) - 10} more" if len(group) > 10 else ""
        lines.append(f"| {len(group)} | {markdown_code(code)} — {where}{more} | {_escape(what_to_do)} |")
    for u in c.unmodelled_types:
        lines.append(f"| {u.count} | type not simulated: {markdown_code(u.type)} | {_escape(u.what_to_do)} |")
    for n in c.not_replayed:
        lines.append(f"| 1 | not replayed: {markdown_code(n.resource)} {markdown_code(n.attribute)} → "
                     f"{_escape(n.what)} | {_escape(n.what_to_do)} |")
    for r in c.unknown_reasons:
        lines.append(f"| {r.count} | unknown flow: {_escape(r.label)} | {_escape(r.how_to_supply)} |")
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def _finding_row(f: Finding) -> str:
    fix = f"<br>**Fix:** {_escape(f.fix)}" if f.fix else ""
    where = markdown_code(f"{f.file}:{f.line}")
    if f.module_calls:
        where += "<br>via " + " → ".join(
            markdown_code(f"{c.file}:{c.line}") + (f" ({_escape(c.argument)})" if c.argument else "")
            for c in f.module_calls)
    return f"| {f.severity} | `{f.rule_id}` | {markdown_code(f.resource)} | {where} | {_escape(f.message)}{fix} |"


def render_markdown(report: Report, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    s = report.summary
    label, tone = headline(s)
    sev = s["findings"]["by_severity"]
    head = [
        _MARKER,
        f"## {_TONE_ICON[tone]} iacsim: **{label}** (fail on {s['fail_on']})",
        "",
        f"{s['files_read']} files · {s['resources']} resources · {s['findings']['total']} findings "
        f"({', '.join(f'{sev[x]} {x}' for x in reversed(SEVERITIES) if sev[x])}"
        f"{'none' if not s['findings']['total'] else ''}) · flows: {s['flows']['pass']} pass, "
        f"{s['flows']['fail']} fail, {s['flows']['unknown']} unknown",
        "",
    ]
    worlds = several_worlds(s)
    if worlds:
        head += [f"Simulated as {len(worlds)} independent worlds: "
                 + ", ".join(markdown_code(w["name"]) for w in worlds) + f" ({_escape(JOIN_WORLDS)})", ""]
    cov = report.coverage
    if cov.summary_line:
        head += [f"{_ICON['unknown']} {_escape(cov.summary_line)}", ""]
    sections: list[str] = []
    if report.diff is not None:
        sections.append(_diff_section(report.diff))
    failing = [fl for fl in report.flows if fl.verdict == "fail"]
    if failing:
        sections.append("### Failing flows\n")
        sections.extend(_flow_block(fl) for fl in failing)
    active = report.active_findings()
    if active:
        sections.append("### Findings\n\n| severity | rule | resource | location | message |\n|---|---|---|---|---|")
        sections.extend(_finding_row(f) for f in active)
        sections.append("")
    unknown = [fl for fl in report.flows if fl.verdict == "unknown"]
    if unknown:
        sections.append(f"<details><summary>{len(unknown)} flows could not be verified</summary>\n")
        sections.extend(_flow_block(fl) for fl in unknown)
        sections.append("</details>\n")
    if cov.notices or cov.unmodelled_types or cov.not_replayed or cov.unknown_reasons:
        sections.append(_coverage_section(cov))
    if report.cost.get("monthly_total") is not None:
        sections.append(f"**Estimated monthly cost:** ${report.cost['monthly_total']:.2f}\n")

    out = "\n".join(head)
    budget = limit - 300  # room for the truncation note
    kept = 0
    for part in sections:
        if len(out) + len(part) + 1 > budget:
            break
        out += part + "\n"
        kept += 1
    if kept < len(sections):
        cut = len(sections) - kept
        out += (f"\n> ✂️ {cut} more section(s) were cut to fit GitHub's comment size; "
                "see the HTML report or SARIF results for everything.\n")
    return valid_unicode(out)
