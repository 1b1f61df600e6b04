"""The same scenario written three ways builds the same model.

Every scenario of ``samples/terraform/<scenario>`` (HCL), ``samples/cloudformation/<scenario>``
(templates placed by ``samples/cloudformation/.iacsim.yml``) and ``samples/plans/<scenario>.json``
(``terraform show -json``) goes through the real pipeline — loader, ``build_world`` — and the
resulting worlds are reduced to a *canonical view*: what rules and flows read (keys, replicas,
aliases, regions, accounts, policies, parameters, buckets, replication rules, roles, shared
images), with every reference resolved to the object it names and every address and source
location left out. The views must agree.

Two honest limits of the comparison, each stated where it applies:

* A value one form only knows after deployment (a key ARN; in a plan, every policy document
  built from one) is :data:`UNKNOWN` in that form's view and matches anything. The test also
  checks that such unknowns do not hide *everything*: the known parts of each view are counted.
* What CloudFormation cannot express is left out of its comparison, per scenario, with the
  reason (:data:`CFN_CANNOT_EXPRESS`): SecureString parameters, imported key material, AMI
  registration (done by Image Builder, compared through the image's key and launch accounts).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from iacsim.config import load_config
from iacsim.load import LoadOptions, load_paths
from iacsim.load.tfplan import load_plan
from iacsim.model import build_world
from iacsim.model.ec2 import ImageDistribution, LaunchPermission
from iacsim.model.iam import IamPolicy, IamRole
from iacsim.model.kms import KmsAlias, KmsKey
from iacsim.model.s3 import S3Bucket
from iacsim.model.ssm import SsmParameter
from iacsim.model.world import World
from iacsim.values import Unknown

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCENARIOS = ("multi-region-key", "imported-key", "s3-replication", "ssm-parameters", "ami-sharing")
VARIANTS = [s for scenario in SCENARIOS for s in (scenario, f"{scenario}-broken")]

# What the samples' pipelines pass at apply time (the same values as tests/samples and the plans).
PAYMENTS_KEY_MATERIAL = "c2FtcGxlLWltcG9ydGVkLWtleS1tYXRlcmlhbC0zMmI="
SECURE_VALUES = {"db-password": "s4mple-Db-Passw0rd!", "payment-api-key": "sk_live_s4mpleS4mpleS4mple"}

UNKNOWN = "<unknown>"
"""A value a form cannot know statically; matches any value in the other forms."""

TERRAFORM_MISSING = importlib.util.find_spec("iacsim.load.terraform") is None

CFN_CANNOT_EXPRESS = {
    "parameters.SecureString": "AWS::SSM::Parameter cannot create SecureString parameters",
    "keys.imported": "imported key material and its ValidTo are imported outside CloudFormation",
    "images": "CloudFormation has no AMI resource: images are compared as (region, key, launch accounts)",
}


# --- loading the three forms ---------------------------------------------------------------------


def terraform_world(variant: str, tmp_path: Path) -> World:
    directory = SAMPLES / "terraform" / variant
    var_file = tmp_path / "secure.tfvars"
    var_file.write_text("secure_values = {\n" + "".join(f'  "{k}" = "{v}"\n' for k, v in SECURE_VALUES.items())
                        + "}\n")
    scenario = variant.removesuffix("-broken")
    options = LoadOptions(
        use_cache=False,
        vars=(("payments_key_material", PAYMENTS_KEY_MATERIAL),) if scenario == "imported-key" else (),
        var_files=(var_file,) if scenario == "ssm-parameters" else (),
    )
    scan = load_paths([directory], options)
    assert not [d for d in scan.result.diagnostics if d.severity == "error"], scan.result.diagnostics
    return build_world(scan.result.resources)


def cloudformation_world(variant: str) -> World:
    root = SAMPLES / "cloudformation"
    scan = load_paths([root], LoadOptions(config=load_config(root / ".iacsim.yml"), use_cache=False))
    assert not scan.result.diagnostics, scan.result.diagnostics
    mine = [r for r in scan.result.resources if r.source.file.startswith(f"{variant}/")]
    assert mine, f"no CloudFormation resources for {variant}"
    return build_world(mine)


def plan_world(variant: str) -> World:
    path = SAMPLES / "plans" / f"{variant}.json"
    result = load_plan(path, path.name, json.loads(path.read_text()))
    assert not result.diagnostics and not result.assumptions, (result.diagnostics, result.assumptions)
    return build_world(result.resources)


# --- the canonical view --------------------------------------------------------------------------


def _strings(value: Any) -> Any:
    """IAM treats a single string and a one-element list alike, and lists as sets."""
    if value == UNKNOWN:
        return value
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(value)
    return value


class Canon:
    """Reduce a World to format-independent values; references become the objects they name."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.unknowns = 0

    def unknown(self) -> str:
        self.unknowns += 1
        return UNKNOWN

    # identities -----------------------------------------------------------------------------

    def key_id(self, key: KmsKey | None) -> str | None:
        if key is None:
            return None
        # No scenario has two primaries (or two replicas) in one account and region.
        return f"key {key.account}/{key.region} {'replica' if key.is_replica else 'primary'}"

    def key_ref(self, ref: Any, account: str | None = None, region: str | None = None) -> Any:
        if ref is None:
            return None
        found = self.world.find_key(ref, account=account, region=region)
        if found is not None:
            return self.key_id(found)
        return self.unknown() if isinstance(ref, Unknown) else ref

    def object_ref(self, ref: Any, finder: Callable[[Any], Any], ident: Callable[[Any], Any]) -> Any:
        if ref is None:
            return None
        found = finder(ref)
        if found is not None:
            return ident(found)
        return self.unknown() if isinstance(ref, Unknown) else ref

    def value(self, value: Any) -> Any:
        return self.unknown() if isinstance(value, Unknown) else value

    def address_ref(self, ref: Unknown) -> str:
        """An Unknown inside a document: the object it names (``key … .arn``) or UNKNOWN."""
        if ref.ref:
            target, _, attribute = ref.ref.rpartition(".")
            obj = self.world.by_address(target)
            if isinstance(obj, KmsKey):
                return f"{self.key_id(obj)}.{attribute.lower()}"
        return self.unknown()

    def document(self, policy: Any) -> Any:
        if policy is None:
            return None
        doc = policy.document
        if isinstance(doc, Unknown):
            return self.unknown()
        return self._doc(doc, None)

    def _doc(self, node: Any, key: str | None) -> Any:
        if isinstance(node, dict):
            out = {k: self._doc(v, k) for k, v in node.items() if not (k == "Sid" and v == "")}
            if key in ("Principal", "NotPrincipal") or key in _OPERATORS:
                out = {k: _strings(v) for k, v in out.items()}
            return out
        if isinstance(node, list):
            if key in _SET_VALUED or key is None or ":" in key or key in ("AWS", "Service", "Federated"):
                items = [self._doc(v, None) for v in node]
                if key == "Statement":
                    # By Sid, then by actions: what stays known in every form (resources may not).
                    return sorted(items, key=lambda s: (str(s.get("Sid", "")) if isinstance(s, dict) else "",
                                                        json.dumps(s.get("Action") if isinstance(s, dict) else s,
                                                                   sort_keys=True)))
                return _strings(items) if all(isinstance(i, str) for i in items) else items
            return [self._doc(v, None) for v in node]
        leaf = self._leaf(node)
        return _strings(leaf) if key in _SET_VALUED else leaf

    def _leaf(self, node: Any) -> Any:
        if isinstance(node, Unknown):
            return self.address_ref(node)
        if isinstance(node, str) and node.startswith("arn:") and ":kms:" in node:
            # A key ARN some loader synthesized or read: the key it names.
            found = self.world.find_key(node)
            if found is not None:
                return f"{self.key_id(found)}.arn"
        return node

    # the view -------------------------------------------------------------------------------

    def view(self) -> dict[str, Any]:
        w = self.world
        return {
            "keys": {self.key_id(k): self.key(k) for k in w.of_type(KmsKey)},
            "aliases": self.aliases(),
            "parameters": {f"{p.account}/{p.region} {p.name}": self.parameter(p) for p in w.of_type(SsmParameter)},
            "buckets": {f"{b.name}": self.bucket(b) for b in w.of_type(S3Bucket)},
            "roles": {str(r.arn): self.role(r) for r in w.of_type(IamRole)},
            "policies": {str(p.arn): self.document(p.policy) for p in w.of_type(IamPolicy)},
            "images": sorted(self.image_shares()),
        }

    def aliases(self) -> dict[str, list[Any]]:
        # A list per name: the broken multi-region variant declares alias/orders twice in us-east-1.
        out: dict[str, list[Any]] = {}
        for a in self.world.of_type(KmsAlias):
            out.setdefault(f"{a.account}/{a.region} {a.name}", []).append(
                self.key_ref(a.target_key, a.account, a.region))
        return {k: sorted(v, key=str) for k, v in out.items()}

    def key(self, k: KmsKey) -> dict[str, Any]:
        out: dict[str, Any] = {
            "description": self.value(k.description),
            "multi_region": self.value(k.multi_region),
            "deletion_window_days": self.value(k.deletion_window_days),
            "enabled": self.value(k.enabled),
            "policy": self.document(k.policy),
            "tags": {t: self.value(v) for t, v in k.tags.items()},
        }
        if k.is_replica:
            # Spec, usage, origin and rotation are the primary's (KMS "Multi-Region keys").
            out["replica_of"] = self.key_id(self.world.primary_of(k)) or self.unknown()
        else:
            out.update(spec=self.value(k.spec), usage=self.value(k.usage), origin=self.value(k.origin),
                       rotation_enabled=self.value(k.rotation_enabled),
                       rotation_period_days=self.value(k.rotation_period_days) if k.rotation_enabled is True else None)
        if k.imported is not None:
            out["imported"] = {"material_present": self.value(k.imported.material_present),
                               "valid_to": self.value(k.imported.valid_to)}
        return out

    def parameter(self, p: SsmParameter) -> dict[str, Any]:
        return {
            "type": self.value(p.type),
            "tier": self.value(p.tier),
            "key": self.key_ref(p.key, p.account, p.region),
            "data_type": self.value(p.data_type),
            "policies": self.document(p.policies),
            "value": {"present": p.value.present, "length": p.value.length_bytes,
                      "looks_like_secret": p.value.looks_like_secret},
        }

    def bucket(self, b: S3Bucket) -> dict[str, Any]:
        enc = b.encryption
        rep = b.replication
        return {
            "account": b.account,
            "region": b.region,
            "versioning": self.value(b.versioning.enabled) if b.versioning else None,
            "encryption": None if enc is None else {
                "algorithm": self.value(enc.sse_algorithm),
                "key": self.key_ref(enc.kms_key, b.account, b.region),
                "bucket_key": self.value(enc.bucket_key_enabled)},
            "policy": self.document(b.policy.policy) if b.policy else None,
            "replication": None if rep is None else {
                "role": self.object_ref(rep.role, self.world.find_role, lambda r: str(r.arn)),
                "rules": self.unknown() if isinstance(rep.rules, Unknown) else sorted(
                    (self.rule(r) for r in rep.rules), key=lambda r: json.dumps(r, sort_keys=True, default=str)),
            },
        }

    def rule(self, r: Any) -> dict[str, Any]:
        d = r.destination
        return {
            "id": self.value(r.id),
            "status": self.value(r.status),
            "prefix": self.value(r.prefix) or None,
            "sse_kms_encrypted_objects": self.value(r.sse_kms_encrypted_objects),
            "delete_marker_replication": self.value(r.delete_marker_replication),
            "destination": self.object_ref(d.bucket, self.world.find_bucket, lambda b: str(b.name)),
            "storage_class": self.value(d.storage_class),
            "replica_key": self.key_ref(d.replica_kms_key_id),
        }

    def role(self, r: IamRole) -> dict[str, Any]:
        return {
            "account": r.account,
            "trust": self.document(r.trust_policy),
            "inline": {str(p.name): self.document(p.policy) for p in r.inline_policies},
            "attached": sorted(str(self.object_ref(a.policy_arn, self.world.find_policy, lambda p: str(p.arn)))
                               for a in r.attached_policies),
        }

    def image_shares(self) -> Iterable[str]:
        """(owner account, region, key, launch account) for every way an encrypted image is shared."""
        w = self.world
        for lp in w.of_type(LaunchPermission):
            ami = w.find_ami(lp.image)
            devices = () if ami is None or isinstance(ami.block_devices, Unknown) else ami.block_devices
            for device in devices:
                key_ref = device.kms_key
                if key_ref is None and device.snapshot_id is not None:
                    snapshot = w.find_snapshot(device.snapshot_id)
                    key_ref = snapshot.kms_key if snapshot is not None else None
                yield f"{lp.account}/{lp.region} key={self.key_ref(key_ref)} launch={self.value(lp.account_id)}"
        for dist in w.of_type(ImageDistribution):
            targets = () if isinstance(dist.targets, Unknown) else dist.targets
            for target in targets:
                accounts = () if isinstance(target.launch_account_ids, Unknown) else target.launch_account_ids
                for account in accounts:
                    yield (f"{dist.account}/{self.value(target.region)} key={self.key_ref(target.kms_key)} "
                           f"launch={self.value(account)}")


