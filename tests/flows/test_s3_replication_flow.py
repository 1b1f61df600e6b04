"""``s3-replication`` replays the objects the source bucket really holds (issue 13 §4).

Objects are written with the bucket's default key — its customer managed key, with and without an S3
Bucket Key — or with the key a bucket policy requires, never with ``aws/s3`` in their place; Object Lock
on the source needs it on the destination; a rule's filter decides which probe objects exist. Each case
is written in Terraform and, where the form can say it, CloudFormation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flow_scan import scan_files
from s3_replication_templates import CFN_DECRYPT, CLOUDFORMATION

from iacsim.findings import FlowResult
from iacsim.report.data import Report

ACCOUNT = "111122223333"
SRC, DST = "acme-src-111122223333", "acme-dst-111122223333"

DECRYPT_ANY = '{ Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.source.arn }'


def _decrypt_with_context(*contexts: str) -> str:
    values = ", ".join(f'"{c}"' for c in contexts)
    return ('{ Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.source.arn, Condition = { '
            f'StringLike = {{ "kms:EncryptionContext:aws:s3:arn" = [{values}] }} }} }}')


def terraform(*, decrypt: str | None = DECRYPT_ANY, bucket_key: bool = False, source_lock: bool = False,
              dest_lock: bool = False, rule_status: str = "Enabled", filter_block: str = "filter {}",
              bucket_policy: str = "", default_key: str = "aws_kms_key.source.arn") -> str:
    """A same-region replication of SSE-KMS objects; ``decrypt`` is the role's kms:Decrypt statement."""
    statements = [
        '{ Effect = "Allow", Action = ["s3:GetReplicationConfiguration", "s3:ListBucket"], '
        'Resource = aws_s3_bucket.source.arn }',
        '{ Effect = "Allow", Action = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", '
        '"s3:GetObjectVersionTagging"], Resource = "${aws_s3_bucket.source.arn}/*" }',
        '{ Effect = "Allow", Action = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], '
        'Resource = "${aws_s3_bucket.replica.arn}/*" }',
        '{ Effect = "Allow", Action = ["kms:Encrypt", "kms:GenerateDataKey"], Resource = aws_kms_key.replica.arn }',
        *([decrypt] if decrypt else []),
    ]
    return f'''
provider "aws" {{
  region              = "us-east-1"
  allowed_account_ids = ["{ACCOUNT}"]
}}
resource "aws_kms_key" "source" {{
  enable_key_rotation = true
}}
resource "aws_kms_key" "replica" {{
  enable_key_rotation = true
}}
resource "aws_s3_bucket" "source" {{
  bucket              = "{SRC}"
  object_lock_enabled = {str(source_lock).lower()}
}}
resource "aws_s3_bucket" "replica" {{
  bucket              = "{DST}"
  object_lock_enabled = {str(dest_lock).lower()}
}}
resource "aws_s3_bucket_versioning" "source" {{
  bucket = aws_s3_bucket.source.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}
resource "aws_s3_bucket_versioning" "replica" {{
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}
resource "aws_s3_bucket_server_side_encryption_configuration" "source" {{
  bucket = aws_s3_bucket.source.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "aws:kms"
      kms_master_key_id = {default_key}
    }}
    bucket_key_enabled = {str(bucket_key).lower()}
  }}
}}
{bucket_policy}
resource "aws_iam_role" "replication" {{
  name = "replication"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Principal = {{ Service = "s3.amazonaws.com" }}, Action = "sts:AssumeRole" }}]
  }})
}}
resource "aws_iam_role_policy" "replication" {{
  role = aws_iam_role.replication.id
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [
      {(", " + chr(10) + "      ").join(statements)}
    ]
  }})
}}
resource "aws_s3_bucket_replication_configuration" "this" {{
  depends_on = [aws_s3_bucket_versioning.source]
  bucket     = aws_s3_bucket.source.id
  role       = aws_iam_role.replication.arn
  rule {{
    id     = "all"
    status = "{rule_status}"
    {filter_block}
    delete_marker_replication {{
      status = "Disabled"
    }}
    source_selection_criteria {{
      sse_kms_encrypted_objects {{
        status = "Enabled"
      }}
    }}
    destination {{
      bucket = aws_s3_bucket.replica.arn
      encryption_configuration {{
        replica_kms_key_id = aws_kms_key.replica.arn
      }}
    }}
  }}
}}
'''


