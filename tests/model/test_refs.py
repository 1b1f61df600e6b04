"""Putting values known elsewhere in place of after-apply Unknowns inside documents."""

from __future__ import annotations

from model_factory import build, res

from iacsim.model import model_value_resolver, substitute_unknowns
from iacsim.values import Unknown

KEY_REF = Unknown("known after apply", "aws_kms_key.db.arn")
BUCKET_REF = Unknown("known after apply", "aws_s3_bucket.logs.arn")
OTHER = Unknown("remote module output")


def doc() -> dict:
    return {"Statement": [{"Resource": [KEY_REF, BUCKET_REF, "*"], "Condition": {"X": (OTHER,)}}]}


def test_substitute_replaces_only_what_the_resolver_knows():
    out = substitute_unknowns(doc(), lambda u: "arn:sim:key" if u.ref == "aws_kms_key.db.arn" else None)
    assert out["Statement"][0]["Resource"] == ["arn:sim:key", BUCKET_REF, "*"]
    assert out["Statement"][0]["Condition"]["X"] == (OTHER,)
    assert doc()["Statement"][0]["Resource"][0] == KEY_REF  # the input is not changed


def test_model_value_resolver_uses_values_the_model_knows():
    # The loader left the key ARN unknown (plan), but the bucket ARN is derived from its name.
    world = build(
        res("aws_kms_key", "aws_kms_key.db", {"arn": Unknown("known after apply")}),
        res("aws_s3_bucket", "aws_s3_bucket.logs", {"bucket": "logs"}),
    )
    out = substitute_unknowns(doc(), model_value_resolver(world))
    assert out["Statement"][0]["Resource"] == [KEY_REF, "arn:aws:s3:::logs", "*"]
