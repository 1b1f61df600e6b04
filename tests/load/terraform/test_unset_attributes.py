"""Attributes a resource does not set are known after apply: reading one is Unknown, not an error."""

from pathlib import Path

from iacsim.load import LoadOptions, load_paths
from iacsim.values import Unknown


def test_reading_an_unset_attribute_gives_an_unknown_naming_it(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_role" "lambda" {\n  name_prefix        = "lambda-"\n  assume_role_policy = "{}"\n}\n'
        'resource "aws_ssm_parameter" "p" {\n  name  = "/x"\n  type  = "String"\n'
        '  value = aws_iam_role.lambda.name\n}\n'
        'locals {\n  fallback = try(aws_iam_role.lambda.name, "default")\n}\n'
        'resource "aws_ssm_parameter" "q" {\n  name  = "/y"\n  type  = "String"\n  value = local.fallback\n}\n')
    loaded = load_paths([tmp_path], LoadOptions(use_cache=False))
    assert [d for d in loaded.result.diagnostics if d.severity != "info"] == []
    by_address = {r.address: r for r in loaded.result.resources}
    value = by_address["aws_ssm_parameter.p"].attrs["value"]
    assert isinstance(value, Unknown) and value.ref == "aws_iam_role.lambda.name"
    # Terraform's try() keeps an unknown (it does not fall back on "known after apply")
    assert isinstance(by_address["aws_ssm_parameter.q"].attrs["value"], Unknown)
