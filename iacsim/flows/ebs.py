"""``service-encryption`` for EBS: encrypted volumes, Auto Scaling launches and EC2 instances with encrypted
devices.

* volumes are created and instances launched by the deployer (flows/deployer.py);
* an Auto Scaling group's instances are launched by its service-linked role
  (``AWSServiceRoleForAutoScaling``), which has no permission of its own on customer managed keys: the
  key policy must admit it (Amazon EC2 Auto Scaling User Guide, "Required AWS KMS key policy for use
  with encrypted volumes"); instances whose devices are encrypted are launched by the deploying account.
  EBS encryption by default and the default EBS key declared in the scan apply to both
  (:mod:`iacsim.sim.ec2_launch`).

Run by :class:`~iacsim.flows.datastores.DatastoreEncryptionFlow`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import FlowOutcome
from iacsim.flows.clients import Ec2Client, IamClient, client
from iacsim.flows.datastore_replay import KIND, DatastoreReplay, Scenario, ScenarioUnknown, outcome
from iacsim.flows.steps import call_step, service_kms_steps
from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.ec2 import AutoScalingGroup, BlockDevice, EbsVolume, Instance, LaunchTemplate
from iacsim.model.ids import Ref
from iacsim.rules.ebs.flow import AutoScalingRoleNotAdmitted, VolumeKeyUnusable
from iacsim.sim import ClientError
from iacsim.sim.audit import paused
from iacsim.values import Unknown

SLR_NAME = "AWSServiceRoleForAutoScaling"
SLR_PATH = "/aws-service-role/autoscaling.amazonaws.com/"


def scenarios(world: World) -> list[Scenario]:
    found: list[Scenario] = []
    for volume in world.of_type(EbsVolume):
        where = world.account(volume.account).region(volume.region).ebs_encryption_by_default
        if volume.encrypted is True or volume.kms_key is not None or (where is not None and where.enabled is True):
            found.append((volume, partial(_volume, volume)))
    for group in world.of_type(AutoScalingGroup):
        found.append((group, partial(_auto_scaling, group)))
    for instance in world.of_type(Instance):
        if _launches_encrypted(world, instance):
            found.append((instance, partial(_instance, instance)))
    return found


def _launches_encrypted(world: World, instance: Instance) -> bool:
    """An instance whose own or launch template's EBS devices are known to be encrypted; instances whose
    devices are not known are left out (most launch unencrypted or through images other flows replay)."""
    own = instance.block_devices
    if isinstance(own, tuple) and _encrypted(own):
        return True
    template = _template_of(world, instance, instance.launch_template)
    return template is not None and isinstance(template.block_devices, tuple) and \
        bool(_encrypted(template.block_devices))


def _volume(volume: EbsVolume, r: DatastoreReplay) -> FlowOutcome:
    name = f"{volume.address}: EBS volume encryption"
    key = r.key(volume.kms_key, volume)
    _ebs_defaults(r, volume)
    zone = volume.availability_zone if isinstance(volume.availability_zone, str) else f"{volume.region}a"
    steps, _ = r.deployer_step(volume, "ec2:CreateVolume", volume.address, lambda who: partial(
        client(r.cloud, Ec2Client, region=volume.region, principal=who).create_volume, AvailabilityZone=zone,
        Size=8, Encrypted=True, **({"KmsKeyId": key} if key else {})), "volume created", [])
    rule = None if r.wrong_region(volume.kms_key, volume) else VolumeKeyUnusable
    return outcome(volume, name, steps, rule,
                   f"key policy statement allowing account {volume.account}'s principals kms:CreateGrant, "
                   "kms:GenerateDataKeyWithoutPlaintext, kms:Decrypt, kms:ReEncrypt* and kms:DescribeKey "
                   f"(condition kms:ViaService = ec2.{volume.region}.amazonaws.com)")


def _template_of(world: World, obj: ModelObject, ref: Ref | None) -> LaunchTemplate | None:
    """The launch template ``ref`` (id, name or a reference to it) names, in ``obj``'s account and Region."""
    if ref is None:
        return None
    templates = [t for t in world.of_type(LaunchTemplate) if t.account == obj.account and t.region == obj.region]
    if isinstance(ref, Unknown):
        target = (ref.ref or "").rsplit(".", 1)[0]
        return next((t for t in templates if t.address == target or t.address == ref.ref), None)
    return next((t for t in templates if ref in (t.template_id, t.name)), None)


