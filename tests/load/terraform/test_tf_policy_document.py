"""``data "aws_iam_policy_document"``: the ``json`` string must equal the AWS provider's, byte for byte.

Expected documents are the provider's own acceptance-test expectations
(terraform-provider-aws internal/service/iam/policy_document_data_source_test.go),
with ``"Sid": ""`` lines removed: since provider v5.0.0 an empty Sid is omitted
(hashicorp/terraform-provider-aws#28539).
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from tf_helpers import by_address, load_dir, write_tree

from iacsim.load.terraform.data.iam_policy_document import (
    PolicyDocumentError,
    build_policy_document,
    go_json,
    resolve_policy_document,
)
from iacsim.values import Unknown

PROVIDER_BASIC_CONFIG = """
data "aws_partition" "current" {}

data "aws_iam_policy_document" "test" {
  policy_id = "policy_id"

  statement {
    sid = "1"
    actions = [
      "s3:ListAllMyBuckets",
      "s3:GetBucketLocation",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:s3:::*",
    ]
  }

  statement {
    actions = [
      "s3:ListBucket",
    ]

    resources = [
      "arn:${data.aws_partition.current.partition}:s3:::foo",
    ]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values = [
        "home/",
        "",
        "home/&{aws:username}/",
      ]
    }

    not_principals {
      type        = "AWS"
      identifiers = ["arn:blahblah:example"]
    }
  }

  statement {
    actions = [
      "s3:*",
    ]

    resources = [
      "arn:${data.aws_partition.current.partition}:s3:::foo/home/&{aws:username}",
      "arn:${data.aws_partition.current.partition}:s3:::foo/home/&{aws:username}/*",
    ]

    principals {
      type        = "AWS"
      identifiers = ["arn:blahblah:example"]
    }
  }

  statement {
    effect        = "Deny"
    not_actions   = ["s3:*"]
    not_resources = ["arn:${data.aws_partition.current.partition}:s3:::*"]
  }

  # Normalization of wildcard principals

  statement {
    effect  = "Allow"
    actions = ["kinesis:*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }

  statement {
    effect  = "Allow"
    actions = ["firehose:*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
"""

PROVIDER_BASIC_EXPECTED = """{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "",
            "home/${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/${aws:username}/*",
        "arn:aws:s3:::foo/home/${aws:username}"
      ],
      "Principal": {
        "AWS": "arn:blahblah:example"
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    }
  ]
}"""


def _doc_json(tmp_path: Path, config: str, name: str = "test") -> str | Unknown:
    result = load_dir(write_tree(tmp_path, {"main.tf": config}))
    value = by_address(result)[f"data.aws_iam_policy_document.{name}"].attrs["json"]
    assert isinstance(value, str | Unknown)
    return value


def test_provider_basic_document_is_byte_identical(tmp_path: Path) -> None:
    assert _doc_json(tmp_path, PROVIDER_BASIC_CONFIG) == PROVIDER_BASIC_EXPECTED


def test_minified_json_and_id_follow_the_provider(tmp_path: Path) -> None:
    result = load_dir(write_tree(tmp_path, {"main.tf": PROVIDER_BASIC_CONFIG}))
    attrs = by_address(result)["data.aws_iam_policy_document.test"].attrs
    assert attrs["minified_json"] == json.dumps(json.loads(PROVIDER_BASIC_EXPECTED), separators=(",", ":"))
    # id = create.StringHashcode(json): CRC-32 of the indented document.
    assert attrs["id"] == str(zlib.crc32(PROVIDER_BASIC_EXPECTED.encode()))


def test_source_and_override_documents_merge_by_sid(tmp_path: Path) -> None:
    # The provider's "overrideList" and "sourceList" cases combined.
    config = """
data "aws_iam_policy_document" "policy_a" {
  statement {
    sid     = ""
    effect  = "Allow"
    actions = ["foo:ActionOne"]
  }
  statement {
    sid     = "overrideSid"
    effect  = "Allow"
    actions = ["bar:ActionOne"]
  }
}
data "aws_iam_policy_document" "policy_b" {
  statement {
    sid     = "validSid"
    effect  = "Deny"
    actions = ["foo:ActionTwo"]
  }
}
data "aws_iam_policy_document" "policy_c" {
  statement {
    sid     = "overrideSid"
    effect  = "Deny"
    actions = ["bar:ActionOne"]
  }
}
data "aws_iam_policy_document" "test" {
  version = "2012-10-17"
  override_policy_documents = [
    data.aws_iam_policy_document.policy_a.json,
    data.aws_iam_policy_document.policy_b.json,
    data.aws_iam_policy_document.policy_c.json
  ]
}
data "aws_iam_policy_document" "sources" {
  source_policy_documents = [data.aws_iam_policy_document.policy_b.json]
  statement {
    sid       = "validSid"
    actions   = ["*"]
    resources = ["*"]
  }
}
"""
    assert _doc_json(tmp_path, config) == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "overrideSid",
      "Effect": "Deny",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSid",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    }
  ]
}"""
    # The document's own statement replaces the source statement with the same Sid.
    merged = json.loads(str(_doc_json(tmp_path, config, "sources")))
    assert merged["Statement"] == [{"Sid": "validSid", "Effect": "Allow", "Action": "*", "Resource": "*"}]


@pytest.mark.parametrize(("partition", "expected_order"), [
    # Provider expectations (multiplePrincipals / multiplePrincipalsGov): the SDK visits the
    # principals *set* in hash order, so the order depends on the identifiers' text.
    ("aws", ["333333333333", "444444444444", "222222222222", "111111111111"]),
    ("aws-us-gov", ["333333333333", "222222222222", "111111111111", "444444444444"]),
])
def test_principal_blocks_of_one_type_follow_the_sdk_set_order(partition: str, expected_order: list[str]) -> None:
    ids = [f"arn:{partition}:iam::{a}:root" for a in ("111111111111", "222222222222", "333333333333",
                                                      "444444444444")]
    doc = build_policy_document({"statement": [{
        "sid": "S", "actions": ["*"], "resources": ["*"],
        "principals": [{"type": "AWS", "identifiers": ids[:2]}, {"type": "AWS", "identifiers": [ids[2]]},
                       {"type": "AWS", "identifiers": [ids[3]]}],
    }]})
    assert doc["Statement"][0]["Principal"]["AWS"] == [f"arn:{partition}:iam::{a}:root" for a in expected_order]


def test_principal_string_and_slice_blocks_merge_into_one_list() -> None:
    # Provider case statementPrincipalIdentifiers_stringAndSlice.
    doc = build_policy_document({"statement": [{
        "actions": ["*"], "resources": ["*"],
        "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111111111111:root"]},
                       {"type": "AWS", "identifiers": ["arn:aws:iam::222222222222:root",
                                                       "arn:aws:iam::333333333333:root"]}],
    }]})
    assert doc["Statement"][0]["Principal"] == {"AWS": [
        "arn:aws:iam::111111111111:root", "arn:aws:iam::333333333333:root", "arn:aws:iam::222222222222:root"]}