def _flows(report: Report) -> dict[str, FlowResult]:
    return {f.name.split(": ", 1)[-1]: f for f in report.flows if f.kind == "s3-replication"}


def _rules(report: Report) -> list[str]:
    return sorted(f.rule_id for f in report.findings if f.rule_id.startswith("S31"))


def test_the_probe_is_encrypted_with_the_buckets_cmk_and_a_role_without_decrypt_on_it_fails(tmp_path: Path):
    report = scan_files(tmp_path, {"main.tf": terraform(decrypt=None)})
    flows = _flows(report)
    assert flows["SSE-S3 object"].verdict == "pass"
    kms = flows["SSE-KMS object"]
    assert kms.verdict == "fail"
    put = kms.steps[0]
    assert put.action == "s3:PutObject" and "relying on the bucket's default encryption" in put.reason
    source_key = next(k for k in report.model["accounts"][ACCOUNT]["regions"]["us-east-1"]["keys"]
                      if k["address"] == "aws_kms_key.source")["arn"]
    assert source_key in put.reason  # the bucket's customer managed key, never aws/s3
    (denied,) = [s for s in kms.steps if s.decision == "denied"]
    assert (denied.action, denied.resource) == ("kms:Decrypt", source_key)
    assert denied.principal.endswith(":role/replication")
    assert "key policy" in denied.reason and "identity" in denied.reason
    assert _rules(report) == ["S3102", "S3102"]


def test_a_role_with_decrypt_on_the_source_cmk_passes(tmp_path: Path):
    flows = _flows(scan_files(tmp_path, {"main.tf": terraform()}))
    assert {n: f.verdict for n, f in flows.items()} == {
        "SSE-S3 object": "pass", "SSE-KMS object": "pass", "SSE-KMS with bucket key object": "pass"}
    decrypt = next(s for s in flows["SSE-KMS object"].steps if s.action == "kms:Decrypt")
    assert decrypt.decision == "allowed" and f"arn:aws:s3:::{SRC}/" in decrypt.reason


@pytest.mark.parametrize(("contexts", "verdicts"), [
    # object-ARN condition: objects without a bucket key pass, with a bucket key the context is the bucket ARN
    ((f"arn:aws:s3:::{SRC}/*",), {"SSE-KMS object": "pass", "SSE-KMS with bucket key object": "fail"}),
    ((f"arn:aws:s3:::{SRC}",), {"SSE-KMS object": "fail", "SSE-KMS with bucket key object": "pass"}),
    ((f"arn:aws:s3:::{SRC}", f"arn:aws:s3:::{SRC}/*"), {"SSE-KMS object": "pass",
                                                       "SSE-KMS with bucket key object": "pass"}),
])
def test_bucket_keys_make_the_context_the_bucket_arn(tmp_path: Path, contexts: tuple[str, ...],
                                                     verdicts: dict[str, str]):
    flows = _flows(scan_files(tmp_path, {"main.tf": terraform(decrypt=_decrypt_with_context(*contexts),
                                                         bucket_key=True)}))
    assert {n: f.verdict for n, f in flows.items() if n != "SSE-S3 object"} == verdicts
    keyed = next(s for s in flows["SSE-KMS with bucket key object"].steps if s.action == "kms:Decrypt")
    if keyed.decision == "allowed":
        assert f"{{'aws:s3:arn': 'arn:aws:s3:::{SRC}'}}" in keyed.reason  # the bucket ARN, not the object's
    else:
        assert keyed.decision == "denied" and "kms:Decrypt" in keyed.reason


def test_object_lock_on_the_source_without_it_on_the_destination_fails_every_object(tmp_path: Path):
    report = scan_files(tmp_path, {"main.tf": terraform(source_lock=True)})
    flows = _flows(report)
    assert {f.verdict for f in flows.values()} == {"fail"}
    last = flows["SSE-S3 object"].steps[-1]
    assert last.action == "s3:ReplicateObject" and last.reason.startswith("DstBucketObjectLockConfigMissing")
    assert _rules(report) == ["S3103"] * 3


def test_object_lock_on_both_buckets_replicates(tmp_path: Path):
    flows = _flows(scan_files(tmp_path, {"main.tf": terraform(source_lock=True, dest_lock=True)}))
    assert {f.verdict for f in flows.values()} == {"pass"}