_SET_VALUED = ("Action", "NotAction", "Resource", "NotResource")
_OPERATORS = {"StringEquals", "StringLike", "StringNotEquals", "StringNotLike", "ArnLike", "ArnEquals", "Bool",
              "ForAnyValue:StringEquals", "ForAllValues:StringEquals", "NumericEquals"}


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two views disagree; UNKNOWN on either side matches anything."""
    if a == UNKNOWN or b == UNKNOWN:
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'first' if k in a else 'second'} ({a.get(k, b.get(k))!r})")
            else:
                out.extend(differences(a[k], b[k], f"{path}/{k}"))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def without_cfn_gaps(view: dict[str, Any]) -> dict[str, Any]:
    """A Terraform-side view without what CloudFormation cannot express (CFN_CANNOT_EXPRESS)."""
    out = json.loads(json.dumps(view))
    out["parameters"] = {k: v for k, v in out["parameters"].items() if v["type"] != "SecureString"}
    for key in out["keys"].values():
        key.pop("imported", None)
    return out


def cfn_view(view: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(view))
    for key in out["keys"].values():
        key.pop("imported", None)
    return out


def views(variant: str, tmp_path: Path) -> dict[str, tuple[dict[str, Any], int]]:
    legs: dict[str, World] = {"plan": plan_world(variant), "cloudformation": cloudformation_world(variant)}
    if not TERRAFORM_MISSING:
        legs["terraform"] = terraform_world(variant, tmp_path)
    out = {}
    for name, world in legs.items():
        canon = Canon(world)
        out[name] = (canon.view(), canon.unknowns)
    return out


def known_leaves(view: Any) -> int:
    if isinstance(view, dict):
        return sum(known_leaves(v) for v in view.values())
    if isinstance(view, list):
        return sum(known_leaves(v) for v in view)
    return 0 if view == UNKNOWN else 1


# --- the tests -----------------------------------------------------------------------------------


# Known, explained differences between the Terraform (HCL) and plan models of a variant.
TF_PLAN_EXPECTED_DIFFERENCES = {
    # The "Sydney" replica lands in us-east-1 next to its primary and shares its key id (mrk-…).
    # The HCL loader synthesizes that id, so the module's alias resolves by id to the primary; the
    # plan only has a reference to the replica. Both are one alias/orders too many in us-east-1.
    "multi-region-key-broken": [
        "/aliases/111122223333/us-east-1 alias/orders[1]: "
        "'key 111122223333/us-east-1 primary' != 'key 111122223333/us-east-1 replica'",
    ],
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_terraform_and_plan_json_build_the_same_model(variant: str, tmp_path: Path) -> None:
    if TERRAFORM_MISSING:
        pytest.skip("iacsim.load.terraform is not written yet: the HCL leg cannot be loaded")
    v = views(variant, tmp_path)
    tf, plan = v["terraform"][0], v["plan"][0]
    assert differences(tf, plan) == TF_PLAN_EXPECTED_DIFFERENCES.get(variant, [])


# CloudFormation variants whose defect differs from the Terraform one (each format gets the
# mistake it can make; see the samples' READMEs).
CFN_OWN_DEFECT = {
    "imported-key-broken": "EnableKeyRotation on an imported-material key (Terraform: expired valid_to)",
}
# Known, explained differences between the CloudFormation model of a variant and the others'.
_SYDNEY_DESCRIPTION = (
    # The replica's description is built from ${AWS::Region}, which is us-east-1 in the broken copy;
    # the Terraform module call still passes the ap-southeast-2 text.
    "/keys/key 111122223333/us-east-1 replica/description: "
    "'Orders data key (replica, us-east-1)' != 'Orders data key (replica, ap-southeast-2)'"
)
CFN_EXPECTED_DIFFERENCES = {
    ("multi-region-key-broken", "plan"): [_SYDNEY_DESCRIPTION],
    ("multi-region-key-broken", "terraform"): [
        # See TF_PLAN_EXPECTED_DIFFERENCES: HCL resolves the duplicate alias by the shared key id.
        "/aliases/111122223333/us-east-1 alias/orders[1]: "
        "'key 111122223333/us-east-1 replica' != 'key 111122223333/us-east-1 primary'",
        _SYDNEY_DESCRIPTION,
    ],
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_cloudformation_builds_the_same_model_as_the_plan_and_terraform(variant: str, tmp_path: Path) -> None:
    v = views(variant, tmp_path)
    cfn = cfn_view(v["cloudformation"][0])
    others = {name: without_cfn_gaps(view) for name, (view, _) in v.items() if name != "cloudformation"}
    if variant in CFN_OWN_DEFECT:
        # Compare with the *correct* Terraform-side model: the only difference is the CFN defect.
        correct = views(variant.removesuffix("-broken"), tmp_path)
        others = {name: without_cfn_gaps(view) for name, (view, _) in correct.items() if name != "cloudformation"}
        for name, other in others.items():
            diff = differences(cfn, other)
            # Rotation on (and with it the rotation period AWS then applies) and nothing else.
            assert "/keys/key 111122223333/us-east-1 primary/rotation_enabled: True != False" in diff, (name, diff)
            assert all(d.startswith("/keys/key 111122223333/us-east-1 primary/rotation_") for d in diff), (name, diff)
        return
    for name, other in others.items():
        assert differences(cfn, other) == CFN_EXPECTED_DIFFERENCES.get((variant, name), []), name


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_broken_variants_differ_from_correct_ones_in_every_form(scenario: str, tmp_path: Path) -> None:
    """The comparison is not vacuous: each form's broken model differs from its correct one."""
    good, bad = views(scenario, tmp_path), views(f"{scenario}-broken", tmp_path)
    for leg in good:
        # (In a plan the s3-replication defect sits in a policy document read at apply time; the
        # loader rebuilds it from the data source's planned arguments, so it shows here too.)
        assert differences(good[leg][0], bad[leg][0]) != [], f"{leg}: broken variant of {scenario} looks correct"


