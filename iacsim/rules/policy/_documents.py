"""Every policy document of the model, with the policy type AWS validates it as.

Identity policies (managed and inline), role trust policies, key, bucket, topic, queue, secret and DynamoDB
resource policies; a document built by ``data "aws_iam_policy_document"`` reaches the model as the document of the
resource that uses it. SSM parameter ``policies`` are not IAM policies and are left out; organization policies
(SCPs, RCPs) are not modelled yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacsim.aws.policy_limits import POLICY_TYPES, PolicyType
from iacsim.model import World
from iacsim.model.base import ModelObject, Policy
from iacsim.model.dynamodb import DynamoResourcePolicy
from iacsim.model.iam import IamGroup, IamPolicy, IamRole, IamUser, InlinePolicy
from iacsim.model.kms import KeyPolicy, KmsKey
from iacsim.model.messaging import SnsTopic, SnsTopicPolicy, SqsQueue, SqsQueuePolicy
from iacsim.model.s3 import BucketPolicy, S3Bucket
from iacsim.model.secretsmanager import Secret, SecretPolicy
from iacsim.policy.validate import Issue, validate


@dataclass(frozen=True)
class Document:
    obj: ModelObject
    """Where the finding points: the object that writes the document."""
    attr: str | None
    """The attribute holding it on ``obj`` (``policy``, ``trust_policy``)."""
    policy: Policy
    type: PolicyType
    owner: ModelObject | None = None
    """For an inline policy: the role, user or group it is embedded in (IAM limits their aggregate)."""

    def issues(self) -> tuple[Issue, ...]:
        return validate(self.policy.document, self.type.shape, resource_required=self.type.resource_required)


_INLINE = {IamRole: "iam-inline-role", IamUser: "iam-inline-user", IamGroup: "iam-inline-group"}
_SIMPLE: dict[type, str] = {IamPolicy: "iam-managed", KmsKey: "key", KeyPolicy: "key", BucketPolicy: "bucket",
                            SnsTopic: "topic", SnsTopicPolicy: "topic", SqsQueue: "queue", SqsQueuePolicy: "queue",
                            Secret: "secret", SecretPolicy: "secret", DynamoResourcePolicy: "dynamodb"}


def documents(world: World) -> Iterator[Document]:
    """Each policy document once, pointing at the object that writes it."""
    for obj in world.objects():
        if isinstance(obj, S3Bucket):
            if obj.policy is not None:
                yield Document(obj.policy, "policy", obj.policy.policy, POLICY_TYPES["bucket"])
        elif isinstance(obj, IamRole | IamUser | IamGroup):
            if isinstance(obj, IamRole) and obj.trust_policy is not None:
                yield Document(obj, "trust_policy", obj.trust_policy, POLICY_TYPES["trust"])
            for inline in obj.inline_policies:
                yield Document(inline, "policy", inline.policy, POLICY_TYPES[_INLINE[type(obj)]], owner=obj)
        elif isinstance(obj, InlinePolicy):
            yield Document(obj, "policy", obj.policy, POLICY_TYPES[f"iam-inline-{obj.principal_kind}"])
        elif type(obj) in _SIMPLE:
            policy = getattr(obj, "policy", None)
            if isinstance(policy, Policy):
                yield Document(obj, "policy", policy, POLICY_TYPES[_SIMPLE[type(obj)]])
