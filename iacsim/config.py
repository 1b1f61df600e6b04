"""``.iacsim.yml``: typed configuration, strict about unknown keys.

Found at the scanned root or given with ``--config``. Every key is optional::

    account_id: "123456789012"          # default account when code does not say
    region: eu-west-1                   # default region when code does not say
    accounts: {prod: "123456789012", shared: "210987654321"}
    trusted_accounts: ["123456789012"]
    stacks:                             # where CloudFormation templates are deployed
      - template: stacks/kms-*.yaml
        account: prod                   # a name from `accounts` or a 12-digit id
        regions: [us-east-1, eu-west-1] # one copy per region, like StackSets
        parameters: {Env: prod}
        role_arn: arn:aws:iam::123456789012:role/cfn-deployer   # the stack's service role
    deployer: arn:aws:iam::123456789012:role/terraform   # who deploys (or {"envs/prod": ..., "*": ...})
    expect:
      - {principal: aws_iam_role.app, action: kms:Decrypt, resource: aws_kms_key.db, allowed: true}
    rules: {KMS003: {severity: low, enabled: false}}
    fail_on: high
    fail_on_unknown: true               # an unknown key flow fails CI too (like --fail-on-unknown)
    worlds: ["examples/*", "envs/*"]    # each matching directory is one world (see Worlds)
    limits: {max_file_bytes: 20971520, max_depth: 128, max_yaml_aliases: 10000, max_yaml_nodes: 1000000}
    budgets: {max_steps: 500000, file_timeout: 60}   # evaluation and worker budgets (see Budgets)
    encryption: {customer_managed_key: [s3, sqs]}     # services whose data must use a customer managed key

``encryption.customer_managed_key`` lists the services (names from ``CMK_SERVICES``, or ``all``) whose
*encrypted with a customer managed key* rules run: teams differ on whether AWS managed keys (``aws/s3``,
``aws/sqs``…) are acceptable, so those rules are off unless their service is listed. The *encrypted at
rest* rules always run.

Worlds. A repository often holds deployments that never meet in AWS: ``envs/dev`` and
``envs/prod``, a module's examples, the JSON and YAML copies of one template. Each is
simulated on its own by default (a *world*): every Terraform root module (a directory with
``.tf`` files that no scanned module calls; called modules belong to their caller's world),
every CloudFormation template without a ``stacks`` entry and every plan file. The templates
placed by the ``stacks`` entries of one configuration file share a world (one deployment, across
its accounts), together with the templates their ``{{iacsim:…}}`` parameters reference; a unit
whose lookup by name finds another unit's resource (a Terraform KMS data source, a
CloudFormation ``{{resolve:ssm:…}}``) shares a world with it. ``worlds`` joins units explicitly,
in one of two forms:

* a list of directory globs — each matching directory is one world holding every unit at or
  below it (``examples/*``: each example, with whatever it contains, on its own);
* a mapping of world name → globs of units (directories or template/plan files) deployed
  together, like Terraform workspaces applied to one account or a StackSet's templates::

      worlds:
        prod: [envs/prod/network, envs/prod/app, stacks/prod-*.yaml]

A glob matches whole path segments (``*`` never crosses ``/``) of a unit or of one of its
parent directories. The first matching glob wins; units no glob matches keep their default
world. Resources in different worlds never see each other (no duplicate-alias conflicts
between two examples, no flows across them); the report lists the worlds it simulated.

``deployer`` names the principal Terraform or CloudFormation acts as when the code does not (no provider
``assume_role``, no stack ``role_arn``): a principal ARN or the IaC address of a role in the scan
(``aws_iam_role.deployer``), either for every deployment unit or per unit glob (the Terraform root module
directory or the template; the first matching glob wins). Without it, checks that depend on who deploys
(key-policy lockout, enabling rotation, parameter writes…) are ``unknown``.

Errors name the offending key (``stacks[0].regions: expected a list of strings``).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from iacsim import safe_yaml
from iacsim.bounds import LimitExceeded, Limits
from iacsim.errors import IacsimUserError
from iacsim.findings import SEVERITIES

CONFIG_FILENAMES = (".iacsim.yml", ".iacsim.yaml")
_ACCOUNT_RE = re.compile(r"^\d{12}$")
_REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
"""The shape of a Region code (the same as ``iacsim/aws/regions.py``; config imports nothing from aws)."""


CMK_SERVICES = ("s3", "ebs", "ami", "sns", "sqs", "logs", "secretsmanager", "dynamodb", "rds", "efs", "cloudtrail",
                "lambda", "ecs", "eks")
"""The services ``encryption.customer_managed_key`` may name: the rules families' names (docs/architecture.md
§2, ``lambda`` without the underscore; ``rds`` covers DocumentDB and Neptune, which share its model)."""


class ConfigError(IacsimUserError, ValueError):
    """A configuration problem; the message names the file and key."""


@dataclass(frozen=True)
class StackPlacement:
    template: str
    """A path or glob relative to the scanned root."""
    account: str | None = None
    regions: tuple[str, ...] = ()
    parameters: Mapping[str, str] = field(default_factory=dict)
    name: str | None = None
    role_arn: str | None = None
    """The stack's service role: CloudFormation makes every call of the stack as this role."""


