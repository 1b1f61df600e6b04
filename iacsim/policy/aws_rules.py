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
"""

from __future__ import annotations

from functools import lru_cache

from iacsim.aws import service_reference

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
