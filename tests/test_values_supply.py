"""An Unknown says which input is missing and the option that supplies it (issue 13, "Honest verdicts")."""

from __future__ import annotations

import pytest

from iacsim.values import Unknown, how_to_supply, unknown_because


@pytest.mark.parametrize(("value", "expected"), [
    (Unknown('variable "dest_account" has no value', "var.dest_account"),
     ("variable dest_account", "--var dest_account=…")),
    (Unknown("heredoc", "var.dest_account", template='{"AWS": "${var.dest_account}", "B": "${var.source_account}"}'),
     ("variables dest_account, source_account", "--var dest_account=… --var source_account=…")),
    (Unknown("parameter Key has no default", "stack.yaml#Parameters/LambdaLogsCloudWatchKMSKey"),
     ("parameter LambdaLogsCloudWatchKMSKey", "--cfn-param LambdaLogsCloudWatchKMSKey=…")),
    (Unknown('remote module "kms" not downloaded', "module.kms.key_arn"),
     ("module.kms.key_arn", "terraform init before the scan")),
    (Unknown("known after apply", "aws_kms_key.a.arn"), None),
    (Unknown('required input "x" of module.m is not set', "module.m.var.x"), None),
])
def test_how_to_supply_reads_the_ref(value: Unknown, expected: tuple[str, str] | None) -> None:
    assert how_to_supply(value) == expected


def test_unknown_because_is_a_clause_or_nothing() -> None:
    assert unknown_because(Unknown("x", "var.a")) == " (variable a has no value: give it with --var a=…)"
    assert unknown_because(Unknown("not downloaded")) == (
        " (a module that is not downloaded is not read: run terraform init before the scan)")
    assert unknown_because(Unknown("known after apply")) == ""
