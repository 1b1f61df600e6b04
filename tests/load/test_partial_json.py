"""JSON written as a template with unknown parts (a heredoc policy): what is known of it.

docs/architecture.md §4: one unknown value blanks out only what it can change. A heredoc policy whose
``Resource`` is the ARN of a queue named at apply is known but for that element; JSON that is invalid
whatever its unknown strings are is reported invalid, not unknown.
"""

from __future__ import annotations

from pathlib import Path

from iacsim.load.partial_json import partially_known_text
from iacsim.model.translate.attrs import parse_policy
from iacsim.values import InvalidJson, Unknown
from tests.load.terraform.tf_helpers import load_dir, write_tree

ARN = Unknown("known after apply", "aws_sqs_queue.q.arn")
NAME = Unknown("queue name generated at apply time", "aws_sqs_queue.q.name",
               template="jobs-${aws_sqs_queue.q.generated_suffix}")


def test_an_unknown_inside_a_string_blanks_out_that_element_only() -> None:
    doc = partially_known_text(['{"Statement": [{"Effect": "Allow", "Principal": "*", "Resource": "', ARN, '"}]}'])
    assert doc == {"Statement": [{"Effect": "Allow", "Principal": "*", "Resource": ARN}]}


def test_text_around_an_unknown_part_keeps_the_string_template() -> None:
    doc = partially_known_text(['{"Resource": "arn:aws:sqs:us-east-1:111111111111:', NAME, '"}'])
    assert isinstance(doc, dict)
    resource = doc["Resource"]
    assert isinstance(resource, Unknown) and resource.ref == "aws_sqs_queue.q.name"
    assert resource.template == "arn:aws:sqs:us-east-1:111111111111:jobs-${aws_sqs_queue.q.generated_suffix}"


def test_an_unknown_outside_strings_stands_for_a_whole_value() -> None:
    statements = Unknown("known after apply", "data.aws_iam_policy_document.d.json")
    doc = partially_known_text(['{"Version": "2012-10-17", "Statement": ', statements, "}"])
    assert doc == {"Version": "2012-10-17", "Statement": statements}


def test_escaped_quotes_do_not_end_the_string() -> None:
    doc = partially_known_text(['{"Sid": "a \\" b", "Resource": "', ARN, '"}'])
    assert doc == {"Sid": 'a " b', "Resource": ARN}


def test_json_invalid_whatever_the_strings_are_is_invalid() -> None:
    doc = partially_known_text(['{\n"Action": ["sns:Publish",],\n"Resource": "', ARN, '"}'])
    assert doc == InvalidJson("invalid JSON: Expecting value at line 2")
    policy = parse_policy(Unknown("known after apply", "x", partial=doc))
    assert policy is not None and policy.parse_error == "invalid JSON: Expecting value at line 2"


def test_json_whose_validity_turns_on_an_unknown_outside_strings_is_unknown() -> None:
    member = Unknown("variable statement_member has no value", "var.statement_member")
    assert partially_known_text(['{"Version": "2012-10-17", ', member, "}"]) is None


def test_text_that_is_not_a_json_object_has_nothing_partial() -> None:
    assert partially_known_text(["arn:aws:sqs:us-east-1:111111111111:", NAME]) is None
    assert partially_known_text([ARN, '{"a": 1}']) is None


def test_a_heredoc_policy_naming_a_generated_queue_is_known_but_for_its_resource(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
resource "aws_sqs_queue" "q" {
  name_prefix = "jobs-"
}
resource "aws_sqs_queue_policy" "p" {
  queue_url = aws_sqs_queue.q.id
  policy    = <<POLICY
{
  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
                 "Resource": "${aws_sqs_queue.q.arn}"}]
}
POLICY
}
'''})
    resources = {r.address: r for r in load_dir(tmp_path).resources}
    policy = parse_policy(resources["aws_sqs_queue_policy.p"].attrs["policy"])
    assert policy is not None and isinstance(policy.document, dict)
    statement = policy.document["Statement"][0]
    assert statement["Principal"] == "*" and statement["Action"] == "sqs:SendMessage"
    assert isinstance(statement["Resource"], Unknown) and statement["Resource"].ref == "aws_sqs_queue.q.arn"
