"""Through the lead's entry point: the cached parallel parser, syntax errors crossing it, options mapping."""

from __future__ import annotations

from pathlib import Path

from tf_helpers import FIXTURES

from iacsim.load import LoadOptions, load_paths


def test_load_paths_uses_the_terraform_loader_with_cached_parses(tmp_path: Path) -> None:
    options = LoadOptions(cache_dir=tmp_path / "cache", vars=(("owner", "cli"),),
                          var_files=(FIXTURES / "basic-extra.tfvars",))
    first = load_paths([FIXTURES / "basic"], options)
    second = load_paths([FIXTURES / "basic"], options)
    assert second.cache_hits >= 1
    for scan in (first, second):
        resources = {r.address: r for r in scan.result.resources}
        assert resources["aws_ssm_parameter.db"].attrs["tags"] == {"Owner": "cli"}
        assert resources["aws_kms_key.this[0]"].placement.account == "123456789012"
    assert [r.address for r in first.result.resources] == [r.address for r in second.result.resources]


def test_syntax_error_from_the_cached_parser_is_a_parse_error_finding(tmp_path: Path) -> None:
    scan = load_paths([FIXTURES / "parse_error"], LoadOptions(cache_dir=tmp_path / "cache"))
    assert [r.address for r in scan.result.resources] == ["aws_kms_key.fine"]
    assert [(d.file, d.line, d.code) for d in scan.result.diagnostics] == [("bad.tf", 2, "parse-error")]
