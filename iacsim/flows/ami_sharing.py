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
from iacsim.flows.ami_devices import Device, copy_plan, describe_ref, image_devices
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import Ec2Client, client
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, root, trace_step, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.ec2 import Ami, LaunchPermission
from iacsim.rules.ami.sharing_flow import SharedImageLaunchFails


class AmiSharingFlow(Flow):
    kind = "ami-sharing"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        permissions = [lp for lp in ctx.world.of_type(LaunchPermission) if isinstance(lp.account_id, str)]
        if not permissions:
            return
        seeded = ctx.new_cloud()
        cache: dict[str, FlowStep | str] = {}
        for lp in permissions:
            image = ctx.world.find_ami(lp.image, region=lp.region)
            name = f"{lp.address}: launch in {lp.account_id}"
            if image is None:
                yield unknown(self.kind, name, root(str(lp.account_id)), "ec2:RunInstances", str(lp.image),
                              "the shared image is not defined in the scan")
                continue
            registered = self._register(ctx, seeded, image, cache)
            if isinstance(registered, FlowStep):
                yield FlowOutcome(FlowResult(self.kind, name, "unknown" if registered.decision == "unknown" else "fail",
                                             (registered,)))
                continue
            yield self._launch(seeded, image, registered, lp, name)

    def _register(self, ctx: FlowContext, seeded: SeededCloud, image: Ami, cache: dict[str, FlowStep | str],
                  depth: int = 0) -> FlowStep | str:
        """The simulated image id (registered once per scan), or the step that kept it from being registered."""
        if image.address not in cache:
            if image.kind == "copy":
                cache[image.address] = self._copy(ctx, seeded, image, cache, depth)
            else:
                devices = image_devices(ctx.world, seeded, image)
                cache[image.address] = (FlowStep(root(image.account), "ec2:RegisterImage", image.address, "unknown",
                                                 devices) if isinstance(devices, str)
                                        else self._build(seeded, image, devices))
        return cache[image.address]

    @staticmethod
    def _build(seeded: SeededCloud, image: Ami, devices: list[Device]) -> FlowStep | str:
        """Volumes encrypted as the image's snapshots are, their snapshots, and the image registered from them
        (RegisterImage keeps each snapshot's encryption)."""
        owner = root(image.account)
        ec2 = client(seeded.cloud, Ec2Client, region=image.region, account=image.account)
        mappings: list[dict[str, Any]] = []
        for device in devices:
            encryption: dict[str, Any] = {"Encrypted": True} if device.encrypted else {}
            if device.key_arn is not None:
                encryption["KmsKeyId"] = device.key_arn
            step, vol = call_step(owner, "ec2:CreateVolume", image.address, partial(
                ec2.create_volume, AvailabilityZone=f"{image.region}a", Size=device.size, **encryption),
                f"volume created ({device.why})")
            if vol is None:
                return step
            step, snap = call_step(owner, "ec2:CreateSnapshot", image.address,
                                   partial(ec2.create_snapshot, VolumeId=vol["VolumeId"]), "snapshot created")
            if snap is None:
                return step
            mappings.append({"DeviceName": device.name, "Ebs": {"SnapshotId": snap["SnapshotId"]}})
        root_name = image.root_device_name if isinstance(image.root_device_name, str) else mappings[0]["DeviceName"]
        name = image.name if isinstance(image.name, str) else image.address
        step, out = call_step(owner, "ec2:RegisterImage", image.address, partial(
            ec2.register_image, Name=name, RootDeviceName=root_name, BlockDeviceMappings=mappings), "image registered")
        return str(out["ImageId"]) if out is not None else step

    def _copy(self, ctx: FlowContext, seeded: SeededCloud, image: Ami, cache: dict[str, FlowStep | str],
              depth: int) -> FlowStep | str:
        """``aws_ami_copy``: CopyImage of the source image with the copy's ``encrypted``/``kms_key_id``, which
        decide the key of every snapshot of the copy ("Copy an AMI", docs/aws-behaviour.md §12)."""
        owner = root(image.account)
        plan = copy_plan(ctx.world, seeded, image)
        if isinstance(plan, str):
            return FlowStep(owner, "ec2:CopyImage", image.address, "unknown", plan)
        source_region = image.source_ami_region if isinstance(image.source_ami_region, str) else image.region
        source = ctx.world.find_ami(seeded.resolve(image.source_ami), region=source_region)
        if source is None or depth > 5:
            if plan.key_arn is None:
                return FlowStep(owner, "ec2:CopyImage", image.address, "unknown",
                                f"the source image {describe_ref(image.source_ami)} is not in the scan, so the keys of "
                                "its snapshots (which the copy keeps unless kms_key_id is given) are not known")
            devices = [Device("/dev/xvda", 8, True, plan.key_arn,
                              "the source image is outside the scan; kms_key_id encrypts every snapshot of the copy")]
            return self._build(seeded, image, devices)
        if source.account != image.account:
            return FlowStep(owner, "ec2:CopyImage", image.address, "unknown",
                            f"{source.address} belongs to account {source.account}: a copy across accounts is not "
                            "replayed")
        source_id = self._register(ctx, seeded, source, cache, depth + 1)
        if isinstance(source_id, FlowStep):
            return source_id
        ec2 = client(seeded.cloud, Ec2Client, region=image.region, account=image.account)
        name = image.name if isinstance(image.name, str) else image.address
        step, out = call_step(owner, "ec2:CopyImage", image.address, partial(
            ec2.copy_image, Name=name, SourceImageId=source_id, SourceRegion=source_region,
            Encrypted=True if plan.encrypted else None, KmsKeyId=plan.key_arn),
            f"image copied from {source.address}")
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