@dataclass(frozen=True)
class Expectation:
    principal: str
    action: str
    resource: str
    allowed: bool
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSetting:
    severity: str | None = None
    enabled: bool = True


@dataclass(frozen=True)
class Budgets:
    """Limits that keep a scan of hostile input (a pull request from a stranger) bounded.

    Exceeding one is a finding naming the file and line, and the value concerned becomes
    an :class:`~iacsim.values.Unknown` with the reason; the scan always goes on. The
    defaults are far above anything a real configuration needs (AWS itself caps a key
    policy at 32 KB and Terraform caps ``range()`` at 1,024 values), so they only ever
    stop input written to hurt the scanner.
    """

    max_steps: int = 500_000
    """Expression evaluation steps per Terraform root module or CloudFormation template."""
    max_collection: int = 100_000
    """Elements of one list, map or set value (``setproduct``, ``for`` results)."""
    max_string: int = 4_000_000
    """Characters of one string value (``join``, ``format``, templates)."""
    max_instances: int = 10_000
    """``count``/``for_each`` instances per root module, all blocks together."""
    max_module_depth: int = 24
    """Nested module calls (a deeper chain is reported, not evaluated)."""
    file_timeout: float = 60.0
    """Seconds one file's parse may take in an isolated worker process."""
    file_memory_mb: int = 1_024
    """Address-space ceiling of an isolated worker process, in MiB."""
    isolate_above_kb: int = 256
    """Files at least this big (KiB) are parsed in an isolated worker process."""


_BUDGET_KEYS = tuple(f.name for f in fields(Budgets))


