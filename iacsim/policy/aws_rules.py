"""What AWS applies to a request beyond the policies written for it (docs/aws-behaviour.md §5).

* ``sts:GetCallerIdentity`` needs no permission: "If an administrator attaches a policy to your identity
  that explicitly denies access to the sts:GetCallerIdentity action, you can still perform this operation"
  (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
* Resource control policies apply only to the services that support them — the list comes from the IAM
  service reference (:func:`iacsim.aws.service_reference.rcp_supported_services`) — never to actions of
  service-linked roles, never to AWS managed KMS keys and never to ``kms:RetireGrant``
  (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html,
  https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html). They do apply to AWS
  service principals: the KMS guide's confused-deputy RCP denies service principals by
  ``aws:PrincipalIsAWSService``. ``RCPFullAWSAccess`` "is automatically attached to the organization root,
  every OU, and every account ... You cannot detach this policy"
  (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html), and
  Allow is supported in no other RCP, so every RCP level allows: only an RCP's Deny statements decide.
* An action that supports no resource type is requested on ``*`` (IAM User Guide, "Resource"
  element: "some actions ... do not support resource-level permissions ... you must use the all
  resources wildcard (*)", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html);
  which actions those are comes from the service reference, so a statement naming an ARN never matches them.
* Resources AWS keeps for itself, whatever the policies allow: an alias named ``alias/aws/…`` cannot be created,
  updated or deleted ("The alias name cannot begin with alias/aws/. The alias/aws/ prefix is reserved for AWS
  managed keys", https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html), and an AWS managed
  policy (``arn:aws:iam::aws:policy/…``) cannot be changed ("You cannot change the permissions defined in AWS
  managed policies", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies).
  Which actions change an alias or a policy is the service reference's: those of its ``alias`` / ``policy``
  resource type that are not Read or List. (Service-linked roles are protected too, but IAM refuses those
  changes with ``UnmodifiableEntity`` after authorization, so that rule lives in the simulated IAM,
  :mod:`iacsim.sim.iam.protections`.)
"""

from __future__ import annotations

from functools import lru_cache

from iacsim.aws import service_reference
from iacsim.aws.arn import Arn

ALWAYS_ALLOWED_ACTIONS = frozenset({"sts:getcalleridentity"})
"""Lower-cased actions AWS allows whatever the policies say."""


@lru_cache(maxsize=4096)
def rcps_apply_to_action(action: str) -> bool:
    """Whether resource control policies can restrict ``action`` (its service supports RCPs, and it is
    not ``kms:RetireGrant``)."""
    lowered = action.lower()
    if lowered == "kms:retiregrant":
        return False
    return lowered.partition(":")[0] in service_reference.rcp_supported_services()


@lru_cache(maxsize=8192)
def requested_resource(action: str, resource: str) -> str:
    """The resource AWS evaluates ``action`` against: ``*`` for an action the service reference lists
    with no resource type, otherwise ``resource`` as given. An action the reference does not know keeps
    its resource (nothing is guessed)."""
    if resource == "*":
        return resource
    known = service_reference.action(action)
    if known is None or known.resource_types:
        return resource
    return "*"


def _changes(action: str, resource_type: str) -> bool:
    """Whether ``action`` (known to the service reference) writes a resource of ``resource_type``."""
    known = service_reference.action(action)
    if known is None or not any(r.name == resource_type for r in known.resource_types):
        return False
    return not {level.strip() for level in known.access_level.split(",")} <= {"Read", "List"}


def protected_resource_refusal(action: str, resource: str) -> str | None:
    """Why AWS refuses ``action`` on ``resource`` whatever the policies say, or None (the evaluator caches it
    with its other per-(action, resource) facts)."""
    if ":alias/aws/" in resource and action[:4].lower() == "kms:" and _changes(action, "alias"):
        name = resource.split(":alias/", 1)[1]
        return f"alias/{name} is an AWS managed alias: the alias/aws/ prefix is reserved for AWS, so no one can {action} it"
    if ":policy/" in resource and action[:4].lower() == "iam:":
        arn = Arn.parse(resource)
        if arn is not None and arn.account == "aws" and _changes(action, "policy"):
            return f"{resource} is an AWS managed policy: AWS managed policies cannot be changed ({action})"
    return None