def test_sensitive_values_from_plans_never_reach_the_model_output() -> None:
    from iacsim.model import world_to_json

    for variant in ("ssm-parameters", "imported-key"):
        text = json.dumps(world_to_json(plan_world(variant)), default=str)
        for secret in (*SECURE_VALUES.values(), PAYMENTS_KEY_MATERIAL):
            assert secret not in text


def test_views_name_every_area_of_the_scenarios(tmp_path: Path) -> None:
    """Guard against a view silently dropping an area (which would make comparisons pass)."""
    expected_areas = {
        "multi-region-key": ("keys", "aliases", "roles"),
        "imported-key": ("keys", "aliases", "roles"),
        "s3-replication": ("keys", "aliases", "buckets", "roles", "policies"),
        "ssm-parameters": ("keys", "aliases", "parameters", "roles"),
        "ami-sharing": ("keys", "aliases", "roles", "images"),
    }
    for scenario, areas in expected_areas.items():
        for leg, (view, _) in views(scenario, tmp_path).items():
            for area in areas:
                assert view[area], f"{leg} {scenario}: no {area}"


def test_one_scan_takes_a_mix_of_the_three_forms() -> None:
    """`iacsim plan infra/ stacks/ plan.json`: each input goes to its loader, placed as on its own."""
    scan = load_paths([SAMPLES / "terraform" / "s3-replication", SAMPLES / "cloudformation" / "s3-replication",
                       SAMPLES / "plans" / "s3-replication.json"], LoadOptions(use_cache=False))
    result = scan.result
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    by_origin: dict[str, set[str]] = {}
    for r in result.resources:
        by_origin.setdefault(r.origin, set()).add(r.address)
    assert set(by_origin) == {"terraform", "tfplan", "cloudformation"}
    assert "aws_s3_bucket_replication_configuration.invoices" in by_origin["terraform"] & by_origin["tfplan"]
    # Paths are relative to the common root (samples/); the nested .iacsim.yml still places the stacks.
    source = next(r for r in result.resources if r.address.endswith("invoices-source.yaml#Resources/SourceBucket"))
    assert source.address == "cloudformation/s3-replication/invoices-source.yaml#Resources/SourceBucket"
    assert (source.placement.account, source.placement.region) == ("111122223333", "us-east-1")
    world = build_world([r for r in result.resources if r.origin == "cloudformation"])
    bucket = world.by_address(source.address)
    assert isinstance(bucket, S3Bucket) and bucket.replication is not None
    (rule,) = bucket.replication.rules
    replica_key = world.find_key(rule.destination.replica_kms_key_id)
    assert replica_key is not None and replica_key.region == "us-west-2"