def _service_linked_role(r: DatastoreReplay, group: AutoScalingGroup) -> str:
    if isinstance(group.service_linked_role, str):
        role_arn = group.service_linked_role
        role_name = role_arn.rsplit("/", 1)[-1]
    elif group.service_linked_role is None:
        role_name = SLR_NAME
        role_arn = str(Arn.iam_role(group.partition, group.account, SLR_NAME, SLR_PATH))
    else:
        raise ScenarioUnknown("the group's service-linked role is not known statically")
    iam = client(r.cloud, IamClient, account=group.account)
    with paused():
        try:
            iam.get_role(RoleName=role_name)
        except ClientError:  # absent: created as Auto Scaling does on first use
            suffix = role_name[len(SLR_NAME) + 1:] if role_name.startswith(f"{SLR_NAME}_") else None
            if role_name != SLR_NAME and suffix is None:
                raise ScenarioUnknown(f"{role_arn} is not in the scan and is not named as Auto Scaling's "
                                      f"service-linked role") from None
            iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", CustomSuffix=suffix)
            # AutoScalingServiceRolePolicy (stand-in), put by Auto Scaling itself: EC2 actions, and no
            # permission on customer managed keys
            iam.backend.put_service_role_policy(role_name, "AutoScalingServiceRolePolicy", json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}))
    return role_arn


def _ebs_defaults(r: DatastoreReplay, obj: ModelObject) -> bool:
    """Apply the account+Region's EBS encryption by default (and default key) to the simulated EC2 once;
    True when new volumes there are encrypted by default."""
    where = r.world.account(obj.account).region(obj.region)
    setting = where.ebs_encryption_by_default
    enabled = setting is not None and setting.enabled is True
    slot = (obj.account, obj.region)
    if slot in r.ebs_defaults:
        return r.ebs_defaults[slot]
    r.ebs_defaults[slot] = enabled
    if enabled:
        ec2 = client(r.cloud, Ec2Client, region=obj.region, account=obj.account)
        default = where.ebs_default_kms_key
        key = r.key(default.key, default) if default is not None else None
        with paused():  # account settings the scan declares, not part of the replayed launch
            ec2.enable_ebs_encryption_by_default()
            if key is not None:
                ec2.modify_ebs_default_kms_key_id(KmsKeyId=key)
    return enabled


def _encrypted(devices: tuple[BlockDevice, ...]) -> dict[str, BlockDevice]:
    """Encrypted EBS devices by device name."""
    out: dict[str, BlockDevice] = {}
    for i, device in enumerate(devices):
        if device.encrypted is True or device.kms_key is not None:
            name = device.device_name if isinstance(device.device_name, str) else f"/dev/sd{chr(102 + i)}"
            out[name] = device
    return out


def _launch(r: DatastoreReplay, obj: ModelObject, devices: dict[str, BlockDevice], key_owner: ModelObject,
            principal: str | None, what: str) -> list[FlowStep]:
    """RunInstances with these encrypted devices, as ``principal`` (None: the deployer of ``obj``): EBS
    creates, grants and decrypts each volume's key as that principal. The image is an unencrypted stand-in."""
    mappings: list[dict[str, Any]] = []
    for device_name, device in devices.items():
        key = r.key(device.kms_key, key_owner)
        mappings.append({"DeviceName": device_name, "Ebs": {"Encrypted": True, **({"KmsKeyId": key} if key else {})}})
    owner = client(r.cloud, Ec2Client, region=obj.region, account=obj.account)
    names = list(devices) or ["/dev/xvda"]  # no device named: the image's root volume
    with paused():  # the image launched is outside this replay: an unencrypted stand-in
        image_devices: list[dict[str, Any]] = []
        for device_name in names:
            vol = owner.create_volume(AvailabilityZone=f"{obj.region}a", Size=8)
            snap = owner.create_snapshot(VolumeId=vol["VolumeId"])
            image_devices.append({"DeviceName": device_name, "Ebs": {"SnapshotId": snap["SnapshotId"]}})
        image_id = owner.register_image(Name=r.name("ami", obj, None), RootDeviceName=names[0],
                                        BlockDeviceMappings=image_devices)["ImageId"]
    devices_arg: dict[str, Any] = {"BlockDeviceMappings": mappings} if mappings else {}

    def make(who: str) -> Callable[[], dict[str, Any]]:
        return partial(client(r.cloud, Ec2Client, region=obj.region, principal=who).run_instances,
                       ImageId=image_id, MinCount=1, MaxCount=1, **devices_arg)

    if principal is None:
        acting = r.deployer(obj)
        principal = acting.arn
        run, started = acting.call("ec2:RunInstances", obj.address, make, what)
    else:
        run, started = call_step(principal, "ec2:RunInstances", obj.address, make(principal), what)
    ec2 = owner
    steps = [run]
    if started is not None:
        instance_id = started["Instances"][0]["InstanceId"]
        steps += service_kms_steps(ec2.launch_steps(instance_id))
        state = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
        if state["State"]["Name"] == "terminated":
            steps.append(FlowStep(principal, "ec2:RunInstances", instance_id, "error",
                                  "the instance terminated at launch: "
                                  f"{state.get('StateReason', {}).get('Message', 'Client.InternalError')}"))
    return steps


