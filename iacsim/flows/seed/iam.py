"""Roles, users, managed policies and their attachments, in each account's simulated IAM."""

from __future__ import annotations

import json
from functools import partial

from iacsim.aws.arn import Arn
from iacsim.flows.clients import IamClient, client
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.common import attempt, policy_text, unplaceable
from iacsim.model import World
from iacsim.model.iam import IamPolicy, InlinePolicy, PolicyAttachment
from iacsim.values import Unknown


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
        for role in account.roles:
            if unplaceable(seeded, role):
                continue
            name, path = seeded.values[role.address]["name"], seeded.values[role.address]["path"]
            trust = policy_text(role.trust_policy, seeded)
            doc = trust if isinstance(trust, str) else _trust_for(account_id)
            created = attempt(seeded, role.address, partial(iam.create_role, RoleName=name, Path=path,
                                                            AssumeRolePolicyDocument=doc))
            if created is None:
                continue
            _attach(seeded, iam, role.address, "role", name, role.inline_policies, role.attached_policies)
        for user in account.users:
            if unplaceable(seeded, user):
                continue
            name, path = seeded.values[user.address]["name"], seeded.values[user.address]["path"]
            if attempt(seeded, user.address, partial(iam.create_user, UserName=name, Path=path)):
                _attach(seeded, iam, user.address, "user", name, user.inline_policies, user.attached_policies)


def _create_policy(seeded: SeededCloud, iam: IamClient, pol: IamPolicy) -> None:
    text = policy_text(pol.policy, seeded)
    if not isinstance(text, str):
        seeded.unknown[pol.address] = "the managed policy document is not known statically"
        return
    name, path = seeded.values[pol.address]["name"], seeded.values[pol.address]["path"]
    attempt(seeded, pol.address, lambda: iam.create_policy(
        PolicyName=name, PolicyDocument=text, Path=path))


def _attach(seeded: SeededCloud, iam: IamClient, address: str, kind: str, name: str,
            inline: tuple[InlinePolicy, ...], attached: tuple[PolicyAttachment, ...]) -> None:
    put = getattr(iam, f"put_{kind}_policy")
    attach = getattr(iam, f"attach_{kind}_policy")
    arg = "RoleName" if kind == "role" else "UserName"
    for i, p in enumerate(inline):
        text = policy_text(p.policy, seeded)
        if not isinstance(text, str):
            seeded.unknown[address] = f"inline policy {p.name if isinstance(p.name, str) else i} is not known statically"
            continue
        pname = p.name if isinstance(p.name, str) else f"inline-{i}"
        attempt(seeded, p.address, partial(put, **{arg: name}, PolicyName=pname, PolicyDocument=text))
    for a in attached:
        policy_arn = seeded.resolve(a.policy_arn)
        attached_model = seeded.world.find_policy(policy_arn) if seeded.world and isinstance(policy_arn, str) else None
        if attached_model is not None and attached_model.address in seeded.unknown:
            # the managed policy could not be recreated: replaying without it would deny what it allows
            seeded.unknown[address] = f"attached policy {attached_model.address}: {seeded.unknown[attached_model.address]}"
            continue
        if isinstance(policy_arn, Unknown) or ":aws:policy/" in policy_arn:
            # AWS managed policies (arn:aws:iam::aws:policy/...) are not shipped with the simulator
            seeded.unknown[address] = f"attached policy {policy_arn if isinstance(policy_arn, str) else '?'} " \
                                      "is not simulated"
            continue
        attempt(seeded, a.address, partial(attach, **{arg: name}, PolicyArn=policy_arn))
