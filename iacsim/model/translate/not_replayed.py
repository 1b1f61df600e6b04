"""What the code does with topics, queues, log groups and shared AMIs that no replay exercises.

A topic, queue or log group ARN given to a resource type iacsim does not model (an Image Builder
infrastructure configuration's ``sns_topic_arn``, any ``*_topic_arn``/``*QueueArn``/``*_log_group*``
attribute) makes that resource a producer whose publishing — with the topic's or queue's key — is never
replayed; an Image Builder distribution that shares its AMIs (``launch_permission``/``target_account_ids``)
encrypted with a KMS key is AMI sharing that the ``ami-sharing`` replay does not cover (the User Guide does not
say which principal Image Builder uses with the key). Both are listed in the coverage section as "not
replayed", with the resource and attribute, rather than left silent (issue 13: what the scan does not check is
said, never a pass).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject, NotReplayed
from iacsim.model.ec2 import ImageDistribution
from iacsim.model.ids import Address
from iacsim.values import Unknown

_PRODUCER_ATTRIBUTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:^|_)topic_arns?$|TopicArns?$|^TopicARN$", re.I), "an SNS topic"),
    (re.compile(r"(?:^|_)queue_arns?$|QueueArns?$", re.I), "an SQS queue"),
    (re.compile(r"log_group|LogGroup", re.I), "a CloudWatch Logs log group"),
)
_SAME_SERVICE = re.compile(r"^(aws_sns_|aws_sqs_|aws_cloudwatch_log_|AWS::SNS::|AWS::SQS::|AWS::Logs::)")
"""Types of the topic's, queue's or log group's own service (a redrive policy, a log stream, a query): they
configure it, they do not produce to it."""
MAX_DEPTH = 8
"""Nested blocks read for producer attributes (templates are already bounded; this keeps the walk cheap)."""


def unreplayed_producers(resource: Resource) -> Iterator[NotReplayed]:
    """Each producer attribute of an unmodelled ``resource`` that names something (a value, or a reference)."""
    if _SAME_SERVICE.match(resource.type):
        return
    seen: set[str] = set()
    for path, value in _attributes(resource.attrs, "", 0):
        name = path.rsplit(".", 1)[-1]
        what = next((w for pattern, w in _PRODUCER_ATTRIBUTES if pattern.search(name)), None)
        if what is None or path in seen or not _names_something(value):
            continue
        seen.add(path)
        yield NotReplayed(address=Address(resource.address), type=resource.type, attribute=path, what=what,
                          file=resource.source.file, line=resource.source.line)


def unreplayed_ami_sharing(objects: list[ModelObject]) -> Iterator[NotReplayed]:
    """Image Builder distributions that share AMIs encrypted with a KMS key with other accounts."""
    for obj in objects:
        if not isinstance(obj, ImageDistribution) or isinstance(obj.targets, Unknown):
            continue
        for i, target in enumerate(obj.targets):
            shared = any(_names_something(v) for v in (
                target.target_account_ids, target.launch_account_ids, target.launch_groups,
                target.launch_organization_arns, target.launch_organizational_unit_arns))
            if shared and target.kms_key is not None:
                yield NotReplayed(address=obj.address, type="Image Builder distribution",
                                  attribute=f"distribution[{i}] kms key with launch permission or target accounts",
                                  what="AMI sharing with a KMS key", file=obj.source.file, line=obj.source.line)


def _attributes(value: Any, path: str, depth: int) -> Iterator[tuple[str, Any]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            yield child, item
            yield from _attributes(item, child, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _attributes(item, path, depth + 1)


def _names_something(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return any(_names_something(v) for v in value)
    return False
