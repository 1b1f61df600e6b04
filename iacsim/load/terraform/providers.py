"""Where a resource lives: AWS provider configurations → :class:`Placement`.

Rules (docs/architecture.md §4, "Where a resource lives"):

* **account** — the account of ``assume_role { role_arn }`` (or
  ``assume_role_with_web_identity``), else ``allowed_account_ids`` (the first one
  when several are allowed, with an assumption sentence), else ``--account-id`` /
  ``.iacsim.yml account_id``, else :data:`DEFAULT_ACCOUNT` with
  ``account_assumed=True``;
* **region** — the provider's ``region``, else ``--region`` / ``.iacsim.yml
  region``, else :data:`DEFAULT_REGION` with ``region_assumed=True``; the AWS
  provider v6 per-resource ``region`` argument overrides it
  (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/enhanced-region-support);
* **deployer** — the identity Terraform acts as: the final ``assume_role`` role ARN, else
  ``.iacsim.yml deployer:`` for the root module, else not known (checks that depend on who deploys are
  then ``unknown``);
* **partition** — from the role ARN, else from the region name (``cn-*`` →
  ``aws-cn``, ``us-gov-*`` → ``aws-us-gov``).

Provider references: ``provider = aws.west`` on resources and
``providers = { aws = aws.west }`` on module calls; a child module without
``providers`` inherits its parent's *default* (unaliased) configurations, as
Terraform does (https://developer.hashicorp.com/terraform/language/modules/develop/providers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.load.hcl import Expr, GetAttr, Literal, TemplateExpr, Variable
from iacsim.load.resource import DEFAULT_ACCOUNT, DEFAULT_REGION, Placement
from iacsim.values import Unknown

_ACCOUNT = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class Fallbacks:
    """Placement when the code does not say (``--account-id``/``--region`` before ``.iacsim.yml``)."""

    account_id: str | None = None
    region: str | None = None
    deployer: str | None = None
    """``.iacsim.yml deployer:`` for the root module being loaded (used when no ``assume_role`` says)."""


@dataclass(frozen=True)
class ProviderConfig:
    address: str
    """``aws``, ``aws.west``; prefixed with the declaring module (``module.kms.aws``) outside the root."""
    placement: Placement
    assumptions: tuple[str, ...] = ()
    default_tags: Mapping[str, Any] | Unknown = field(default_factory=dict)
    """``default_tags { tags = {...} }``: merged under each taggable resource's ``tags`` into ``tags_all``."""


def partition_of_region(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    if region.startswith("us-iso-"):
        return "aws-iso"
    return "aws"


def provider_ref(expr: Expr) -> str | None:
    """``aws.west`` from ``provider = aws.west`` (native) or ``"aws.west"`` (JSON syntax)."""
    if isinstance(expr, Variable):
        return expr.name
    if isinstance(expr, GetAttr) and isinstance(expr.source, Variable):
        return f"{expr.source.name}.{expr.name}"
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, TemplateExpr) and len(expr.parts) == 1:
        return provider_ref(expr.parts[0])
    return None


def _final_block(value: Any) -> Mapping[str, Any] | None:
    """The role Terraform ends up in: several ``assume_role`` blocks chain, the last one wins."""
    if isinstance(value, Mapping):
        return value
    if isinstance(value, list) and value and isinstance(value[-1], Mapping):
        return value[-1]
    return None


def _account_from_code(attrs: Mapping[str, Any], where: str) -> tuple[str | Unknown | None, str | None, list[str]]:
    """(account, partition, assumptions) from role ARNs or allowed_account_ids; account None if silent."""
    notes: list[str] = []
    for block_name in ("assume_role", "assume_role_with_web_identity"):
        block = _final_block(attrs.get(block_name))
        if block is None:
            continue
        arn = block.get("role_arn")
        if isinstance(arn, str):
            role = Arn.parse_iam(arn)
            if role is not None:
                return role.account, role.partition, notes
        elif isinstance(arn, Unknown):
            notes.append(f"provider {where}: {block_name}.role_arn is unknown ({arn.reason}); account taken from elsewhere")
    allowed = attrs.get("allowed_account_ids")
    if isinstance(allowed, list | tuple | set | frozenset):
        ids = sorted(str(a) for a in allowed if isinstance(a, str | int) and _ACCOUNT.match(str(a)))
        if ids:
            if len(ids) > 1:
                notes.append(f"provider {where} allows accounts {', '.join(ids)}; resources placed in {ids[0]}")
            return ids[0], None, notes
    return None, None, notes