@dataclass(frozen=True)
class Config:
    account_id: str | None = None
    region: str | None = None
    accounts: Mapping[str, str] = field(default_factory=dict)
    trusted_accounts: tuple[str, ...] = ()
    stacks: tuple[StackPlacement, ...] = ()
    expect: tuple[Expectation, ...] = ()
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    fail_on: str | None = None
    fail_on_unknown: bool | None = None
    """``fail_on_unknown: true``: an unknown flow that carries a key decision fails CI (``--fail-on-unknown``)."""
    worlds: tuple[str, ...] = ()
    """List form of ``worlds``: globs (relative to the scanned root) of directories each simulated as
    one world with every unit below it."""
    named_worlds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Mapping form of ``worlds``: world name → globs of the units simulated together in it."""
    deployer: tuple[tuple[str, str], ...] = ()
    """(unit glob, principal ARN or IaC address) pairs, in written order; a plain string is ``("*", …)``."""
    limits: Limits = field(default_factory=Limits)
    budgets: Budgets = field(default_factory=Budgets)
    customer_managed_key: frozenset[str] = frozenset()
    """``encryption.customer_managed_key``: services whose data must be encrypted with a customer managed key."""
    source: str | None = None
    """The file this came from, for messages."""

    def resolve_account(self, name_or_id: str) -> str:
        """An account name from ``accounts`` or a 12-digit id → the id."""
        if name_or_id in self.accounts:
            return self.accounts[name_or_id]
        if _ACCOUNT_RE.match(name_or_id):
            return name_or_id
        raise ConfigError(f"{self.source or 'config'}: unknown account {name_or_id!r} (not in `accounts`)")

    def requires_customer_managed_key(self, service: str) -> bool:
        """Whether the team requires a customer managed key for ``service`` (a name from ``CMK_SERVICES``)."""
        return service in self.customer_managed_key

    def deployer_for(self, unit: str) -> str | None:
        """The deployer ``.iacsim.yml`` names for a deployment unit (root module directory or template)."""
        for pattern, principal in self.deployer:
            if pattern == "*" or fnmatch.fnmatchcase(unit, pattern) or fnmatch.fnmatchcase(unit, f"{pattern}/*"):
                return principal
        return None


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, msg: str) -> ConfigError:
        return ConfigError(f"{self.source}: {key}: {msg}")

    def mapping(self, value: Any, key: str, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "expected a mapping")
        if allowed is not None:
            for k in value:
                if k not in allowed:
                    raise self.fail(f"{key}.{k}" if key else str(k), f"unknown key (allowed: {', '.join(allowed)})")
        return value

    def string(self, value: Any, key: str) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(key, "expected a string")
        return str(value)

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise self.fail(key, "expected a list of strings")
        return tuple(self.string(v, f"{key}[{i}]") for i, v in enumerate(value))

    def account(self, value: Any, key: str, names: Mapping[str, str]) -> str:
        s = self.string(value, key)
        if s in names:
            return names[s]
        if not _ACCOUNT_RE.match(s):
            raise self.fail(key, f"{s!r} is neither a 12-digit account id nor a name from `accounts`")
        return s

    def region(self, value: Any, key: str) -> str:
        s = self.string(value, key)
        if not _REGION_RE.match(s):
            raise self.fail(key, f"{s!r} is not an AWS region name")
        return s

    def positive_int(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(key, "expected a positive whole number")
        return value

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def severity(self, value: Any, key: str) -> str:
        s = self.string(value, key).lower()
        if s not in SEVERITIES and s != "none":
            raise self.fail(key, f"{s!r} is not one of {', '.join(SEVERITIES)}, none")
        return s


_TOP_KEYS = ("account_id", "region", "accounts", "trusted_accounts", "stacks", "expect", "rules", "fail_on",
             "worlds", "limits", "budgets", "deployer", "fail_on_unknown", "encryption")
_LIMIT_KEYS = ("max_file_bytes", "max_depth", "max_yaml_aliases", "max_yaml_nodes")


def parse_config(data: Any, source: str) -> Config:
    r = _Reader(source)
    if data is None:
        return Config(source=source)
    top = r.mapping(data, "", _TOP_KEYS)

    accounts: dict[str, str] = {}
    for name, acct in r.mapping(top.get("accounts", {}), "accounts").items():
        acct_s = r.string(acct, f"accounts.{name}")
        if not _ACCOUNT_RE.match(acct_s):
            raise r.fail(f"accounts.{name}", f"{acct_s!r} is not a 12-digit account id")
        accounts[str(name)] = acct_s

    stacks = []
    raw_stacks = top.get("stacks", [])
    if not isinstance(raw_stacks, list):
        raise r.fail("stacks", "expected a list")
    for i, s in enumerate(raw_stacks):
        key = f"stacks[{i}]"
        m = r.mapping(s, key, ("template", "account", "regions", "region", "parameters", "name", "role_arn"))
        if "template" not in m:
            raise r.fail(key, "missing `template`")
        regions = r.strings(m.get("regions", m.get("region", [])), f"{key}.regions")
        params = {str(k): r.string(v, f"{key}.parameters.{k}")
                  for k, v in r.mapping(m.get("parameters", {}), f"{key}.parameters").items()}
        stacks.append(StackPlacement(
            template=r.string(m["template"], f"{key}.template"),
            account=r.account(m["account"], f"{key}.account", accounts) if "account" in m else None,
            regions=tuple(r.region(x, f"{key}.regions") for x in regions),
            parameters=params,
            name=r.string(m["name"], f"{key}.name") if "name" in m else None,
            role_arn=_principal(r, m["role_arn"], f"{key}.role_arn", arn_only=True) if "role_arn" in m else None,
        ))

    expect = []
    raw_expect = top.get("expect", [])
    if not isinstance(raw_expect, list):
        raise r.fail("expect", "expected a list")
    for i, e in enumerate(raw_expect):
        key = f"expect[{i}]"
        m = r.mapping(e, key, ("principal", "action", "resource", "allowed", "context"))
        for req in ("principal", "action", "resource", "allowed"):
            if req not in m:
                raise r.fail(key, f"missing `{req}`")
        if not isinstance(m["allowed"], bool):
            raise r.fail(f"{key}.allowed", "expected true or false")
        expect.append(Expectation(
            principal=r.string(m["principal"], f"{key}.principal"),
            action=r.string(m["action"], f"{key}.action"),
            resource=r.string(m["resource"], f"{key}.resource"),
            allowed=m["allowed"],
            context=r.mapping(m.get("context", {}), f"{key}.context"),
        ))

    rules: dict[str, RuleSetting] = {}
    for rid, setting in r.mapping(top.get("rules", {}), "rules").items():
        key = f"rules.{rid}"
        m = r.mapping(setting, key, ("severity", "enabled"))
        enabled = m.get("enabled", True)
        if not isinstance(enabled, bool):
            raise r.fail(f"{key}.enabled", "expected true or false")
        rules[str(rid)] = RuleSetting(
            severity=r.severity(m["severity"], f"{key}.severity") if "severity" in m else None,
            enabled=enabled,
        )

    return Config(
        account_id=r.account(top["account_id"], "account_id", accounts) if "account_id" in top else None,
        region=r.region(top["region"], "region") if "region" in top else None,
        accounts=accounts,
        trusted_accounts=tuple(r.account(a, f"trusted_accounts[{i}]", accounts)
                               for i, a in enumerate(r.strings(top.get("trusted_accounts", []), "trusted_accounts"))),
        stacks=tuple(stacks),
        expect=tuple(expect),
        rules=rules,
        fail_on=r.severity(top["fail_on"], "fail_on") if "fail_on" in top else None,
        fail_on_unknown=r.boolean(top["fail_on_unknown"], "fail_on_unknown") if "fail_on_unknown" in top else None,
        worlds=() if isinstance(top.get("worlds"), dict) else r.strings(top.get("worlds", []), "worlds"),
        named_worlds=_named_worlds(r, top.get("worlds")),
        deployer=_deployer(r, top.get("deployer")),
        limits=Limits(**{k: r.positive_int(v, f"limits.{k}")
                         for k, v in r.mapping(top.get("limits", {}), "limits", _LIMIT_KEYS).items()}),
        budgets=_budgets(r, top.get("budgets", {})),
        customer_managed_key=_customer_managed_key(r, top.get("encryption", {})),
        source=source,
    )


def _named_worlds(r: _Reader, value: Any) -> dict[str, tuple[str, ...]]:
    """``worlds: {name: [globs]}`` (the list form is read as plain ``worlds``)."""
    if not isinstance(value, dict):
        return {}
    named: dict[str, tuple[str, ...]] = {}
    for name, globs in value.items():
        key = f"worlds.{name}"
        if not isinstance(name, str) or not name.strip():
            raise r.fail(key, "a world name must be a non-empty string")
        named[name] = r.strings(globs, key)
        if not named[name]:
            raise r.fail(key, "expected at least one glob")
    return named


_PRINCIPAL_ARN = re.compile(r"^arn:aws[a-z-]*:(iam::\d{12}:(root|(role|user)/\S+)|sts::\d{12}:assumed-role/\S+)$")
_ADDRESS = re.compile(r"^(module\.[\w-]+(\[[^\]]+\])?\.)*aws_iam_(role|user)\.[\w-]+(\[[^\]]+\])?$|#Resources/")


def _principal(r: _Reader, value: Any, key: str, arn_only: bool = False) -> str:
    s = r.string(value, key)
    if _PRINCIPAL_ARN.match(s) or (not arn_only and _ADDRESS.search(s)):
        return s
    raise r.fail(key, f"{s!r} is not an IAM role, user or account-root ARN"
                      + ("" if arn_only else " nor the address of a role or user in the scan"))


def _deployer(r: _Reader, value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if isinstance(value, dict):
        return tuple((str(k), _principal(r, v, f"deployer.{k}")) for k, v in value.items())
    return (("*", _principal(r, value, "deployer")),)


def _customer_managed_key(r: _Reader, value: Any) -> frozenset[str]:
    """``encryption: {customer_managed_key: [s3, sqs]}`` (``all`` names every service)."""
    m = r.mapping(value, "encryption", ("customer_managed_key",))
    services = r.strings(m.get("customer_managed_key", []), "encryption.customer_managed_key")
    for i, service in enumerate(services):
        if service not in CMK_SERVICES and service != "all":
            raise r.fail(f"encryption.customer_managed_key[{i}]",
                         f"{service!r} is not one of {', '.join(CMK_SERVICES)}, all")
    return frozenset(CMK_SERVICES) if "all" in services else frozenset(services)


def _budgets(r: _Reader, value: Any) -> Budgets:
    m = r.mapping(value, "budgets", _BUDGET_KEYS)
    out: dict[str, Any] = {}
    for name, raw in m.items():
        as_float = name == "file_timeout"
        if isinstance(raw, bool) or not isinstance(raw, int | float) or (not as_float and isinstance(raw, float)):
            raise r.fail(f"budgets.{name}", "expected a number" if as_float else "expected a whole number")
        if raw <= 0:
            raise r.fail(f"budgets.{name}", "must be greater than zero")
        out[name] = float(raw) if as_float else raw
    return Budgets(**out)


def read_yaml_file(path: Path, error: type[ValueError]) -> Any:
    """A YAML file's data; unreadable or invalid files raise ``error`` naming the file (and line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        return safe_yaml.load(text)  # a scanned repository's .iacsim.yml may be hostile too
    except LimitExceeded as exc:
        raise error(f"{path}:{exc.line}: {exc.message}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise error(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc


def find_at_roots(roots: list[Path], names: tuple[str, ...]) -> Path | None:
    """The first of ``names`` present at one of the scanned roots (a file's own directory for a file)."""
    for root in roots:
        base = root if root.is_dir() else root.parent
        for name in names:
            candidate = base / name
            if candidate.is_file():
                return candidate
    return None


def load_config(path: Path) -> Config:
    return parse_config(read_yaml_file(path, ConfigError), str(path))


def find_config(roots: list[Path]) -> Path | None:
    return find_at_roots(roots, CONFIG_FILENAMES)