# --- verdicts: the same code as HCL and as a plan -------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "equivalence"


def verdicts(paths: list[Path]) -> dict[str, Any]:
    """Findings (rule, resource) and flow verdicts of a scan: what a user reads, minus the format."""
    from iacsim.pipeline import scan

    report, _world, _input = scan(paths, LoadOptions(use_cache=False))
    return {
        "findings": sorted(f"{f.rule_id} {f.resource}" for f in report.findings),
        "flows": sorted(f"{f.name}: {f.verdict}" for f in report.flows),
    }


# A plan keeps only the references of an expression, so `["${aws_s3_bucket.b.arn}/*"]` in a policy
# statement cannot be told from `[aws_s3_bucket.b.arn]`: it stays unknown there (taking it for the
# bucket's ARN would deny every object action), while the HCL form computes it.
PLAN_VERDICT_DIFFERENCES = {
    "s3-replication": {"flows": ["aws_kms_key.replica rotation: pass", "aws_kms_key.source rotation: pass",
                                 "aws_s3_bucket.source replication: SSE-KMS object: unknown",
                                 "aws_s3_bucket.source replication: SSE-KMS with bucket key object: unknown",
                                 "aws_s3_bucket.source replication: SSE-S3 object: unknown"]},
}


@pytest.mark.parametrize("variant", ["s3-replication", "ssm-parameters", "multi-region-key"])
def test_sample_plans_and_hcl_give_the_same_verdicts(variant: str) -> None:
    if TERRAFORM_MISSING:
        pytest.skip("iacsim.load.terraform is not written yet: the HCL leg cannot be loaded")
    hcl = verdicts([SAMPLES / "terraform" / variant])
    plan = verdicts([SAMPLES / "plans" / f"{variant}.json"])
    expected = PLAN_VERDICT_DIFFERENCES.get(variant)
    if expected is None:
        assert plan == hcl
    else:
        assert plan["findings"] == hcl["findings"]
        assert plan["flows"] == expected["flows"]


