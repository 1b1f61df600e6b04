"""Shared base of the simulated EC2 client: backend access, authorization, image visibility.

The client is split by idea: :mod:`iacsim.sim.ec2.images` (AMIs: register, share, copy) and
:mod:`iacsim.sim.ec2.client` (EBS defaults, volumes, snapshots, instances; registers the service).
"""

from __future__ import annotations

from typing import Final

from iacsim.aws.arn import Arn
from iacsim.aws.violation import Violation
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient
from iacsim.sim.cloud import Cloud
from iacsim.sim.ec2.backend import Ec2Backend, Image, Snapshot, find_image, organization_of
from iacsim.sim.ec2.errors import AuthFailure, InvalidAmiIdNotFound, UnauthorizedOperation
from iacsim.sim.ec2.launch import EbsKms
from iacsim.sim.ec2.rules import launch_permitted
from iacsim.sim.errors import aws_error

BLOCK_DEVICE_EBS_KEYS: Final = frozenset(
    {"SnapshotId", "VolumeSize", "DeleteOnTermination", "VolumeType", "Encrypted", "KmsKeyId"}
)
"""EbsBlockDevice fields the simulation implements (others raise UnsupportedParameterError)."""


def raise_violation(violation: Violation) -> None:
    raise aws_error(violation.code, violation.message)


def kms_managed(cloud: Cloud, key_arn: str) -> bool:
    """True if ``key_arn`` is an AWS managed key (``aws/ebs``...)."""
    arn = Arn.parse(key_arn)
    if arn is None or not arn.resource.startswith("key/"):
        return False
    key = cloud.backends("kms")[arn.account][arn.region].keys.get(arn.resource_id)
    return key is not None and key.key_manager == "AWS"


class Ec2Base(BaseClient):
    """State access and checks shared by the EC2 operations (images, volumes, instances)."""

    service_name = "ec2"

    @property
    def backend(self) -> Ec2Backend:
        backend: Ec2Backend = self.cloud.backends("ec2")[self.account][self.region]
        return backend

    def _authorize(self, action: str, resource: str) -> None:
        require(
            self.cloud,
            self.caller,
            f"ec2:{action}",
            resource,
            resource_account=self.account,
            error=UnauthorizedOperation,
            region=self.region,
        )

    def _arn(self, kind: str, resource_id: str, account: str | None = None) -> str:
        owner = "" if kind in ("image", "snapshot") and account is None else (account or self.account)
        return str(Arn.ec2(self.cloud.partition, self.region, owner, kind, resource_id))

    def _ebs(self) -> EbsKms:
        return EbsKms(self.cloud, self.caller, self.region)

    def _visible_image(self, image_id: str, region: str | None = None, use: bool = False) -> Image:
        """An image the caller may use: owned, or shared by launch permission.

        An image that does not exist is ``InvalidAMIID.NotFound``; one that exists but is not shared
        with the caller is invisible to DescribeImages (NotFound) and refused by RunInstances/CopyImage
        with ``AuthFailure: Not authorized for images: [ami-…]`` (the error AWS returns for a private
        AMI of another account).
        """
        image = find_image(self.cloud, region or self.region, image_id)
        if image is None:
            raise InvalidAmiIdNotFound(f"The image id '[{image_id}]' does not exist")
        allowed, _ = launch_permitted(
            image.owner, self.account, image.launch_permissions, organization_of(self.cloud, self.account)
        )
        if not allowed:
            if use:
                raise AuthFailure(f"Not authorized for images: [{image_id}]")
            raise InvalidAmiIdNotFound(f"The image id '[{image_id}]' does not exist")
        return image

    def _own_image(self, image_id: str) -> Image:
        image = self.backend.images.get(image_id)
        if image is None:
            if find_image(self.cloud, self.region, image_id) is not None:
                raise AuthFailure(f"Not authorized for image:{image_id}")
            raise InvalidAmiIdNotFound(f"The image id '[{image_id}]' does not exist")
        return image

    def _snapshot_usable(self, snapshot: Snapshot) -> bool:
        return (
            snapshot.owner == self.account
            or self.account in snapshot.create_volume_permissions
            or "all" in snapshot.create_volume_permissions
        )
