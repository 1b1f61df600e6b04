"""Roles, users, groups, managed policies and their attachments, in each account's simulated IAM.

Every policy the model holds is applied (inline and attached, groups and memberships included). What
the scan could not see into — the model's ``permissions_incomplete``, plus documents that stay unknown
once simulated ARNs are filled in — is handed to the simulator with ``IamBackend.mark_incomplete``:
a denial an unseen Allow could lift is then ``unknown``, never a deny (docs/architecture.md §4).
"""

from __future__ import annotations

import json
from functools import partial

from iacsim.aws import managed_policies
from iacsim.aws.arn import Arn
from iacsim.flows.clients import IamClient, client
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.common import attempt, policy_text, unplaceable, why_policy_unknown
from iacsim.model import World
from iacsim.model.iam import IamGroup, IamPolicy, IamRole, IamUser
from iacsim.model.iam_complete import note
from iacsim.values import Unknown

_NAME_ARG = {"role": "RoleName", "user": "UserName", "group": "GroupName"}


def _trust_for(account: str) -> str:
    # Only used when the trust policy itself is unknown; trust does not affect the flows replayed here.
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": str(Arn.iam_root("aws", account))}, "Action": "sts:AssumeRole"}]})


def seed_iam(world: World, seeded: SeededCloud) -> None:
    cloud = seeded.cloud
    for account_id, account in world.accounts.items():
        if account_id == "unknown":
            continue
        iam = client(cloud, IamClient, account=account_id)
        for pol in account.policies:
            if unplaceable(seeded, pol):
                continue
            _create_policy(seeded, iam, pol)
        groups: dict[str, str] = {}
        """Group address → its name in the simulated cloud (groups that exist there)."""
        for group in account.groups:
            name, path = seeded.values[group.address]["name"], seeded.values[group.address]["path"]
            made = attempt(seeded, group.address, partial(iam.create_group, GroupName=name, Path=path))
            if made is not None:
                groups[group.address] = name
                _apply(seeded, iam, account_id, "group", name, made["Group"]["Arn"], group)
        for role in account.roles:
            if unplaceable(seeded, role):
                continue
            name, path = seeded.values[role.address]["name"], seeded.values[role.address]["path"]
            trust = policy_text(role.trust_policy, seeded)
            doc = trust if isinstance(trust, str) else _trust_for(account_id)
            created = attempt(seeded, role.address, partial(iam.create_role, RoleName=name, Path=path,
                                                            AssumeRolePolicyDocument=doc))
            if created is not None:
                _apply(seeded, iam, account_id, "role", name, created["Role"]["Arn"], role)
        for user in account.users:
            if unplaceable(seeded, user):
                continue
            name, path = seeded.values[user.address]["name"], seeded.values[user.address]["path"]
            made = attempt(seeded, user.address, partial(iam.create_user, UserName=name, Path=path))
            if made is None:
                continue
            for ref in user.groups:
                group_model = world.find_group(ref, account=account_id)
                if group_model is not None and group_model.address in groups:
                    attempt(seeded, user.address, partial(iam.add_user_to_group,
                                                          GroupName=groups[group_model.address], UserName=name))
            _apply(seeded, iam, account_id, "user", name, made["User"]["Arn"], user)


def _create_policy(seeded: SeededCloud, iam: IamClient, pol: IamPolicy) -> None:
    text = policy_text(pol.policy, seeded)
    if not isinstance(text, str):
        seeded.unknown[pol.address] = why_policy_unknown(text, "the managed policy document is not known statically")
        return
    name, path = seeded.values[pol.address]["name"], seeded.values[pol.address]["path"]
    attempt(seeded, pol.address, lambda: iam.create_policy(
        PolicyName=name, PolicyDocument=text, Path=path))


def _apply(seeded: SeededCloud, iam: IamClient, account: str, kind: str, name: str, arn: str,
           principal: IamRole | IamUser | IamGroup) -> None:
    """Put the principal's inline policies, attach its managed ones, and say what could not be applied."""
    put = getattr(iam, f"put_{kind}_policy")
    attach = getattr(iam, f"attach_{kind}_policy")
    target = {_NAME_ARG[kind]: name}
    missing = principal.permissions_incomplete
    for i, p in enumerate(principal.inline_policies):
        text = policy_text(p.policy, seeded)
        if not isinstance(text, str):
            what = p.address if p.address != principal.address else f"{p.address}: inline policy {p.name}"
            missing = note(missing, why_policy_unknown(text, f"{what}: the policy document is not known statically"
                                                       + (f" ({text.reason})" if isinstance(text, Unknown) else "")))
            continue
        pname = p.name if isinstance(p.name, str) else f"inline-{i}"
        attempt(seeded, p.address, partial(put, **target, PolicyName=pname, PolicyDocument=text))
    for a in principal.attached_policies:
        policy_arn = seeded.resolve(a.policy_arn)
        attached_model = seeded.world.find_policy(policy_arn) if seeded.world and isinstance(policy_arn, str) else None
        if attached_model is not None and attached_model.address in seeded.unknown:
            # the managed policy could not be recreated: replaying without it would deny what it allows
            if attached_model.address not in (missing or ""):  # unless the model already names it
                missing = note(missing, f"attached policy {attached_model.address}: "
                                        f"{seeded.unknown[attached_model.address]}")
            continue
        if isinstance(policy_arn, Unknown):
            missing = note(missing, f"{a.address}: the attached policy's ARN is not known statically "
                                    f"({policy_arn.ref or policy_arn.reason})")
            continue
        if managed_policies.is_aws_managed(policy_arn) and managed_policies.document(policy_arn) is None:
            # not in iacsim's snapshot (the model already says so): the simulator cannot attach it
            missing = note(missing, managed_policies.missing_reason(policy_arn))
            continue
        attempt(seeded, a.address, partial(attach, **target, PolicyArn=policy_arn))
    if missing is not None:
        seeded.cloud.backends("iam")[account]["global"].mark_incomplete(arn, missing)