def test_role_policy_and_replication_plan_points_at_the_same_objects() -> None:
    """An inline role policy's ``role`` and a replication rule's ``replica_kms_key_id`` are known only after
    apply; the plan's ``configuration`` references lead to the same role and key as the HCL form, and
    the unset Optional + Computed bucket arguments (inline policy, replication) are not taken for values."""
    case = FIXTURES / "role-policy-replication"
    plan_path = case / "plan.json"
    result = load_plan(plan_path, plan_path.name, json.loads(plan_path.read_text()))
    assert not result.diagnostics and not result.assumptions, (result.diagnostics, result.assumptions)
    plan = build_world(result.resources)
    hcl = build_world(load_paths([case / "terraform"], LoadOptions(use_cache=False)).result.resources)
    plan_canon, hcl_canon = Canon(plan), Canon(hcl)
    plan_view, hcl_view = plan_canon.view(), hcl_canon.view()
    assert differences(hcl_view, plan_view) == []
    role = plan_view["roles"]["arn:aws:iam::111122223333:role/rp-replication"]
    assert role["inline"]["replication"] != UNKNOWN  # the inline policy found its role
    replication = plan_view["buckets"]["rp-source-bucket"]["replication"]
    assert replication["role"] == "arn:aws:iam::111122223333:role/rp-replication"
    assert replication["rules"][0]["replica_key"] == "key 111122223333/us-east-1 primary"
    assert plan_view["buckets"]["rp-destination-bucket"]["replication"] is None
    assert plan_view["buckets"]["rp-source-bucket"]["policy"] is None
    assert verdicts([plan_path]) == verdicts([case / "terraform"])


