"""``ami-sharing``: every launch permission on an encrypted image, replayed as a launch in the target account.

The image is recreated in its owner account from encrypted volumes and snapshots
with the model's keys, shared as the code shares it, and launched as the target
account. The target account's own IAM is usually not in the scan: its root stands
for its principals (stated as an assumption in the step).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import Ec2Client, client
from iacsim.flows.keys import key_as_passed
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, root, trace_step, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.ec2 import Ami, BlockDevice, LaunchPermission
from iacsim.rules.ami.sharing_flow import SharedImageLaunchFails
from iacsim.values import Unknown


class AmiSharingFlow(Flow):
    kind = "ami-sharing"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        permissions = [lp for lp in ctx.world.of_type(LaunchPermission) if isinstance(lp.account_id, str)]
        if not permissions:
            return
        seeded = ctx.new_cloud()
        images: dict[str, FlowStep | str] = {}
        for lp in permissions:
            image = ctx.world.find_ami(lp.image, region=lp.region)
            name = f"{lp.address}: launch in {lp.account_id}"
            if image is None:
                yield unknown(self.kind, name, root(str(lp.account_id)), "ec2:RunInstances", str(lp.image),
                              "the shared image is not defined in the scan")
                continue
            if image.address not in images:
                images[image.address] = self._register(ctx, seeded, image)
            registered = images[image.address]
            if isinstance(registered, FlowStep):
                yield FlowOutcome(FlowResult(self.kind, name, "unknown" if registered.decision == "unknown" else "fail",
                                             (registered,)))
                continue
            yield self._launch(seeded, image, registered, lp, name)

    def _key_for(self, ctx: FlowContext, seeded: SeededCloud, image: Ami, device: BlockDevice) -> tuple[bool, str | None]:
        """(encrypted, simulated key ARN) of a block device, through its snapshot when the image names one."""
        encrypted, key_ref = device.encrypted, device.kms_key
        snapshot = ctx.world.find_snapshot(device.snapshot_id) if device.snapshot_id is not None else None
        if snapshot is not None:
            encrypted = snapshot.encrypted if snapshot.encrypted is not None else encrypted
            key_ref = snapshot.kms_key if snapshot.kms_key is not None else key_ref
        if isinstance(encrypted, Unknown) or (isinstance(key_ref, Unknown) and seeded.resolve(key_ref) is key_ref):
            return True, "unknown"  # known only after apply (a plan's snapshot): say so, never guess
        if encrypted is not True:
            return False, None
        if key_ref is None:
            return True, None  # the account's default EBS key (aws/ebs unless changed)
        key = key_as_passed(ctx.world, seeded, key_ref, image.account, image.region)
        return True, key if key is not None else "unknown"

    def _register(self, ctx: FlowContext, seeded: SeededCloud, image: Ami) -> FlowStep | str:
        """The simulated image id, or the step that kept it from being registered."""
        owner = root(image.account)
        if not isinstance(image.block_devices, tuple) or not image.block_devices:
            return FlowStep(owner, "ec2:RegisterImage", image.address, "unknown", "the image's block devices are unknown")
        ec2 = client(seeded.cloud, Ec2Client, region=image.region, account=image.account)
        mappings: list[dict[str, Any]] = []
        for i, device in enumerate(image.block_devices):
            encrypted, key_arn = self._key_for(ctx, seeded, image, device)
            if key_arn == "unknown":
                return FlowStep(owner, "ec2:RegisterImage", image.address, "unknown",
                                f"the key of block device {i} is not known statically")
            size = device.volume_size if isinstance(device.volume_size, int) else 8
            step, vol = call_step(owner, "ec2:CreateVolume", image.address, partial(
                ec2.create_volume, AvailabilityZone=f"{image.region}a", Size=size, Encrypted=encrypted,
                **({"KmsKeyId": key_arn} if key_arn else {})), "volume created")
            if vol is None:
                return step
            step, snap = call_step(owner, "ec2:CreateSnapshot", image.address,
                                   partial(ec2.create_snapshot, VolumeId=vol["VolumeId"]), "snapshot created")
            if snap is None:
                return step
            device_name = device.device_name if isinstance(device.device_name, str) else f"/dev/sd{chr(97 + i)}"
            mappings.append({"DeviceName": device_name, "Ebs": {"SnapshotId": snap["SnapshotId"]}})
        root_name = image.root_device_name if isinstance(image.root_device_name, str) else mappings[0]["DeviceName"]
        name = image.name if isinstance(image.name, str) else image.address
        step, out = call_step(owner, "ec2:RegisterImage", image.address, partial(
            ec2.register_image, Name=name, RootDeviceName=root_name, BlockDeviceMappings=mappings), "image registered")
        return str(out["ImageId"]) if out is not None else step

    def _launch(self, seeded: SeededCloud, image: Ami, image_id: str, lp: LaunchPermission, name: str) -> FlowOutcome:
        owner, target = root(image.account), str(lp.account_id)
        ec2 = client(seeded.cloud, Ec2Client, region=image.region, account=image.account)
        share, out = call_step(owner, "ec2:ModifyImageAttribute", image_id, partial(
            ec2.modify_image_attribute, ImageId=image_id, LaunchPermission={"Add": [{"UserId": target}]}),
            f"launch permission added for {target}")
        steps = [share]
        failures: list[FlowFailure] = []
        if out is not None:
            target_ec2 = client(seeded.cloud, Ec2Client, region=image.region, account=target)
            run, started = call_step(root(target), "ec2:RunInstances", image_id, partial(
                target_ec2.run_instances, ImageId=image_id, MinCount=1, MaxCount=1),
                f"launched in {target} (the target account's IAM is not in the scan: its root stands for its "
                "principals)")
            steps.append(run)
            if started is not None:
                instance_id = started["Instances"][0]["InstanceId"]
                trace = target_ec2.launch_steps(instance_id)
                steps += [trace_step(s) for s in trace]
                state = target_ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
                if state["State"]["Name"] == "terminated":
                    reason = state.get("StateReason", {}).get("Message", "terminated")
                    steps.append(FlowStep(root(target), "ec2:RunInstances", instance_id, "error",
                                          f"the instance terminated at launch: {reason}"))
        if verdict(steps) == "fail":
            denied = next((s for s in steps if s.decision in ("denied", "error")), steps[-1])
            failures.append(FlowFailure(SharedImageLaunchFails, lp,
                                        f"{target} cannot launch {image.address}: {denied.action} on "
                                        f"{denied.resource} — {denied.reason}",
                                        fix=f"share the image's KMS key with account {target} (key policy: "
                                            "kms:DescribeKey, kms:Decrypt, kms:ReEncrypt*, "
                                            "kms:GenerateDataKeyWithoutPlaintext, kms:CreateGrant with "
                                            "kms:GrantIsForAWSResource)"))
        return FlowOutcome(FlowResult(self.kind, name, verdict(steps), tuple(steps)), tuple(failures))