def test_duplicate_sid_is_unknown_naming_the_provider_error() -> None:
    out = resolve_policy_document({"statement": [{"sid": "1", "actions": ["a:B"]}, {"sid": "1", "actions": ["c:D"]}]},
                                  "data.aws_iam_policy_document.x")
    assert isinstance(out["json"], Unknown)
    assert "duplicate Sid (1)" in out["json"].reason
    assert out["json"].ref == "data.aws_iam_policy_document.x.json"


def test_duplicate_blank_sids_are_allowed() -> None:
    doc = build_policy_document({"statement": [{"sid": "", "actions": ["a:B"]}, {"sid": "", "actions": ["c:D"]}]})
    assert [s["Action"] for s in doc["Statement"]] == ["a:B", "c:D"]


def test_policy_variables_are_rejected_in_version_2008() -> None:
    with pytest.raises(PolicyDocumentError, match=r"found &\{ sequence"):
        build_policy_document({"version": "2008-10-17",
                               "statement": [{"actions": ["*"], "resources": ["arn:aws:s3:::b/&{aws:username}"]}]})


def test_unknown_input_makes_the_document_unknown() -> None:
    u = Unknown("known after apply", "aws_iam_role.x.unique_id")
    out = resolve_policy_document({"statement": [{"actions": ["*"], "resources": [u]}]}, "data.aws_iam_policy_document.d")
    assert isinstance(out["json"], Unknown)
    assert out["json"].reason == "policy document depends on an unknown value: known after apply"