def test_every_rule_disabled_replicates_nothing_so_there_is_no_flow(tmp_path: Path):
    """Known, not unknown: the configuration replicates nothing (as a bucket without replication)."""
    report = scan_files(tmp_path, {"main.tf": terraform(rule_status="Disabled")})
    assert [f for f in report.flows if f.kind == "s3-replication"] == []
    assert _rules(report) == []


def test_a_tag_filter_is_replayed_with_an_object_it_selects(tmp_path: Path):
    tagged = 'filter {\n    and {\n      prefix = "invoices/"\n      tags = { replicate = "yes" }\n    }\n  }'
    flows = _flows(scan_files(tmp_path, {"main.tf": terraform(filter_block=tagged)}))
    assert {f.verdict for f in flows.values()} == {"pass"}
    steps = flows["SSE-KMS object"].steps
    assert steps[0].resource.endswith(f"{SRC}/invoices/iacsim-probe/sse-kms")
    assert {"s3:GetObjectVersionTagging", "s3:ReplicateTags"} <= {s.action for s in steps}


def test_a_bucket_policy_requiring_the_key_header_is_met_by_naming_the_key(tmp_path: Path):
    policy = '''
resource "aws_s3_bucket_policy" "source" {
  bucket = aws_s3_bucket.source.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid = "RequireTheBucketKey", Effect = "Deny", Principal = "*", Action = "s3:PutObject"
      Resource = "${aws_s3_bucket.source.arn}/*"
      Condition = { StringNotEquals = { "s3:x-amz-server-side-encryption-aws-kms-key-id" = aws_kms_key.source.arn } }
    }]
  })
}'''
    report = scan_files(tmp_path, {"main.tf": terraform(bucket_policy=policy)})
    flows = _flows(report)
    assert "SSE-S3 object" not in flows  # the policy refuses SSE-S3 uploads: no such object exists
    put = flows["SSE-KMS object"].steps[0]
    assert put.decision == "allowed" and "explicit headers" in put.reason and "SSEKMSKeyId=arn:aws:kms:" in put.reason
    assert {f.verdict for f in flows.values()} == {"pass"}


def test_a_default_key_the_scan_cannot_name_is_unknown_not_aws_s3(tmp_path: Path):
    text = terraform(default_key="var.bucket_key").replace(
        'provider "aws" {', 'variable "bucket_key" {\n  type = string\n}\nprovider "aws" {', 1)
    flows = _flows(scan_files(tmp_path, {"main.tf": text}))
    kms = flows["SSE-KMS object"]
    assert kms.verdict == "unknown" and "default encryption key is not known statically" in kms.steps[-1].reason
    assert not any(name.startswith("SSE-KMS with") for name in flows)


def _cfn(tmp_path: Path, decrypt: str | None, source_lock: bool = False) -> dict[str, FlowResult]:
    text = CLOUDFORMATION.replace("# DECRYPT", decrypt or "")
    if source_lock:
        text = text.replace("# SOURCE_LOCK", "ObjectLockEnabled: true")
    return _flows(scan_files(tmp_path, {"template.yaml": text}))


def test_cloudformation_role_without_decrypt_on_the_source_cmk_fails(tmp_path: Path):
    flows = _cfn(tmp_path, None)
    assert flows["SSE-KMS object"].verdict == "fail"
    (denied,) = [s for s in flows["SSE-KMS object"].steps if s.decision == "denied"]
    assert denied.action == "kms:Decrypt" and ":key/" in denied.resource


@pytest.mark.parametrize(("context", "verdict"), [
    ("arn:aws:s3:::acme-src-111122223333/*", "fail"),
    ("arn:aws:s3:::acme-src-111122223333", "pass"),
])
def test_cloudformation_bucket_key_context_condition(tmp_path: Path, context: str, verdict: str):
    flows = _cfn(tmp_path, CFN_DECRYPT.replace("CONTEXT", context))
    assert flows["SSE-KMS with bucket key object"].verdict == verdict


def test_cloudformation_object_lock_mismatch(tmp_path: Path):
    flows = _cfn(tmp_path, CFN_DECRYPT.replace("CONTEXT", "arn:aws:s3:::acme-src-111122223333*"), source_lock=True)
    assert {f.verdict for f in flows.values()} == {"fail"}
    assert all(f.steps[-1].reason.startswith("DstBucketObjectLockConfigMissing") for f in flows.values())
