"""Cross-account replication whose accounts the scan does not know is ``unknown``, never a NotFound or a deny.

Issue 13, "Stand-ins are not facts": LeapBeyond's cross-account example authenticates its two providers with
profiles from variables without value and writes the replica key's policy with ``${var.dest_account}``. The
replay placed both providers in the one stand-in account and could not build the key, so its ``kms:Encrypt``
was a NotFound failure. The step is ``unknown`` now (the key policy is known but for the principals naming the
variables, so the key is built and the statement is evaluated three-valued), naming the variable and how to
give it; with the
variables given, the two stand-in accounts still decide the step, so it stays ``unknown`` and names the
provider blocks; with the accounts written in the providers the replay decides. The plan form cannot express
it (a plan has every variable's value and every provider's account from its credentials).
"""

from __future__ import annotations

from pathlib import Path

from flow_scan import scan_files
from s3_replication_templates import CFN_DECRYPT, CLOUDFORMATION

from iacsim.findings import FlowResult

SOURCE_ROLE_STATEMENTS = """
      { Effect = "Allow", Action = ["s3:GetReplicationConfiguration", "s3:ListBucket"],
        Resource = aws_s3_bucket.source.arn },
      { Effect = "Allow", Action = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"],
        Resource = "${aws_s3_bucket.source.arn}/*" },
      { Effect = "Allow", Action = ["s3:ReplicateObject", "s3:ReplicateDelete"],
        Resource = "${aws_s3_bucket.destination.arn}/*" },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.source.arn },
      { Effect = "Allow", Action = "kms:Encrypt", Resource = aws_kms_key.destination.arn },
"""


def terraform(source_provider: str, dest_provider: str) -> str:
    return f'''
variable "source_account" {{}}
variable "dest_account" {{}}
variable "source_profile" {{}}
variable "dest_profile" {{}}
provider "aws" {{
  alias  = "source"
  region = "eu-west-2"
  {source_provider}
}}
provider "aws" {{
  alias  = "dest"
  region = "eu-west-1"
  {dest_provider}
}}
resource "aws_kms_key" "source" {{
  provider = aws.source
}}
resource "aws_kms_key" "destination" {{
  provider = aws.dest
  policy   = <<POLICY
{{
  "Version": "2012-10-17",
  "Statement": [
    {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::${{var.dest_account}}:root"}},
      "Action": "kms:*", "Resource": "*"}},
    {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::${{var.source_account}}:root"}},
      "Action": "kms:Encrypt", "Resource": "*"}}
  ]
}}
POLICY
}}
resource "aws_s3_bucket" "destination" {{
  provider = aws.dest
  bucket   = "leap-destination"
  versioning {{
    enabled = true
  }}
}}
resource "aws_s3_bucket_policy" "destination" {{
  provider = aws.dest
  bucket   = aws_s3_bucket.destination.id
  policy   = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::${{var.source_account}}:root" }},
                   Action = ["s3:ReplicateObject", "s3:ReplicateDelete"],
                   Resource = "${{aws_s3_bucket.destination.arn}}/*" }}]
  }})
}}
resource "aws_iam_role" "replication" {{
  provider = aws.source
  name     = "replication"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Principal = {{ Service = "s3.amazonaws.com" }}, Action = "sts:AssumeRole" }}]
  }})
}}
resource "aws_iam_role_policy" "replication" {{
  provider = aws.source
  role     = aws_iam_role.replication.id
  policy   = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{SOURCE_ROLE_STATEMENTS}]
  }})
}}
resource "aws_s3_bucket" "source" {{
  provider = aws.source
  bucket   = "leap-source"
  versioning {{
    enabled = true
  }}
  server_side_encryption_configuration {{
    rule {{
      apply_server_side_encryption_by_default {{
        kms_master_key_id = aws_kms_key.source.arn
        sse_algorithm     = "aws:kms"
      }}
    }}
  }}
  replication_configuration {{
    role = aws_iam_role.replication.arn
    rules {{
      prefix = ""
      status = "Enabled"
      destination {{
        bucket             = aws_s3_bucket.destination.arn
        replica_kms_key_id = aws_kms_key.destination.arn
      }}
      source_selection_criteria {{
        sse_kms_encrypted_objects {{
          enabled = "true"
        }}
      }}
    }}
  }}
}}
'''


PROFILES = ("profile = var.source_profile", "profile = var.dest_profile")
TFVARS = 'source_account = "333333333333"\ndest_account = "222222222222"\n'