# --- names known only after apply: the same stand-ins in HCL and plan form -------------------------

NAMED_AT_APPLY = {
    # case: (the objects named at apply, and the template or ref their name has in both forms)
    "bucket-prefix-replication": {"aws_s3_bucket.source": "acme-src-${aws_s3_bucket.source.generated_suffix}",
                                  "aws_s3_bucket.replica": "acme-dst-${aws_s3_bucket.replica.generated_suffix}"},
    "random-pet-queue": {"aws_sqs_queue.work": "random_pet.this.id"},
    "name-prefix-role": {"aws_iam_role.api": "api-${aws_iam_role.api.generated_suffix}"},
    "name-prefix-log-group": {"aws_cloudwatch_log_group.app": "/app/${aws_cloudwatch_log_group.app.generated_suffix}",
                              "aws_cloudwatch_log_group.other":
                                  "/other/${aws_cloudwatch_log_group.other.generated_suffix}"},
}
"""Each fixture ``tests/fixtures/equivalence/<case>/`` holds the HCL (``terraform/``) and the plan Terraform
1.11 writes for it (``plan.json``, by ``make_plan.py``)."""

EXPECTED_FLOWS = {
    "bucket-prefix-replication": {"aws_s3_bucket.source replication: SSE-S3 object: pass"},
    "random-pet-queue": {"SNS subscription aws_sns_topic_subscription.work → queue aws_sqs_queue.work: pass"},
    "name-prefix-role": {"Lambda aws_lambda_function.api (api) environment: pass"},
    "name-prefix-log-group": {"CloudWatch Logs aws_cloudwatch_log_group.app (generated name): pass",
                              "CloudWatch Logs aws_cloudwatch_log_group.other (generated name): fail"},
}
"""A few verdicts each case must reach, so equal verdicts are not equal for want of a replay."""