def deployer_of(attrs: Mapping[str, Any]) -> str | Unknown | None:
    """The role Terraform acts as: the final ``assume_role`` (or web-identity) role ARN, when written."""
    for block_name in ("assume_role", "assume_role_with_web_identity"):
        block = _final_block(attrs.get(block_name))
        arn = block.get("role_arn") if block is not None else None
        if isinstance(arn, Unknown):
            return arn
        if isinstance(arn, str) and Arn.parse_iam(arn) is not None:
            return arn
    return None


def credentials_of(attrs: Mapping[str, Any]) -> str | None:
    """What a provider without a stated account authenticates with — its ``profile`` (a name, or the variable
    it comes from) — or None when it names none (the environment's default credentials). Two providers with
    different profiles may well be two accounts, so the replay must not treat its one stand-in account as a
    fact about them (docs/architecture.md §4, "Unknown names are stand-ins, not unknowns")."""
    profile = attrs.get("profile")
    if isinstance(profile, str) and profile:
        return f"profile {profile}"
    if isinstance(profile, Unknown):
        return f"profile {profile.template or profile.ref or profile.reason}"
    return None


def provider_placement(address: str, attrs: Mapping[str, Any] | None, fallbacks: Fallbacks,
                       where: str) -> ProviderConfig:
    """The placement a provider configuration gives its resources.

    ``attrs`` are the evaluated provider arguments (``None`` for Terraform's
    implicit empty configuration); ``where`` names the root module for messages.
    """
    attrs = attrs or {}
    label = f"{address} in {where}"
    account, partition, notes = _account_from_code(attrs, label)
    account_assumed = False
    if account is None:
        if fallbacks.account_id:
            account = fallbacks.account_id
            notes.append(f"account {account} used for provider {label} (no assume_role or "
                         "allowed_account_ids; from --account-id/.iacsim.yml)")
        else:
            account = DEFAULT_ACCOUNT
            account_assumed = True
            notes.append(f"account {DEFAULT_ACCOUNT} assumed for provider {label} (no assume_role, "
                         "allowed_account_ids, --account-id or .iacsim.yml account_id)")

    region_value = attrs.get("region")
    region: str | Unknown
    region_assumed = False
    if (isinstance(region_value, str) and region_value) or isinstance(region_value, Unknown):
        region = region_value
    elif fallbacks.region:
        region = fallbacks.region
    else:
        region = DEFAULT_REGION
        region_assumed = True
        notes.append(f"region {DEFAULT_REGION} assumed for provider {label} (no region, --region "
                     "or .iacsim.yml region)")
    if partition is None:
        partition = partition_of_region(region) if isinstance(region, str) else "aws"
    deployer = deployer_of(attrs)
    if deployer is None or isinstance(deployer, Unknown):
        deployer = fallbacks.deployer or deployer
    placement = Placement(account=account, region=region, account_assumed=account_assumed,
                          region_assumed=region_assumed, provider=address, partition=partition, deployer=deployer,
                          credentials=credentials_of(attrs) if account_assumed else None)
    default_tags: Mapping[str, Any] | Unknown = {}
    block = _final_block(attrs.get("default_tags"))
    if block is not None and isinstance(block.get("tags"), Mapping | Unknown):
        default_tags = block["tags"]
    return ProviderConfig(address, placement, tuple(notes), default_tags)


def tags_all(provider: ProviderConfig, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """``tags_all`` for a resource that has ``tags``: provider default tags overridden by its own.

    Only resources that set ``tags`` get it: without the provider schema we cannot
    tell which other types are taggable.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block
    """
    tags = attrs.get("tags")
    if "tags" not in attrs or "tags_all" in attrs:
        return {}
    defaults = provider.default_tags
    if isinstance(defaults, Unknown):
        return {"tags_all": defaults}
    if isinstance(tags, Unknown):
        return {"tags_all": tags}
    return {"tags_all": {**defaults, **(tags if isinstance(tags, Mapping) else {})}}


def with_resource_region(placement: Placement, attrs: Mapping[str, Any], type_: str) -> Placement:
    """AWS provider v6: a resource's own ``region`` argument overrides the provider region."""
    if not type_.startswith("aws_") or "region" not in attrs:
        return placement
    region = attrs["region"]
    if isinstance(region, str) and region:
        return replace(placement, region=region, region_assumed=False)
    if isinstance(region, Unknown):
        return replace(placement, region=region, region_assumed=False)
    return placement
