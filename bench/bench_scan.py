"""Scan benchmark: a synthetic repository of 2,000+ .tf files, cold and warm.

Each of N root modules (5 files each) has a provider, a KMS key with an
aws_iam_policy_document policy, an alias, an S3 bucket with SSE-KMS, a role
with an inline policy and SSM parameters, and calls two shared local modules
with for_each. Each measurement runs ``iacsim plan --format json`` in a fresh
process so peak memory (RSS of the scan and its parse workers) is per run.

Prints cold (empty cache) and warm (cache filled) wall time and peak RSS, and the cost of the
input limits (size, text, nesting and containment checks on every file; the YAML alias/depth walk
on a large template) next to it: it should be lost in the noise.
Exits non-zero if a scan fails or finds parse errors in the generated code.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOTS = int(os.environ.get("IACSIM_BENCH_ROOTS", "420"))

PROVIDERS = '''provider "aws" {{
  region              = "{region}"
  allowed_account_ids = ["{account}"]
}}

provider "aws" {{
  alias  = "dr"
  region = "eu-west-1"
  allowed_account_ids = ["{account}"]
}}
'''

VARIABLES = '''variable "name" {{
  type    = string
  default = "svc{i}"
}}

variable "readers" {{
  type    = list(string)
  default = ["arn:aws:iam::{account}:role/reader-a", "arn:aws:iam::{account}:role/reader-b"]
}}

variable "params" {{
  type = map(string)
  default = {{
    db_host = "db.internal"
    db_port = "5432"
    mode    = "prod"
  }}
}}
'''

KMS = '''data "aws_caller_identity" "current" {{}}

data "aws_iam_policy_document" "key" {{
  statement {{
    sid       = "EnableRoot"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {{
      type        = "AWS"
      identifiers = ["arn:aws:iam::${{data.aws_caller_identity.current.account_id}}:root"]
    }}
  }}
  statement {{
    sid       = "Readers"
    actions   = ["kms:Decrypt", "kms:DescribeKey"]
    resources = ["*"]
    principals {{
      type        = "AWS"
      identifiers = var.readers
    }}
    condition {{
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${{local.region}}.amazonaws.com"]
    }}
  }}
}}

locals {{
  region = "{region}"
  tags   = {{ service = var.name, index = "{i}" }}
}}

resource "aws_kms_key" "main" {{
  description             = "key for ${{var.name}}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = local.tags
}}

resource "aws_kms_alias" "main" {{
  name          = "alias/${{var.name}}"
  target_key_id = aws_kms_key.main.key_id
}}
'''

MAIN = '''module "params" {{
  source   = "../modules/param"
  for_each = var.params
  name     = "/${{var.name}}/${{each.key}}"
  value    = each.value
  key_arn  = aws_kms_key.main.arn
}}

module "bucket" {{
  source  = "../modules/bucket"
  name    = "${{var.name}}-data-{i}"
  key_arn = aws_kms_key.main.arn
}}

resource "aws_iam_role" "app" {{
  name = "${{var.name}}-app"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "ec2.amazonaws.com" }} }}]
  }})
}}

resource "aws_iam_role_policy" "app" {{
  role = aws_iam_role.app.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{ Effect = "Allow", Action = ["ssm:GetParameter"], Resource = [for k, m in module.params : m.arn] }},
      {{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = aws_kms_key.main.arn }},
    ]
  }})
}}
'''

OUTPUTS = '''output "key_arn" {{
  value = aws_kms_key.main.arn
}}

output "bucket" {{
  value = module.bucket.id
}}
'''

PARAM_MODULE = '''variable "name" { type = string }
variable "value" { type = string }
variable "key_arn" { type = string }

resource "aws_ssm_parameter" "this" {
  name   = var.name
  type   = "SecureString"
  value  = var.value
  key_id = var.key_arn
}

output "arn" {
  value = aws_ssm_parameter.this.arn
}
'''

BUCKET_MODULE = '''variable "name" { type = string }
variable "key_arn" { type = string }

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.key_arn
    }
    bucket_key_enabled = true
  }
}

output "id" {
  value = aws_s3_bucket.this.id
}
'''


def generate(root: Path, roots: int) -> int:
    regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"]
    (root / "modules" / "param").mkdir(parents=True)
    (root / "modules" / "bucket").mkdir(parents=True)
    (root / "modules" / "param" / "main.tf").write_text(PARAM_MODULE)
    (root / "modules" / "bucket" / "main.tf").write_text(BUCKET_MODULE)
    files = 2
    for i in range(roots):
        d = root / f"svc{i:04d}"
        d.mkdir()
        ctx = {"i": i, "region": regions[i % len(regions)], "account": f"{100000000000 + i % 7:012d}"}
        for name, tmpl in (("providers.tf", PROVIDERS), ("variables.tf", VARIABLES), ("kms.tf", KMS),
                           ("main.tf", MAIN), ("outputs.tf", OUTPUTS)):
            (d / name).write_text(tmpl.format(**ctx))
            files += 1
    return files


def run_scan(repo: Path, cache: Path) -> tuple[float, float, dict]:
    env = dict(os.environ, IACSIM_CACHE_DIR=str(cache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "iacsim", "plan", str(repo), "--format", "json", "--fail-on", "none"],
                          capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        sys.exit(f"scan failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    report = json.loads(proc.stdout)
    return elapsed, max(peak_kib, before) / 1024, report


def limits_cost(repo: Path) -> tuple[float, int, float]:
    """Seconds the per-file limit checks take on ``repo``'s files, their count, and the YAML walk's share."""
    from iacsim.bounds import Limits
    from iacsim.load.cloudformation.parse import LineYamlLoader, load_yaml
    from iacsim.load.containment import Roots
    from iacsim.load.limits import check_hcl_depth, check_size, decode_text
    from iacsim.safe_yaml import check_tree_depth

    limits, roots = Limits(), Roots.of([repo])
    files = sorted(repo.rglob("*.tf"))
    blobs = [(p, p.read_bytes()) for p in files]
    t0 = time.perf_counter()
    for path, data in blobs:
        roots.resolve(path, path.name)
        check_size(path, limits)
        check_hcl_depth(decode_text(data), limits)
    checks = time.perf_counter() - t0

    template = "Resources:\n" + "".join(
        f"  Key{i}:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: !Sub '${{AWS::StackName}} {i}'\n"
        f"      KeyPolicy: {{Statement: [{{Effect: Allow, Action: ['kms:*'], Resource: '*'}}]}}\n"
        for i in range(2000))

    def best(work: Callable[[], object]) -> float:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            work()
            times.append(time.perf_counter() - t)
        return min(times)

    node = LineYamlLoader(template).get_single_node()
    walk = best(lambda: check_tree_depth(node, limits))  # what every alias-free template pays
    load = best(lambda: load_yaml(template))
    return checks, len(files), walk / load


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="iacsim-bench-") as tmp:
        repo, cache = Path(tmp) / "repo", Path(tmp) / "cache"
        repo.mkdir()
        files = generate(repo, ROOTS)
        cold, cold_mb, report = run_scan(repo, cache)
        warm, warm_mb, _ = run_scan(repo, cache)
        s = report["summary"]
        print(f"synthetic repository: {files} .tf files, {ROOTS} root modules")
        print(f"resources: {s['resources']}, parse errors: {s['parse_errors']}")
        print(f"cold scan: {cold:6.2f} s   peak RSS {cold_mb:7.1f} MiB")
        print(f"warm scan: {warm:6.2f} s   (peak RSS of all runs so far {warm_mb:7.1f} MiB)")
        checks, checked, yaml_share = limits_cost(repo)
        print(f"limits:    {checks * 1000:6.1f} ms for size/text/depth/containment checks of {checked} files "
              f"({checks / cold:.1%} of the cold scan); YAML depth walk {yaml_share:.1%} of loading "
              "a 2,000-resource template")
        if s["parse_errors"]:
            sys.exit("generated code produced parse errors: " +
                     "; ".join(f["message"] for f in report["findings"] if f["category"] == "parse-error")[:2000])


if __name__ == "__main__":
    main()