def _auto_scaling(group: AutoScalingGroup, r: DatastoreReplay) -> FlowOutcome:
    name = f"{group.address}: Auto Scaling launch with encrypted volumes"
    template = _template_of(r.world, group, group.launch_template)
    if template is None:
        raise ScenarioUnknown("the group's launch template is not defined in the scan")
    if not isinstance(template.block_devices, tuple):
        raise ScenarioUnknown(f"the block devices of {template.address} are not known statically")
    devices = _encrypted(template.block_devices)
    by_default = _ebs_defaults(r, group)
    if not devices and not by_default:
        return FlowOutcome(FlowResult(KIND, name, "pass", (FlowStep(
            "autoscaling.amazonaws.com", "ec2:RunInstances", template.address, "allowed",
            "the launch template encrypts no EBS volume and EBS encryption by default is off"),)))
    role_arn = _service_linked_role(r, group)
    steps = _launch(r, group, devices, template, role_arn,
                    f"Auto Scaling launches from {template.address} as its service-linked role")
    if not devices:
        steps[0] = replace(steps[0], reason=steps[0].reason + " (volumes encrypted by EBS encryption by default "
                                                              "with the account's default EBS key)")
    wrong = any(r.wrong_region(d.kms_key, template) for d in devices.values())
    return outcome(group, name, steps, None if wrong else AutoScalingRoleNotAdmitted,
                   f"add to the key policy a statement allowing {role_arn} kms:Encrypt, kms:Decrypt, "
                   "kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey, and one allowing it "
                   "kms:CreateGrant with kms:GrantIsForAWSResource = true")


def _instance(instance: Instance, r: DatastoreReplay) -> FlowOutcome:
    name = f"{instance.address}: EC2 launch with encrypted volumes"
    devices: dict[str, BlockDevice] = {}
    key_owner: ModelObject = instance
    if instance.launch_template is not None:
        template = _template_of(r.world, instance, instance.launch_template)
        if template is None or not isinstance(template.block_devices, tuple):
            raise ScenarioUnknown("the instance's launch template (or its block devices) is not in the scan")
        devices.update(_encrypted(template.block_devices))
        key_owner = template
    if not isinstance(instance.block_devices, tuple):
        raise ScenarioUnknown("the instance's block devices are not known statically")
    devices.update(_encrypted(instance.block_devices))  # the instance's own mappings win
    _ebs_defaults(r, instance)
    steps = _launch(r, instance, devices, key_owner, None,
                    "instance launched; its image's own snapshots are not part of this replay (an unencrypted "
                    "stand-in)")
    wrong = any(r.wrong_region(d.kms_key, key_owner) for d in devices.values())
    return outcome(instance, name, steps, None if wrong else VolumeKeyUnusable,
                   f"key policy statement allowing account {instance.account}'s principals "
                   "kms:CreateGrant, kms:GenerateDataKeyWithoutPlaintext, kms:Decrypt, kms:ReEncrypt* and "
                   f"kms:DescribeKey (condition kms:ViaService = ec2.{instance.region}.amazonaws.com)")