def _fixture_world(case: str, form: str) -> World:
    if form == "plan":
        path = FIXTURES / case / "plan.json"
        result = load_plan(path, path.name, json.loads(path.read_text()))
        # (random_pet's provider names no account: the loader says so, and random_pet is no AWS object)
        assert not result.diagnostics and all("provider random" in a for a in result.assumptions), result
        return build_world(result.resources)
    return build_world(load_paths([FIXTURES / case / "terraform"], LoadOptions(use_cache=False)).result.resources)


@pytest.mark.parametrize("case", sorted(NAMED_AT_APPLY))
def test_names_known_after_apply_give_the_same_verdicts_in_hcl_and_plan(case: str) -> None:
    """A name from ``bucket_prefix``/``name_prefix`` or ``random_pet`` is the same stand-in in both forms, so
    the replays and findings (rule, resource, verdict) agree."""
    if TERRAFORM_MISSING:
        pytest.skip("iacsim.load.terraform is not written yet: the HCL leg cannot be loaded")
    for form in ("terraform", "plan"):
        world = _fixture_world(case, form)
        for address, written in NAMED_AT_APPLY[case].items():
            name = getattr(world.by_address(address), "name", None)
            assert isinstance(name, Unknown), (form, address, name)
            assert written in (name.template, name.ref), (form, address, name)
    hcl, plan = verdicts([FIXTURES / case / "terraform"]), verdicts([FIXTURES / case / "plan.json"])
    assert plan == hcl
    assert EXPECTED_FLOWS[case] <= set(plan["flows"]), plan["flows"]