def test_go_json_escapes_html_characters_like_encoding_json() -> None:
    assert go_json({"a": "<b>&</b>"}, indent=False) == '{"a":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}'


def test_source_document_principal_lists_come_out_reverse_sorted_and_bool_conditions_as_strings() -> None:
    source = json.dumps({"Statement": [{"Effect": "Allow", "Action": ["b", "a"], "Principal": {"AWS": ["x", "y"]},
                                        "Condition": {"Bool": {"aws:SecureTransport": False}}}]})
    doc = build_policy_document({"source_policy_documents": [source]})
    stmt = doc["Statement"][0]
    assert stmt["Action"] == ["b", "a"]          # kept as written (an `any` field in the provider's model)
    assert stmt["Principal"] == {"AWS": ["y", "x"]}
    assert stmt["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_numbers_in_string_sets_become_strings() -> None:
    doc = build_policy_document({"statement": [{"actions": ["kms:*"], "resources": ["*"],
                                                "principals": [{"type": "AWS", "identifiers": [123456789012]}]}]})
    assert doc["Statement"][0]["Principal"] == {"AWS": "123456789012"}


def test_v4_source_json_and_override_json_are_merged() -> None:
    # Provider case "noStatementMerge": source_json + override_json, no own statements.
    source = build_policy_document({"statement": [{"sid": "", "actions": ["ec2:DescribeAccountAttributes"],
                                                   "resources": ["*"]}]})
    override = build_policy_document({"statement": [{"sid": "OverridePlaceholder", "actions": ["s3:GetObject"],
                                                     "resources": ["*"]}]})
    doc = build_policy_document({"source_json": json.dumps(source), "override_json": json.dumps(override)})
    assert go_json(doc, indent=True) == """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:DescribeAccountAttributes",
      "Resource": "*"
    },
    {
      "Sid": "OverridePlaceholder",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}"""


def test_sid_with_punctuation_is_not_a_provider_error() -> None:
    doc = build_policy_document({"statement": [{"sid": "Allow-Use", "actions": ["kms:*"]}]})
    assert doc["Statement"][0]["Sid"] == "Allow-Use"


def test_sid_with_spaces_is_rendered_as_the_provider_does() -> None:
    """KMS's own default key policy uses "Enable IAM User Permissions"; the provider accepts any Sid since 5.84
    (a plan-time alphanumeric check in 5.82/5.83 was reverted), so the document is known, not a provider error."""
    doc = build_policy_document({"statement": [{"sid": "Enable IAM User Permissions", "actions": ["kms:*"],
                                                "resources": ["*"]}]})
    assert doc["Statement"][0]["Sid"] == "Enable IAM User Permissions"


def test_sid_with_spaces_keeps_a_partly_known_document_partly_known() -> None:
    """One unknown principal entry (the caller's ARN) next to a Sid with spaces: the rest stays known."""
    caller = Unknown("the caller's ARN depends on the credentials Terraform runs with",
                     "data.aws_caller_identity.current.arn")
    out = resolve_policy_document({"statement": [{
        "sid": "Enable IAM User Permissions", "actions": ["kms:*"], "resources": ["*"],
        "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111111111111:root", caller]}]}]},
        "data.aws_iam_policy_document.rds")
    assert isinstance(out["json"], Unknown) and isinstance(out["json"].partial, dict)
    assert out["json"].partial["Statement"][0]["Principal"]["AWS"] == ["arn:aws:iam::111111111111:root", caller]
