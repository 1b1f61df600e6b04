"""What IAM refuses whatever the caller's policies allow: changes to AWS's own entities.

* Service-linked roles (path ``/aws-service-role/``): "The service controls the attached policies and when
  the role can be deleted ... To attach a policy to this service-linked role, you must make the request using
  the AWS service that depends on this role"
  (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html); any other change is
  refused with ``UnmodifiableEntity`` ("service-linked roles are protected AWS resources. Only the service that
  depends on the service-linked role can modify or delete the role on your behalf",
  https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html). Such a role is made by
  CreateServiceLinkedRole, never by CreateRole with that path (the error code for the latter is UNCONFIRMED,
  docs/sim.md).
* AWS managed policies (``arn:aws:iam::aws:policy/…``): "You cannot change the permissions defined in AWS
  managed policies" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies):
  no new version, no default version, no deletion, no tags. The error code is UNCONFIRMED (docs/sim.md); the
  simulator answers ``AccessDenied``, as for any resource of another account no policy opens.
"""

from __future__ import annotations

from iacsim.sim.errors import AccessDenied
from iacsim.sim.iam.errors import UnmodifiableEntity

SERVICE_ROLE_PATH = "/aws-service-role/"


def is_service_linked_path(path: str) -> bool:
    return path.startswith(SERVICE_ROLE_PATH)


def check_not_service_linked(role_name: str, path: str, operation: str) -> None:
    """Refuse ``operation`` on a service-linked role (it is its service's to change)."""
    if is_service_linked_path(path):
        service = path[len(SERVICE_ROLE_PATH):].strip("/") or "its service"
        raise UnmodifiableEntity(
            f"Cannot perform the operation {operation} on the protected role '{role_name}' - this role is only "
            f"modifiable by AWS (through {service})")


def is_aws_managed_policy(arn: str) -> bool:
    return arn.split(":", 5)[4:5] == ["aws"] and ":policy/" in arn


def check_customer_managed_policy(arn: str, operation: str) -> None:
    """Refuse ``operation`` on an AWS managed policy."""
    if is_aws_managed_policy(arn):
        raise AccessDenied(f"{operation} is not allowed on {arn}: AWS managed policies cannot be changed")
