"""Load each Terraform sample through the real pipeline: ``load_paths`` → ``build_world``.

The samples are scanned one directory at a time, as a user would scan a repository
holding only that root module, so source files are relative to the sample directory.
Secrets the samples deliberately leave out of the code (key material, SecureString
values) are passed as ``--var`` / ``--var-file`` values, like the pipelines the samples
describe; the tests then check the model says *present* and never carries the value.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "terraform"

SCENARIOS = ("multi-region-key", "imported-key", "ssm-parameters", "s3-replication", "ami-sharing",
             "audit-logging", "notifications", "app-secrets", "datastores", "code-secrets")

# Values the samples' pipelines supply at apply time. Recognisable, so tests can prove
# they never reach the model or its JSON. imported-key gets its value as `--var k=v`;
# ssm-parameters gets a map, as a `--var-file` (a map is awkward on a command line).
PAYMENTS_KEY_MATERIAL = "c2FtcGxlLWltcG9ydGVkLWtleS1tYXRlcmlhbC0zMmI="
SECURE_VALUES = {"db-password": "s4mple-Db-Passw0rd!", "payment-api-key": "sk_live_s4mpleS4mpleS4mple"}
SAMPLE_VARS: Mapping[str, Mapping[str, str]] = {
    "imported-key": {"payments_key_material": PAYMENTS_KEY_MATERIAL},
}
SAMPLE_VAR_FILES: Mapping[str, str] = {
    "ssm-parameters": "secure_values = {\n"
    + "".join(f'  "{k}" = "{v}"\n' for k, v in SECURE_VALUES.items())
    + "}\n",
}


@dataclass
class LoadedSample:
    """One sample after loading and model building."""

    directory: Path
    result: Any
    """The ``LoadResult`` of the scan."""
    world: Any
    """The ``World`` built from it."""

    def resource(self, address: str) -> Any:
        """The loader's Resource with this address (exactly one)."""
        found = [r for r in self.result.resources if r.address == address]
        assert len(found) == 1, f"{address}: {len(found)} resources; have {sorted(self.addresses())}"
        return found[0]

    def addresses(self, mode: str = "managed") -> set[str]:
        return {r.address for r in self.result.resources if r.mode == mode}

    def obj(self, address: str, cls: type | None = None) -> Any:
        """The model object built from the resource at ``address``."""
        found = self.world.by_address(address)
        assert found is not None, f"no model object for {address}"
        if cls is not None:
            assert isinstance(found, cls), f"{address} is a {type(found).__name__}, expected {cls.__name__}"
        return found


def _import_pipeline() -> tuple[Any, Any, Any]:
    # Imported here, not at module level, so the layout tests run even if the pipeline
    # cannot be imported; the pipeline tests then fail with the import error.
    from iacsim.load import LoadOptions, load_paths
    from iacsim.model import build_world

    return LoadOptions, load_paths, build_world


_CACHE: dict[tuple[str, tuple[tuple[str, str], ...], bool], LoadedSample] = {}


def load_sample(name: str, variables: Mapping[str, str] | None = None, *, secrets: bool = True) -> LoadedSample:
    """Scan ``samples/terraform/<name>`` (cached per session).

    ``variables`` are ``--var`` values (default: the scenario's SAMPLE_VARS); with
    ``secrets`` the scenario's SAMPLE_VAR_FILES text is passed as a ``--var-file``.
    """
    LoadOptions, load_paths, build_world = _import_pipeline()
    scenario = name.removesuffix("-broken")
    if variables is None:
        variables = SAMPLE_VARS.get(scenario, {}) if secrets else {}
    key = (name, tuple(sorted(variables.items())), secrets)
    if key not in _CACHE:
        with tempfile.TemporaryDirectory(prefix="iacsim-sample-vars-") as var_dir:
            var_files: tuple[Path, ...] = ()
            if secrets and scenario in SAMPLE_VAR_FILES:
                var_file = Path(var_dir) / "secrets.tfvars"
                var_file.write_text(SAMPLE_VAR_FILES[scenario], encoding="utf-8")
                var_files = (var_file,)
            options = LoadOptions(vars=tuple(sorted(variables.items())), var_files=var_files, use_cache=False)
            scan = load_paths([SAMPLES / name], options)
        _CACHE[key] = LoadedSample(SAMPLES / name, scan.result, build_world(scan.result.resources))
    return _CACHE[key]


def line_of(path: Path, text: str) -> int:
    """1-based line of the only line of ``path`` that starts with ``text`` (a block header)."""
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(text)]
    assert len(lines) == 1, f"{text!r} found on lines {lines} of {path}"
    return lines[0]


def trust(service_or_principal: dict[str, str]) -> dict[str, object]:
    """The assume-role policy ``aws_iam_policy_document`` produces for one principal block."""
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": service_or_principal}],
    }


def root_statement(account: str) -> dict[str, object]:
    """The default key policy statement (KMS "Default key policy"), as the samples write it."""
    return {
        "Sid": "EnableIAMUserPermissions",
        "Effect": "Allow",
        "Action": "kms:*",
        "Resource": "*",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
    }


def provider_json(document: object) -> str:
    """``aws_iam_policy_document.json``: Go's MarshalIndent(doc, "", "  ") (ASCII documents)."""
    return json.dumps(document, indent=2, separators=(",", ": "))


def load_tree(path: Path) -> LoadedSample:
    """Scan a whole directory of roots at once, as ``iacsim plan samples/`` does (cached)."""
    key = (f"tree:{path}", (), False)
    if key not in _CACHE:
        LoadOptions, load_paths, build_world = _import_pipeline()
        scan = load_paths([path], LoadOptions(use_cache=False))
        _CACHE[key] = LoadedSample(path, scan.result, build_world(scan.result.resources))
    return _CACHE[key]
