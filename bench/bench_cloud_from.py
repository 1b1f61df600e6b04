"""Benchmark: how fast a test gets its cloud from a 50-resource Terraform fixture (``iacsim.testing.cloud_from``).

The fixture is written to a temporary directory: five applications, each with a customer managed key (policy,
rotation), an alias, a role trusted by Lambda with an inline policy, a managed policy and its attachment, a
SecureString and a String parameter, and a bucket encrypted with the key (policy, versioning) — 50 resources.
Measured, wall time:

* the first build in this process (load, model, seed: what the first test of a session pays), after the
  imports, which are timed apart;
* what every later test pays: ``cloud_from`` on the same inputs (the cached build, copied) and acting as a
  role through ``sts:AssumeRole`` — median and worst of 20;
* the ways a per-test copy could be made, for comparison: ``copy.deepcopy`` of the built cloud (what
  ``cloud_from`` does), seeding a new cloud from the cached model, and building from the files again.

Target (issue 18): a test gets its cloud in < 1 s. Exits 1 above it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

APPS = 5
TARGET = 1.0
ROUNDS = 20

_APP = """
resource "aws_kms_key" "{n}" {{
  description         = "{n} data"
  enable_key_rotation = true
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Sid = "Root", Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::123456789012:root" }},
                   Action = "kms:*", Resource = "*" }}]
  }})
}}
resource "aws_kms_alias" "{n}" {{
  name          = "alias/{n}"
  target_key_id = aws_kms_key.{n}.key_id
}}
resource "aws_iam_role" "{n}" {{
  name = "{n}"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow",
    Principal = {{ Service = "lambda.amazonaws.com" }}, Action = "sts:AssumeRole" }}] }})
}}
resource "aws_iam_role_policy" "{n}" {{
  role = aws_iam_role.{n}.id
  policy = jsonencode({{ Version = "2012-10-17", Statement = [
    {{ Sid = "Key", Effect = "Allow", Action = ["kms:Encrypt", "kms:Decrypt"], Resource = aws_kms_key.{n}.arn }},
    {{ Sid = "Params", Effect = "Allow", Action = "ssm:GetParameter",
      Resource = "arn:aws:ssm:us-east-1:123456789012:parameter/{n}/*" }}] }})
}}
resource "aws_iam_policy" "{n}" {{
  name   = "{n}-bucket"
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:GetObject",
    Resource = "${{aws_s3_bucket.{n}.arn}}/*" }}] }})
}}
resource "aws_iam_role_policy_attachment" "{n}" {{
  role       = aws_iam_role.{n}.name
  policy_arn = aws_iam_policy.{n}.arn
}}
resource "aws_ssm_parameter" "{n}_secret" {{
  name   = "/{n}/secret"
  type   = "SecureString"
  key_id = aws_kms_key.{n}.arn
  value  = "not-the-real-one"
}}
resource "aws_ssm_parameter" "{n}_host" {{
  name  = "/{n}/host"
  type  = "String"
  value = "{n}.internal.example.com"
}}
resource "aws_s3_bucket" "{n}" {{
  bucket = "bench-{n}-123456789012"
}}
resource "aws_s3_bucket_server_side_encryption_configuration" "{n}" {{
  bucket = aws_s3_bucket.{n}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.{n}.arn
    }}
  }}
}}
"""

_PROVIDER = """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}
"""


def write_fixture(root: Path) -> int:
    """The fixture's files; the number of resources in them."""
    names = [f"app{i}" for i in range(APPS)]
    (root / "main.tf").write_text(_PROVIDER + "".join(_APP.format(n=n) for n in names), encoding="utf-8")
    return (root / "main.tf").read_text().count('\nresource "')


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        resources = write_fixture(root)
        start = time.perf_counter()
        import copy

        from iacsim.flows.seed import seed_world
        from iacsim.flows.seed.ssm import seed_parameters
        from iacsim.testing import cloud_from
        from iacsim.testing.infra import _CACHE, clear_cache
        imports = time.perf_counter() - start

        first = timed(lambda: cloud_from(root, principal="aws_iam_role.app0"))
        infra = cloud_from(root)
        missing = infra.not_created
        per_test = [timed(lambda: cloud_from(root, principal="aws_iam_role.app0")) for _ in range(ROUNDS)]
        built = next(iter(_CACHE.values()))
        world = infra.world

        def reseed() -> None:
            seeded = seed_world(world)
            seed_parameters(world, seeded, built.parameter_values)

        def rebuild() -> None:
            clear_cache()
            cloud_from(root)

        deep = statistics.median(timed(lambda: copy.deepcopy(built.seeded.cloud)) for _ in range(ROUNDS))
        seeded = statistics.median(timed(reseed) for _ in range(5))
        again = statistics.median(timed(rebuild) for _ in range(3))
    worst = max(per_test)
    print(f"fixture: {resources} Terraform resources ({len(missing)} not created: {sorted(missing) or 'none'})")
    print(f"imports (iacsim.testing and the scan):       {imports * 1000:8.1f} ms")
    print(f"first build in the process:                  {first * 1000:8.1f} ms")
    print(f"per test (cached build copied, role assumed): median {statistics.median(per_test) * 1000:.1f} ms, "
          f"worst {worst * 1000:.1f} ms")
    print(f"  a copy by copy.deepcopy (cloud_from's way): {deep * 1000:8.1f} ms")
    print(f"  a copy by seeding from the cached model:    {seeded * 1000:8.1f} ms")
    print(f"  building from the files again:              {again * 1000:8.1f} ms")
    ok = worst < TARGET and resources >= 50 and not missing
    print(f"target: every test gets its cloud in < {TARGET:.0f} s — {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