NAME_TEXT_DIFFERENCES = {
    # The queue is named "jobs-${random_pet.this.id}" and its policy names it by jobs-*: the HCL form knows
    # the literal "jobs-" and the prefix decides the pattern; the plan records only the reference, so the
    # pattern needs the real name there.
    "random-pet-template-name": {
        "SNS subscription aws_sns_topic_subscription.work → queue aws_sqs_queue.work": ("pass", "unknown")},
    # The replication role's and the bucket policy's object ARNs are "arn:aws:s3:::${…replica.bucket}/*":
    # the plan records only the bucket name's reference, not the ARN around it (it was a confident FAIL).
    "bucket-name-in-arn": {f"aws_s3_bucket.source replication: {o} object": ("pass", "unknown")
                           for o in ("SSE-S3", "SSE-KMS", "SSE-KMS with bucket key")},
}


@pytest.mark.parametrize("case", sorted(NAME_TEXT_DIFFERENCES))
def test_a_plan_that_lacks_the_text_around_a_reference_is_unknown_never_wrong(case: str) -> None:
    """Where the HCL form's verdict depends on literal text the plan does not record (the configuration
    keeps an expression's references only), the plan's verdict is unknown — the one difference left."""
    if TERRAFORM_MISSING:
        pytest.skip("iacsim.load.terraform is not written yet: the HCL leg cannot be loaded")
    hcl, plan = verdicts([FIXTURES / case / "terraform"]), verdicts([FIXTURES / case / "plan.json"])
    assert plan["findings"] == hcl["findings"]  # the same findings in both forms (e.g. SNS210 on a plain topic)
    changed = {}
    for line in sorted(set(hcl["flows"]) | set(plan["flows"])):
        name, _, verdict = line.rpartition(": ")
        changed.setdefault(name, ["", ""])[0 if line in hcl["flows"] and line not in plan["flows"] else 1] = verdict
    differing = {name: tuple(v) for name, v in changed.items() if v[0] and v[1]}
    assert differing == NAME_TEXT_DIFFERENCES[case]
