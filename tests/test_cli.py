"""The command line: formats, outputs, exit codes, parse errors, cache, secrets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from iacsim.cli import main
from iacsim.load import LoadOptions, load_paths

GOOD_TF = '''
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]
}

resource "aws_kms_key" "app" {
  description         = "app key"
  enable_key_rotation = true
}

resource "aws_ssm_parameter" "db_password" {
  name   = "/app/db/password"
  type   = "SecureString"
  value  = "hunter2-SUPER-secret-value"
  key_id = aws_kms_key.app.arn
}

resource "aws_kms_external_key" "imported" {
  key_material_base64 = "S0VZLU1BVEVSSUFMLWRvLW5vdC1wcmludC0xMjM0NTY3ODk="
}
'''

BROKEN_TF = '''
resource "aws_kms_key" "broken" {
  description = "unterminated
}
'''


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "main.tf").write_text(GOOD_TF)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "main.tf").write_text(BROKEN_TF)
    return tmp_path


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IACSIM_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_parse_error_names_file_and_line_and_other_files_still_load(repo: Path) -> None:
    code, out, _ = run("plan", str(repo), "--format", "json")
    report = json.loads(out)
    parse = [f for f in report["findings"] if f["category"] == "parse-error"]
    assert [(f["rule_id"], f["file"]) for f in parse] == [("PARSE001", "bad/main.tf")]
    assert parse[0]["line"] in (3, 4)
    assert report["summary"]["resources_by_type"] == {"aws_kms_external_key": 1, "aws_kms_key": 1,
                                                      "aws_ssm_parameter": 1}
    assert report["summary"]["accounts"] == {"123456789012": {"regions": ["eu-west-1"], "assumed": False}}
    assert code == 1  # the parse error is high severity: the exit code says the scan is incomplete


def test_clean_scan_exits_zero_and_validates_against_schema(repo: Path, tmp_path: Path) -> None:
    import importlib.resources

    out_file = tmp_path / "report.json"
    code, _, err = run("plan", str(repo / "good"), "--format", "json", "-o", str(out_file))
    assert code == 0, err
    data = json.loads(out_file.read_text())
    schema = json.loads((importlib.resources.files("iacsim.schemas") / "report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["summary"]["verdict"] == "pass" and data["summary"]["files"] == ["main.tf"]


def test_fail_on_none_never_fails(repo: Path) -> None:
    code, out, _ = run("plan", str(repo), "--fail-on", "none", "-q")
    assert code == 0
    assert out.startswith("iacsim NOT GATED  1 findings (1 high)") and len(out.splitlines()) == 1


def test_text_in_a_pipe_is_one_line_per_finding_relative_to_the_current_directory(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    code, out, _ = run("plan", "bad", "good")
    lines = out.splitlines()
    parse = [line for line in lines if "PARSE001" in line]
    assert code == 1 and len(parse) == 1
    assert re.match(r"bad/main\.tf:[34]  HIGH  PARSE001  bad/main\.tf  expected the closing", parse[0])
    assert any(len(line) > 80 for line in lines)  # not wrapped at the pipe's 80 columns
    quiet = run("plan", "bad", "good", "-q")[1].splitlines()
    assert quiet[0].startswith("iacsim FAIL") and quiet[1:] == parse
    assert run("plan", "good", "-q")[1].startswith("iacsim PASS  0 findings (no findings)")


@pytest.mark.parametrize("args", [
    ("plan", "/definitely/not/here"),
    ("plan", ".", "--var", "novalue"),
    ("plan", ".", "--format", "yaml"),
    ("plan", ".", "--report", "pdf:x.pdf"),
    ("plan",),
])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert run(*args)[0] == 2


def test_bad_config_exits_2_naming_the_key(repo: Path) -> None:
    (repo / ".iacsim.yml").write_text("stacks:\n  - template: x.yaml\n    colour: red\n")
    code, _, err = run("plan", str(repo))
    assert code == 2
    assert "stacks[0].colour: unknown key" in err


def test_extra_reports_come_from_one_scan(repo: Path, tmp_path: Path) -> None:
    files = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "sarif", "markdown", "html")}
    args = ["plan", str(repo / "good"), "-q"]
    for fmt, path in files.items():
        args += ["--report", f"{fmt}:{path}"]
    assert run(*args)[0] == 0
    assert json.loads(files["sarif"].read_text())["version"] == "2.1.0"
    assert files["markdown"].read_text().startswith("<!-- iacsim-report -->")
    assert files["html"].read_text().lstrip().startswith("<!DOCTYPE html>")


def test_step_summary_is_appended_in_github_actions(repo: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run("plan", str(repo / "good"), "-q")
    text = summary.read_text()
    assert text.startswith("earlier step\n") and "iacsim: **PASS**" in text


def test_secret_values_never_reach_any_output(repo: Path, tmp_path: Path) -> None:
    secrets = ("hunter2-SUPER-secret-value", "S0VZLU1BVEVSSUFMLWRvLW5vdC1wcmludC0xMjM0NTY3ODk=")
    outputs = []
    for fmt in ("text", "json", "sarif", "markdown", "html"):
        outputs.append(run("plan", str(repo / "good"), "--format", fmt, "-v")[1])
    outputs.append(run("translate", str(repo / "good"))[1])
    assert all(out for out in outputs)
    for out in outputs:
        for secret in secrets:
            assert secret not in out


def test_translate_writes_the_model(repo: Path) -> None:
    code, out, _ = run("translate", str(repo / "good"))
    assert code == 0
    model = json.loads(out)
    assert "123456789012" in json.dumps(model)


def test_parse_cache_is_used_on_the_second_scan(repo: Path, tmp_path: Path) -> None:
    opts = LoadOptions(cache_dir=tmp_path / "c")
    first = load_paths([repo], opts)
    second = load_paths([repo], opts)
    assert (first.cache_hits, first.cache_misses) == (0, 2)
    assert (second.cache_hits, second.cache_misses) == (2, 0)
    assert [r.address for r in first.result.resources] == [r.address for r in second.result.resources]
    # the broken file stays broken when served from the cache
    assert [d.file for d in second.result.diagnostics if d.severity == "error"] == ["bad/main.tf"]


def test_no_cache_writes_nothing(repo: Path, tmp_path: Path) -> None:
    load_paths([repo], LoadOptions(use_cache=False, cache_dir=tmp_path / "nc"))
    assert not (tmp_path / "nc").exists()


def test_large_scans_parse_in_worker_processes(tmp_path: Path) -> None:
    for i in range(40):
        d = tmp_path / f"m{i}"
        d.mkdir()
        (d / "main.tf").write_text(f'resource "aws_kms_key" "k{i}" {{\n  description = "k{i}"\n}}\n')
    (tmp_path / "m7" / "bad.tf").write_text('resource "x" {\n')
    loaded = load_paths([tmp_path], LoadOptions(use_cache=False, workers=2))
    assert len([r for r in loaded.result.resources if r.type == "aws_kms_key"]) == 40
    assert [d.file for d in loaded.result.diagnostics if d.severity == "error"] == ["m7/bad.tf"]


def test_baseline_suppresses_known_findings_only(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, _, err = run("plan", str(repo), "--create-baseline", str(baseline), "-q")
    assert code == 0 and "baseline of 1 findings" in err
    code, out, _ = run("plan", str(repo), "--baseline", str(baseline), "--format", "json")
    data = json.loads(out)
    assert code == 0
    (parse,) = [f for f in data["findings"] if f["rule_id"] == "PARSE001"]
    assert parse["suppressed"] is True and parse["suppression_reason"] == "in baseline"
    # a new problem is not covered by the baseline
    (repo / "bad" / "other.tf").write_text('resource "aws_kms_key" "x" {\n  description = \n}\n')
    code, out, _ = run("plan", str(repo), "--baseline", str(baseline), "--format", "json")
    assert code == 1
    active = [f["file"] for f in json.loads(out)["findings"] if not f.get("suppressed")]
    assert active == ["bad/other.tf"]


def test_bad_baseline_file_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text('{"not": "a baseline"}')
    code, _, err = run("plan", str(repo), "--baseline", str(bad))
    assert code == 2 and "not an iacsim baseline" in err


def test_a_json_document_that_is_not_json_is_a_finding_naming_resource_file_and_line(tmp_path: Path) -> None:
    """AWS rejects an invalid policy document at apply (MalformedPolicyDocumentException) and an invalid
    container_definitions at RegisterTaskDefinition: each is a PARSE005 finding, and the scan goes on."""
    (tmp_path / "main.tf").write_text('''provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_kms_key" "k" {
  policy = "{bad"
}
resource "aws_secretsmanager_secret_policy" "p" {
  secret_arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:x-abcdef"
  policy     = "{\\"Statement\\": ["
}

resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = "[{not json"
}
resource "aws_kms_key" "fine" {
  enable_key_rotation = true
}
''')
    code, out, _ = run("plan", str(tmp_path), "--format", "json", "--no-cache")
    report = json.loads(out)
    parse = sorted((f["rule_id"], f["resource"], f["file"], f["line"]) for f in report["findings"]
                   if f["category"] == "parse-error")
    assert parse == [("PARSE005", "aws_ecs_task_definition.t", "main.tf", 13),
                     ("PARSE005", "aws_kms_key.k", "main.tf", 5),
                     ("PARSE005", "aws_secretsmanager_secret_policy.p", "main.tf", 8)]
    messages = {f["resource"]: f["message"] for f in report["findings"] if f["rule_id"] == "PARSE005"}
    assert messages["aws_ecs_task_definition.t"].startswith("container_definitions: invalid JSON")
    assert report["summary"]["resources_by_type"]["aws_kms_key"] == 2
    assert code == 1


def test_a_valid_document_gives_no_parse_finding(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('''resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
''')
    _, out, _ = run("plan", str(tmp_path), "--format", "json", "--no-cache", "--fail-on", "none")
    assert [f for f in json.loads(out)["findings"] if f["category"] == "parse-error"] == []
