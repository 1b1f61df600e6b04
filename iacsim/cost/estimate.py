"""Monthly cost of what the model declares: KMS keys, rotations, requests, SSM parameters, secrets.

Rules (prices in ``prices.yaml``, source https://aws.amazon.com/kms/pricing/ and
https://aws.amazon.com/systems-manager/pricing/; docs/aws-behaviour.md §14):

* every customer managed key is $1/month, each multi-Region replica and every
  imported key included (AWS managed keys are free and never declared in code);
* automatic rotation adds $1/month at the first rotation (after one rotation
  period) and again at the second, so a key costs at most $3/month;
* requests cost $0.03 per 10,000 for symmetric and RSA_2048 keys and $0.15 for
  other asymmetric keys, after 20,000 free requests a month per account (shared
  pro rata between that account's keys), from the optional usage file;
* SSM Standard parameters are free; Advanced ones $0.05/month each plus their
  API interactions; Intelligent-Tiering counts as Advanced only when the value
  is over 4 KB or the parameter has policies;
* a Secrets Manager secret is $0.40/month and each replica is billed as a
  secret of its own, plus $0.05 per 10,000 API calls from the usage file
  (https://aws.amazon.com/secrets-manager/pricing/).

Three totals: ``monthly_total`` (the first month), ``monthly_total_after_rotations``
(steady state, once every rotating key has rotated twice) and ``first_year_total``.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import yaml

from iacsim.cost.usage import Usage
from iacsim.model import World
from iacsim.model.kms import KmsKey
from iacsim.model.secretsmanager import Secret
from iacsim.model.ssm import SsmParameter
from iacsim.values import Unknown

DAYS_PER_YEAR = 365
STANDARD_VALUE_LIMIT = 4096


@functools.lru_cache(maxsize=1)
def prices() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((importlib.resources.files("iacsim.cost") / "prices.yaml").read_text())
    return data


@dataclass
class _Line:
    address: str
    type: str
    account: str
    region: str
    file: str
    line: int
    monthly: float = 0.0
    monthly_after_rotations: float = 0.0
    first_year: float = 0.0
    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, name: str, monthly: float, after: float | None = None, first_year: float | None = None,
            note: str | None = None) -> None:
        after = monthly if after is None else after
        first_year = monthly * 12 if first_year is None else first_year
        self.monthly += monthly
        self.monthly_after_rotations += after
        self.first_year += first_year
        item: dict[str, Any] = {"name": name, "monthly": round(monthly, 4)}
        if after != monthly:
            item["monthly_after_rotations"] = round(after, 4)
        if note:
            item["note"] = note
        self.items.append(item)


def _known(value: Any) -> bool:
    return not isinstance(value, Unknown)


def _key_lines(world: World, usage: Usage, assumptions: list[str]) -> tuple[list[_Line], dict[str, list[tuple[_Line, int, float]]]]:
    kms = prices()["kms"]
    lines: list[_Line] = []
    requests_by_account: dict[str, list[tuple[_Line, int, float]]] = defaultdict(list)
    for key in world.of_type(KmsKey):
        shared: KmsKey = (world.primary_of(key) or key) if key.replica_of is not None else key
        line = _Line(key.address, "kms-key", key.account, key.region, key.source.file, key.source.line)
        line.add("customer managed key", kms["customer_managed_key_monthly"],
                 note="replica key, billed as its own key" if key.replica_of is not None else None)
        rotating = shared.rotation_enabled
        if not _known(rotating):
            assumptions.append(f"{key.address}: rotation setting unknown; rotation costs not included")
        elif rotating:
            period = shared.rotation_period_days if isinstance(shared.rotation_period_days, int) else 365
            inc, n = kms["rotation_monthly_increment"], kms["rotation_billed_rotations"]
            # Each billed rotation adds `inc` from the day it happens; prorate within the first year.
            first_year = sum(inc * 12 * max(0, DAYS_PER_YEAR - k * period) / DAYS_PER_YEAR for k in range(1, n + 1))
            line.add(f"automatic rotation every {period} days", 0.0, inc * n, first_year,
                     note=f"+${inc:.2f}/month after {period} days and again after {2 * period} days")
            if key.replica_of is not None and kms.get("replica_rotation_unconfirmed"):
                assumptions.append(f"{key.address}: replica assumed to bill rotations like its primary (unconfirmed)")
        monthly_requests = usage.for_address(key.address).get("monthly_requests", 0)
        if monthly_requests:
            spec = shared.spec if _known(shared.spec) else "SYMMETRIC_DEFAULT"
            if not _known(shared.spec):
                assumptions.append(f"{key.address}: key spec unknown; requests priced as symmetric")
            per_10k = (kms["requests_per_10k"]["symmetric"] if spec in ("SYMMETRIC_DEFAULT", "RSA_2048")
                       or str(spec).startswith("HMAC") else kms["requests_per_10k"]["asymmetric_other"])
            if str(spec).startswith("HMAC"):
                assumptions.append(f"{key.address}: HMAC requests priced as symmetric (unconfirmed)")
            requests_by_account[key.account].append((line, monthly_requests, per_10k))
        lines.append(line)
    return lines, requests_by_account


def _charge_requests(requests_by_account: dict[str, list[tuple[_Line, int, float]]]) -> None:
    free = prices()["kms"]["free_requests_per_month"]
    for entries in requests_by_account.values():
        total = sum(n for _, n, _ in entries)
        for line, n, per_10k in entries:
            billable = max(0.0, n - free * n / total) if total else 0.0
            cost = billable / 10_000 * per_10k
            line.add(f"{n:,} requests/month", cost,
                     note=f"${per_10k}/10,000 after this key's share of the account's {free:,} free requests")


def _parameter_lines(world: World, usage: Usage, assumptions: list[str]) -> list[_Line]:
    ssm = prices()["ssm"]
    lines = []
    for p in world.of_type(SsmParameter):
        tier = p.tier
        if not _known(tier):
            assumptions.append(f"{p.address}: tier unknown; priced as Standard")
            tier = "Standard"
        if tier == "Intelligent-Tiering":
            big = p.value.length_bytes is not None and p.value.length_bytes > STANDARD_VALUE_LIMIT
            has_policies = p.policies is not None
            tier = "Advanced" if big or has_policies else "Standard"
        if tier != "Advanced":
            continue
        line = _Line(p.address, "ssm-parameter", p.account, p.region, p.source.file, p.source.line)
        line.add("advanced parameter", ssm["advanced_parameter_monthly"])
        interactions = usage.for_address(p.address).get("monthly_api_interactions", 0)
        if interactions:
            line.add(f"{interactions:,} API interactions/month", interactions / 10_000 * ssm["api_interactions_per_10k"],
                     note="price unconfirmed" if ssm.get("api_interactions_unconfirmed") else None)
            if ssm.get("api_interactions_unconfirmed"):
                assumptions.append(f"{p.address}: SSM API interaction price ${ssm['api_interactions_per_10k']}/10,000 "
                                   "is unconfirmed")
        lines.append(line)
    return lines


def _secret_lines(world: World, usage: Usage) -> list[_Line]:
    """Secrets Manager: $0.40 per secret and per replica each month, plus API calls (usage file)."""
    sm = prices()["secretsmanager"]
    lines = []
    for secret in world.of_type(Secret):
        line = _Line(secret.address, "secretsmanager-secret", secret.account, secret.region, secret.source.file,
                     secret.source.line)
        line.add("secret", sm["secret_monthly"])
        for replica in secret.replicas:
            where = replica.region if isinstance(replica.region, str) else "a region known after apply"
            line.add(f"replica in {where}", sm["secret_monthly"])
        calls = usage.for_address(secret.address).get("monthly_api_interactions", 0)
        if calls:
            line.add(f"{calls:,} API calls/month", calls / 10_000 * sm["api_calls_per_10k"])
        lines.append(line)
    return lines


def estimate_cost(world: World, usage: Usage | None = None) -> dict[str, Any]:
    usage = usage or Usage()
    assumptions: list[str] = []
    key_lines, requests = _key_lines(world, usage, assumptions)
    _charge_requests(requests)
    lines = key_lines + _parameter_lines(world, usage, assumptions) + _secret_lines(world, usage)
    by_place: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for ln in lines:
        by_place[(ln.account, ln.region)][0] += ln.monthly
        by_place[(ln.account, ln.region)][1] += ln.monthly_after_rotations
    return {
        "currency": prices()["currency"],
        "monthly_total": round(sum(ln.monthly for ln in lines), 2),
        "monthly_total_after_rotations": round(sum(ln.monthly_after_rotations for ln in lines), 2),
        "first_year_total": round(sum(ln.first_year for ln in lines), 2),
        "by_account_region": [
            {"account": a, "region": r, "monthly": round(m, 2), "monthly_after_rotations": round(s, 2)}
            for (a, r), (m, s) in sorted(by_place.items())
        ],
        "resources": [
            {"address": ln.address, "type": ln.type, "account": ln.account, "region": ln.region, "file": ln.file,
             "line": ln.line, "monthly": round(ln.monthly, 2),
             "monthly_after_rotations": round(ln.monthly_after_rotations, 2), "items": ln.items}
            for ln in sorted(lines, key=lambda x: (x.account, x.region, x.address))
        ],
        "usage_file": usage.source,
        "assumptions": sorted(set(assumptions)),
        "sources": [prices()["kms"]["source"], prices()["ssm"]["source"], prices()["secretsmanager"]["source"]],
    }
