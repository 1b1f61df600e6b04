"""A replication role granted the older s3:GetObjectVersion instead of s3:GetObjectVersionForReplication.

AWS documents only s3:GetObjectVersionForReplication (setting-repl-config-perm-overview.html) and does not
say whether the older permission still works, so the replay stops with an unknown step, never a failure.
"""

from __future__ import annotations

import json

from iacsim.sim import Cloud

ACCOUNT = "111122223333"


def _replicate(read_action: str) -> tuple[str, list]:
    cloud = Cloud()
    iam = cloud.client("iam", account=ACCOUNT)
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName="replication", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="replication", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
             "Resource": "arn:aws:s3:::src"},
            {"Effect": "Allow", "Action": [read_action, "s3:GetObjectVersionAcl"], "Resource": "arn:aws:s3:::src/*"},
            {"Effect": "Allow", "Action": ["s3:ReplicateObject"], "Resource": "arn:aws:s3:::dst/*"}]}))
    s3 = cloud.client("s3", account=ACCOUNT)
    for name in ("src", "dst"):
        s3.create_bucket(Bucket=name)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_replication(Bucket="src", ReplicationConfiguration={"Role": role, "Rules": [
        {"ID": "r", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""},
         "DeleteMarkerReplication": {"Status": "Disabled"},
         "Destination": {"Bucket": "arn:aws:s3:::dst"}}]})
    s3.put_object(Bucket="src", Key="k", Body=b"x")
    result = cloud.s3_replicate("src", "k")
    return result.status, result.steps


def test_the_documented_permission_replicates() -> None:
    status, _steps = _replicate("s3:GetObjectVersionForReplication")
    assert status == "COMPLETED"


def test_only_the_older_permission_is_undecided_not_failed() -> None:
    status, steps = _replicate("s3:GetObjectVersion")
    assert status == "UNDECIDED"
    assert steps[-1].decision == "unknown" and "s3:GetObjectVersion" in steps[-1].reason


def test_neither_permission_fails() -> None:
    status, steps = _replicate("s3:GetObject")
    assert status == "FAILED"
    assert steps[-1].decision == "denied" and steps[-1].action == "s3:GetObjectVersionForReplication"
