"""Pure S3 rules (iacsim.sim.s3.rules): default encryption, replication configuration, eligibility."""

from __future__ import annotations

from typing import Any

from iacsim.aws.violation import Violation
from iacsim.sim.s3.rules import (
    BucketEncryption,
    ReplicationConfiguration,
    kms_encryption_context,
    matching_rule,
    parse_encryption_configuration,
    parse_replication_configuration,
    replication_eligibility,
)

ROLE = "arn:aws:iam::111111111111:role/replication"
REPLICA_KEY = "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _rule(**overrides: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "ID": "all",
        "Priority": 1,
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "DeleteMarkerReplication": {"Status": "Disabled"},
        "Destination": {"Bucket": "arn:aws:s3:::dest"},
    }
    rule.update(overrides)
    return rule


def _config(*rules: dict[str, Any]) -> ReplicationConfiguration:
    parsed = parse_replication_configuration({"Role": ROLE, "Rules": list(rules)})
    assert isinstance(parsed, ReplicationConfiguration), parsed
    return parsed


def _kms_rule(**overrides: Any) -> dict[str, Any]:
    return _rule(
        SourceSelectionCriteria={"SseKmsEncryptedObjects": {"Status": "Enabled"}},
        Destination={
            "Bucket": "arn:aws:s3:::dest",
            "EncryptionConfiguration": {"ReplicaKmsKeyID": REPLICA_KEY},
        },
        **overrides,
    )


def test_object_arn_is_the_encryption_context_without_bucket_keys() -> None:
    assert kms_encryption_context("aws", "src", "a/b.txt", bucket_key=False) == {
        "aws:s3:arn": "arn:aws:s3:::src/a/b.txt"
    }


def test_bucket_arn_is_the_encryption_context_with_bucket_keys() -> None:
    assert kms_encryption_context("aws", "src", "a/b.txt", bucket_key=True) == {
        "aws:s3:arn": "arn:aws:s3:::src"
    }


def test_sse_kms_default_encryption_with_bucket_key_parses() -> None:
    parsed = parse_encryption_configuration(
        {
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": "alias/data",
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        }
    )
    assert parsed == BucketEncryption("SSE-KMS", "alias/data", True, ())


def test_dsse_kms_default_encryption_parses() -> None:
    parsed = parse_encryption_configuration(
        {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms:dsse"}}]}
    )
    assert isinstance(parsed, BucketEncryption)
    assert parsed.kind == "DSSE-KMS"
    assert parsed.kms_key_id is None


def test_kms_key_with_sse_s3_is_an_invalid_argument() -> None:
    parsed = parse_encryption_configuration(
        {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "k"}}]}
    )
    assert isinstance(parsed, Violation)
    assert parsed.code == "InvalidArgument"


def test_blocked_encryption_types_sse_c_blocks_and_none_unblocks() -> None:
    blocked = parse_encryption_configuration(
        {
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                    "BlockedEncryptionTypes": {"EncryptionType": ["SSE-C"]},
                }
            ]
        }
    )
    assert isinstance(blocked, BucketEncryption)
    assert blocked.blocks_sse_c
    unblocked = parse_encryption_configuration(
        {
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                    "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]},
                }
            ]
        }
    )
    assert isinstance(unblocked, BucketEncryption)
    assert not unblocked.blocks_sse_c


def test_replication_needs_a_role_and_rules() -> None:
    assert isinstance(parse_replication_configuration({"Rules": [_rule()]}), Violation)
    assert isinstance(parse_replication_configuration({"Role": ROLE, "Rules": []}), Violation)


def test_sse_kms_criteria_without_replica_key_is_refused_at_put() -> None:
    parsed = parse_replication_configuration(
        {
            "Role": ROLE,
            "Rules": [_rule(SourceSelectionCriteria={"SseKmsEncryptedObjects": {"Status": "Enabled"}})],
        }
    )
    assert isinstance(parsed, Violation)
    assert "ReplicaKmsKeyID must be specified" in parsed.message


def test_replica_key_without_sse_kms_criteria_is_refused_at_put() -> None:
    parsed = parse_replication_configuration(
        {
            "Role": ROLE,
            "Rules": [
                _rule(
                    Destination={
                        "Bucket": "arn:aws:s3:::dest",
                        "EncryptionConfiguration": {"ReplicaKmsKeyID": REPLICA_KEY},
                    }
                )
            ],
        }
    )
    assert isinstance(parsed, Violation)
    assert "SseKmsEncryptedObjects must be specified" in parsed.message


def test_filter_rules_need_delete_marker_replication_and_unique_priorities() -> None:
    no_marker = _rule()
    del no_marker["DeleteMarkerReplication"]
    assert isinstance(parse_replication_configuration({"Role": ROLE, "Rules": [no_marker]}), Violation)
    twins = parse_replication_configuration({"Role": ROLE, "Rules": [_rule(ID="a"), _rule(ID="b")]})
    assert isinstance(twins, Violation)
    assert "same priority" in twins.message


def test_owner_override_needs_destination_account() -> None:
    parsed = parse_replication_configuration(
        {
            "Role": ROLE,
            "Rules": [
                _rule(
                    Destination={
                        "Bucket": "arn:aws:s3:::dest",
                        "AccessControlTranslation": {"Owner": "Destination"},
                    }
                )
            ],
        }
    )
    assert isinstance(parsed, Violation)
    assert "Account" in parsed.message


def test_highest_priority_matching_rule_wins() -> None:
    config = _config(
        _rule(ID="everything", Priority=1),
        _rule(
            ID="logs",
            Priority=5,
            Filter={"Prefix": "logs/"},
            Destination={"Bucket": "arn:aws:s3:::logs-dest"},
        ),
    )
    chosen = matching_rule(config, "logs/a.txt", {})
    assert chosen is not None
    assert (chosen.rule_id, chosen.destination_bucket) == ("logs", "logs-dest")
    other = matching_rule(config, "data/a.txt", {})
    assert other is not None
    assert other.rule_id == "everything"


def test_disabled_or_non_matching_rules_select_nothing() -> None:
    config = _config(
        _rule(Status="Disabled"),
        _rule(
            ID="tagged",
            Priority=2,
            Filter={"And": {"Prefix": "", "Tags": [{"Key": "replicate", "Value": "yes"}]}},
        ),
    )
    assert matching_rule(config, "a.txt", {}) is None
    tagged = matching_rule(config, "a.txt", {"replicate": "yes"})
    assert tagged is not None
    assert tagged.rule_id == "tagged"


def test_sse_s3_unencrypted_and_sse_c_objects_are_eligible_by_default() -> None:
    rule = _config(_rule()).rules[0]
    for kind in ("NONE", "SSE-S3", "SSE-C"):
        assert replication_eligibility(rule, kind).eligible, kind


def test_sse_kms_objects_are_skipped_without_sse_kms_encrypted_objects() -> None:
    rule = _config(_rule()).rules[0]
    for kind in ("SSE-KMS", "DSSE-KMS"):
        verdict = replication_eligibility(rule, kind)
        assert not verdict.eligible
        assert "SseKmsEncryptedObjects" in verdict.reason


def test_sse_kms_objects_are_eligible_with_criteria_and_replica_key() -> None:
    rule = _config(_kms_rule()).rules[0]
    assert rule.replica_kms_key_id == REPLICA_KEY
    assert replication_eligibility(rule, "SSE-KMS").eligible