def _flow(tmp_path: Path, files: dict[str, str]) -> FlowResult:
    report = scan_files(tmp_path, files)
    assert not [f for f in report.findings if f.rule_id.startswith("S31")]
    (flow,) = [f for f in report.flows if f.name.endswith("replication: SSE-KMS object")]
    return flow


def test_a_replica_key_whose_policy_names_variables_without_value_is_unknown_not_not_found(tmp_path: Path):
    flow = _flow(tmp_path, {"main.tf": terraform(*PROFILES)})
    assert flow.verdict == "unknown"
    step = next(s for s in flow.steps if s.decision != "allowed")
    assert step.action == "kms:Encrypt" and step.decision == "unknown"
    # The heredoc key policy is known but for its principals (Unknown.partial): the key is built, and the
    # decision is unknown. Two things are missing here — the variables naming the accounts and which account each
    # provider's profile is — and the reason names the one the replay decided on first: the providers' differing
    # credentials (with the variables given, the next test), else the variable and --var.
    assert ("principal var.dest_account is not known before apply" in step.reason and "--var" in step.reason) or (
        "profile var.source_profile" in step.reason and "allowed_account_ids" in step.reason)
    assert "NotFound" not in step.reason


def test_with_the_variables_given_two_profiles_in_one_stand_in_account_stay_unknown(tmp_path: Path):
    flow = _flow(tmp_path, {"main.tf": terraform(*PROFILES), "terraform.tfvars": TFVARS})
    step = next(s for s in flow.steps if s.decision != "allowed")
    assert (flow.verdict, step.action, step.decision) == ("unknown", "kms:Encrypt", "unknown")
    assert "profile var.source_profile" in step.reason and "profile var.dest_profile" in step.reason
    assert "allowed_account_ids" in step.reason


def test_with_the_variables_given_and_one_profile_the_stand_in_is_not_the_named_account_either(tmp_path: Path):
    """Both providers on one profile: one stand-in account, which the replica key's policy (naming
    222222222222 and 333333333333) may well be; the Encrypt is unknown naming the stand-in, never denied."""
    flow = _flow(tmp_path, {"main.tf": terraform("profile = var.source_profile", "profile = var.source_profile"),
                            "terraform.tfvars": TFVARS})
    step = next(s for s in flow.steps if s.decision != "allowed")
    assert (flow.verdict, step.action, step.decision) == ("unknown", "kms:Encrypt", "unknown")
    assert "account 111111111111 is a stand-in" in step.reason and "allowed_account_ids" in step.reason


def test_with_the_accounts_written_in_the_providers_the_replay_decides(tmp_path: Path):
    flow = _flow(tmp_path, {"main.tf": terraform('allowed_account_ids = ["333333333333"]',
                                                 'allowed_account_ids = ["222222222222"]'),
                            "terraform.tfvars": TFVARS})
    assert flow.verdict == "pass", [s for s in flow.steps if s.decision != "allowed"]


def _cloudformation_with_replica_key_of(account_parameter: str) -> str:
    """test_s3_replication_flow's template, its replica key's policy naming a parameter without value."""
    text = CLOUDFORMATION.replace("Resources:\n", f"Parameters:\n  {account_parameter}: {{Type: String}}\nResources:\n", 1)
    source, replica = text.split("  ReplicaKey:", 1)
    replica = replica.replace("${AWS::AccountId}", "${" + account_parameter + "}", 1)
    decrypt = CFN_DECRYPT.replace("CONTEXT", "arn:aws:s3:::acme-src-111122223333*")
    return (source + "  ReplicaKey:" + replica).replace("# DECRYPT", decrypt)


def test_cloudformation_replica_key_policy_naming_a_parameter_without_value_is_unknown(tmp_path: Path):
    """The structured key policy is built with the parameter as an unknown principal: the Encrypt decision it
    could change is unknown and names the parameter and --cfn-param, never a deny."""
    report = scan_files(tmp_path, {"template.yaml": _cloudformation_with_replica_key_of("DestAccount")})
    assert not [f for f in report.findings if f.rule_id.startswith("S31")]
    (flow,) = [f for f in report.flows if f.name.endswith("replication: SSE-KMS with bucket key object")]
    step = next(s for s in flow.steps if s.decision != "allowed")
    assert (flow.verdict, step.action, step.decision) == ("unknown", "kms:Encrypt", "unknown")
    assert "DestAccount" in step.reason and "--cfn-param DestAccount=" in step.reason
