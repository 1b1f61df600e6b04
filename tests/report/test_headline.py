"""The verdict badge every renderer can share: honest about what was gated and what was not verified."""

from __future__ import annotations

from typing import Any

from iacsim.report.arn_text import short_arn, text_html
from iacsim.report.headline import headline, headline_detail
from iacsim.report.statements import deciding_statement


def _summary(verdict: str, fail_on: str, critical: int = 0, unknown: int = 0, failing_flows: int = 0) -> dict[str, Any]:
    return {"verdict": verdict, "fail_on": fail_on,
            "findings": {"by_severity": {"info": 0, "low": 1, "medium": 0, "high": 0, "critical": critical}},
            "flows": {"fail": failing_flows, "unknown": unknown, "pass": 3}}


def test_fail_on_none_is_never_a_green_pass_above_a_critical_finding() -> None:
    s = _summary("pass", "none", critical=1)
    assert headline(s) == ("NOT GATED", "neutral")
    assert "1 critical" in headline_detail(s) and "--fail-on none" in headline_detail(s)


def test_a_pass_resting_on_unknown_flows_is_not_shown_as_a_plain_pass() -> None:
    assert headline(_summary("pass", "high", unknown=2)) == ("PASS, 2 UNKNOWN", "unknown")
    assert headline(_summary("pass", "high")) == ("PASS", "pass")
    assert "1 low below the gate (high)" in headline_detail(_summary("pass", "high"))


def test_fail_says_what_to_fix() -> None:
    s = _summary("fail", "high", critical=1, failing_flows=2)
    assert headline(s) == ("FAIL", "fail")
    assert headline_detail(s).startswith("Fix before merging — findings at or above high: 1 critical, 1 low")
    assert "unknown key flows" in headline_detail(_summary("fail", "critical", unknown=1))


def test_long_arns_are_shortened_with_account_and_region_and_markup_stays_text() -> None:
    key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    assert short_arn(key) == ("key/1234…90ab", "111122223333, us-east-1")
    assert short_arn("arn:aws:iam::111122223333:role/s3-replication") == ("role/s3-replication", "111122223333")
    html = str(text_html(f"<b>x</b> on {key}"))
    assert html.startswith("&lt;b&gt;x&lt;/b&gt; on ") and f'data-full="{key}"' in html


def test_the_deciding_statement_is_quoted_from_its_policy_in_the_model() -> None:
    doc = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Encrypt", "Resource": "*"}]}
    key = {"kind": "KmsKey", "address": "aws_kms_key.k", "arn": "arn:aws:kms:us-east-1:111122223333:key/k1",
           "key_id": "k1", "policy": {"document": doc}}
    model = {"accounts": {"111122223333": {"regions": {"us-east-1": {"keys": [key]}}}}}
    q = deciding_statement(model, "allowed: key policy statement 'Use' allows kms:Encrypt", key["arn"])
    assert q is not None and q.statement == "'Use'" and q.title.startswith("aws_kms_key.k")
    quoted = q.lines[q.first:q.last + 1]
    assert quoted[0].strip() == "{" and '"Sid": "Use"' in quoted[1] and quoted[-1].strip().startswith("}")
    assert deciding_statement(model, "no statement allows it", key["arn"]) is None
