"""iacsim.aws.arn: parse/str round trip, the partitions, and the constructors' shapes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iacsim.aws.arn import PARTITION_PATTERN, PARTITIONS, Arn

_field = st.text(st.characters(blacklist_characters=":", blacklist_categories=("Cs",)), max_size=12)
_service = _field.filter(bool)
_resource = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(st.sampled_from(PARTITIONS), _service, _field, _field, _resource)
def test_str_parse_round_trip(partition: str, service: str, region: str, account: str, resource: str) -> None:
    arn = Arn(partition, service, region, account, resource)
    text = str(arn)
    assert Arn.parse(text) == arn
    assert str(Arn.parse(text)) == text


@given(st.text(max_size=60))
def test_parse_never_raises_and_round_trips_what_it_accepts(text: str) -> None:
    arn = Arn.parse(text)
    if arn is not None:
        assert str(arn) == text


@given(st.one_of(st.none(), st.integers(), st.lists(st.text()), st.binary()))
def test_parse_rejects_non_strings(value: object) -> None:
    assert Arn.parse(value) is None


@pytest.mark.parametrize("text", [
    "", "arn", "arn:", "arn:aws", "arn:aws:kms:us-east-1:111122223333",  # too few fields
    "arn:aws::us-east-1:111122223333:key/k",  # no service
    "arn:azure:kms:us-east-1:111122223333:key/k", "arn:aws-foo:iam::111122223333:root",  # not a partition
    "ARN:aws:kms:us-east-1:111122223333:key/k", " arn:aws:s3:::b",
])
def test_parse_rejects_junk(text: str) -> None:
    assert Arn.parse(text) is None


@pytest.mark.parametrize("partition", PARTITIONS)
def test_every_partition_parses_and_matches_the_pattern(partition: str) -> None:
    arn = Arn.parse(f"arn:{partition}:iam::111122223333:root")
    assert arn is not None and arn.partition == partition
    assert re.fullmatch(PARTITION_PATTERN, partition)


@pytest.mark.parametrize("word", ["aws-foo", "aws-iso-c", "awscn", "aws-", "", "AWS"])
def test_the_pattern_matches_only_partitions(word: str) -> None:
    assert re.fullmatch(PARTITION_PATTERN, word) is None


@pytest.mark.parametrize(("text", "rtype", "rid"), [
    ("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "key", "1234abcd"),
    ("arn:aws:kms:us-east-1:111122223333:alias/app/db", "alias", "app/db"),
    ("arn:aws:iam::111122223333:role/path/to/app", "role", "path/to/app"),
    ("arn:aws:iam::111122223333:root", "", "root"),
    ("arn:aws:lambda:us-east-1:111122223333:function:f:live", "function", "f:live"),
    ("arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f", "log-group", "/aws/lambda/f"),
    ("arn:aws:secretsmanager:us-east-1:111122223333:secret:a/b-AbCdEf", "secret", "a/b-AbCdEf"),
    ("arn:aws:ssm:us-east-1:111122223333:parameter/a/b", "parameter", "a/b"),
    ("arn:aws:s3:::bucket/key/with:colon", "", "bucket/key/with:colon"),
    ("arn:aws:sns:us-east-1:111122223333:topic", "", "topic"),
    ("arn:aws:sqs:us-east-1:111122223333:queue", "", "queue"),
])
def test_resource_type_and_id(text: str, rtype: str, rid: str) -> None:
    arn = Arn.parse(text)
    assert arn is not None
    assert (arn.resource_type, arn.resource_id) == (rtype, rid)


def test_constructors_build_the_documented_shapes() -> None:
    p, r, a = "aws-cn", "cn-north-1", "111122223333"
    assert str(Arn.kms_key(p, r, a, "k")) == "arn:aws-cn:kms:cn-north-1:111122223333:key/k"
    assert str(Arn.kms_alias(p, r, a, "alias/x")) == "arn:aws-cn:kms:cn-north-1:111122223333:alias/x"
    assert str(Arn.iam_role(p, a, "app", "/svc/")) == "arn:aws-cn:iam::111122223333:role/svc/app"
    assert str(Arn.iam_user(p, a, "bob")) == "arn:aws-cn:iam::111122223333:user/bob"
    assert str(Arn.iam_root(p, a)) == "arn:aws-cn:iam::111122223333:root"
    assert str(Arn.s3_bucket(p, "b")) == "arn:aws-cn:s3:::b"
    assert str(Arn.s3_object(p, "b", "k/1")) == "arn:aws-cn:s3:::b/k/1"
    assert str(Arn.ssm_parameter(p, r, a, "/a/b")) == "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/a/b"
    assert str(Arn.ssm_parameter(p, r, a, "a")) == "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/a"
    assert str(Arn.ec2_image(p, r, "ami-1")) == "arn:aws-cn:ec2:cn-north-1::image/ami-1"
    assert str(Arn.ec2_snapshot(p, r, "snap-1", a)) == "arn:aws-cn:ec2:cn-north-1:111122223333:snapshot/snap-1"
    assert str(Arn.sns_topic(p, r, a, "t")) == "arn:aws-cn:sns:cn-north-1:111122223333:t"
    assert str(Arn.sqs_queue(p, r, a, "q")) == "arn:aws-cn:sqs:cn-north-1:111122223333:q"
    assert str(Arn.secret(p, r, a, "s-AbCdEf")) == "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:s-AbCdEf"
    assert str(Arn.log_group(p, r, a, "/g")) == "arn:aws-cn:logs:cn-north-1:111122223333:log-group:/g"
    assert str(Arn.trail(p, r, a, "t")) == "arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/t"
    assert str(Arn.lambda_function(p, r, a, "f")) == "arn:aws-cn:lambda:cn-north-1:111122223333:function:f"
    assert str(Arn.alarm(p, r, a, "al")) == "arn:aws-cn:cloudwatch:cn-north-1:111122223333:alarm:al"
