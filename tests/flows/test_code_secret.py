"""The code-secret flows: committed ciphertext decrypts only with its context and key, Terraform's
Encrypt is replayed with the key's real usage and state, dynamic references are resolved as the
deployer; no plaintext reaches any output."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from iacsim.config import parse_config
from iacsim.flows.code_secrets_blob import encrypt_for_scan, recognise, simulated_material
from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.json_format import render_json
from iacsim.sim import Cloud
from iacsim.sim.kms.seed import seed_key

PLAINTEXT = b"Zz-committed-plaintext-7f3a91"
KEYS = '''
resource "aws_kms_key" "app" {
  enable_key_rotation = true
}
resource "aws_kms_key" "other" {
  enable_key_rotation = true
}
'''


def _scan(root: Path, config: dict[str, Any] | None = None) -> Any:
    report, _, _ = scan([root], LoadOptions(config=parse_config(config or {}, "test"), use_cache=False), "none")
    return report


def _secret(root: Path, payload: str, extra: str = "") -> None:
    (root / "secrets.tf").write_text(f'''
data "aws_kms_secrets" "db" {{
  secret {{
    name    = "password"
    payload = "{payload}"
    {extra}
  }}
}}
''')


def _flows(report: Any) -> dict[str, Any]:
    return {f.name: f for f in report.flows if f.kind == "code-secret"}


@pytest.fixture
def blob(tmp_path: Path) -> str:
    (tmp_path / "keys.tf").write_text(KEYS)
    return encrypt_for_scan([tmp_path], "aws_kms_key.app", PLAINTEXT, {"app": "db"})


def test_a_blob_made_for_the_scan_decrypts_with_its_context(tmp_path: Path, blob: str) -> None:
    _secret(tmp_path, blob, 'context = { app = "db" }')
    report = _scan(tmp_path)
    flow = _flows(report)["data.aws_kms_secrets.db (secret password)"]
    assert flow.verdict == "pass"
    assert flow.steps[0].action == "kms:Decrypt" and f"{len(PLAINTEXT)} bytes" in flow.steps[0].reason
    assert not [f for f in report.findings if f.rule_id == "CODE101"]
    assert PLAINTEXT.decode() not in render_json(report)


@pytest.mark.parametrize(("extra", "error"), [
    ('context = { app = "web" }', "InvalidCiphertextException"),
    ("", "InvalidCiphertextException"),
    ('context = { app = "db" }\n    key_id = aws_kms_key.other.arn', "IncorrectKeyException"),
])
def test_a_context_or_key_mismatch_is_a_broken_flow(tmp_path: Path, blob: str, extra: str, error: str) -> None:
    _secret(tmp_path, blob, extra)
    report = _scan(tmp_path)
    flow = _flows(report)["data.aws_kms_secrets.db (secret password)"]
    assert flow.verdict == "fail" and flow.steps[0].reason.startswith(error)
    (finding,) = [f for f in report.findings if f.rule_id == "CODE101"]
    assert finding.resource == "data.aws_kms_secrets.db" and finding.category == "broken-flow"


def test_a_blob_decrypts_only_for_the_same_key_of_the_same_code(tmp_path: Path, blob: str) -> None:
    # the same blob in a scan whose key has another address names a key the scan does not have
    other = tmp_path / "other"
    other.mkdir()
    (other / "keys.tf").write_text(KEYS.replace('"app"', '"renamed"'))
    _secret(other, blob, 'context = { app = "db" }')
    flow = _flows(_scan(other))["data.aws_kms_secrets.db (secret password)"]
    assert flow.verdict == "unknown" and "not in the scan" in flow.steps[0].reason


def test_a_real_kms_ciphertext_is_unknown_not_failed(tmp_path: Path) -> None:
    (tmp_path / "keys.tf").write_text(KEYS)
    real_looking = base64.b64encode(bytes([1, 2, 2, 0, 0x78]) + b"\x11" * 150).decode()
    _secret(tmp_path, real_looking)
    report = _scan(tmp_path)
    flow = _flows(report)["data.aws_kms_secrets.db (secret password)"]
    assert flow.verdict == "unknown" and "not in iacsim's simulated ciphertext format" in flow.steps[0].reason
    assert recognise(real_looking) is None


def test_a_simulated_blob_of_random_material_is_not_recognised() -> None:
    cloud = Cloud()
    key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
    seed_key(cloud, "111111111111", "us-east-1", key_id)
    kms = cloud.client("kms", account="111111111111")
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    assert recognise(base64.b64encode(blob).decode()) is None  # random material: no later scan could open it
    first, second = simulated_material("111111111111", key_id), simulated_material("111111111111", key_id)
    assert first.same_as(second) and first.material_id == second.material_id
    assert not first.same_as(simulated_material("222222222222", key_id))
    assert "same_secret" not in repr(first) and first.material_id.hex()[:12] in repr(first)


def test_the_encrypt_helper_refuses_keys_it_cannot_reproduce(tmp_path: Path, capsys: Any,
                                                          monkeypatch: Any) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "sign" {\n  customer_master_key_spec = "RSA_2048"\n'
                                      '  key_usage = "SIGN_VERIFY"\n}\n')
    with pytest.raises(ValueError, match="only symmetric keys"):
        encrypt_for_scan([tmp_path], "aws_kms_key.sign", b"x")
    from click.testing import CliRunner

    from iacsim.cli import main

    result = CliRunner().invoke(main, ["encrypt", str(tmp_path), "--key", "aws_kms_key.missing", "--no-cache"],
                                input=PLAINTEXT)
    assert result.exit_code == 2
    assert "no KMS key" in result.output and PLAINTEXT.decode() not in result.output


def test_kms_ciphertext_encrypt_is_replayed_with_key_usage_and_state(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('''
resource "aws_kms_key" "sign" {
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}
resource "aws_kms_key" "app" {
  enable_key_rotation = true
}
resource "aws_kms_ciphertext" "bad" {
  key_id    = aws_kms_key.sign.key_id
  plaintext = "Zz-committed-plaintext-7f3a91"
}
resource "aws_kms_ciphertext" "good" {
  key_id    = aws_kms_key.app.key_id
  plaintext = "Zz-committed-plaintext-7f3a91"
  context   = { app = "web" }
}
''')
    report = _scan(tmp_path)
    flows = _flows(report)
    assert flows["aws_kms_ciphertext.good (aws_kms_ciphertext)"].verdict == "pass"
    bad = flows["aws_kms_ciphertext.bad (aws_kms_ciphertext)"]
    assert bad.verdict == "fail" and bad.steps[0].reason.startswith("InvalidKeyUsageException")
    rules = sorted((f.rule_id, f.resource) for f in report.findings if f.rule_id.startswith("CODE"))
    assert rules == [("CODE102", "aws_kms_ciphertext.bad"), ("CODE201", "aws_kms_ciphertext.bad"),
                     ("CODE201", "aws_kms_ciphertext.good")]
    assert "Zz-committed-plaintext" not in render_json(report)


def test_dynamic_references_resolve_as_the_deployer(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text('''
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }
            Action: "kms:*"
            Resource: "*"
          - Effect: Deny
            Principal: "*"
            Action: kms:Decrypt
            Resource: "*"
            Condition:
              ArnNotEquals: { "aws:PrincipalArn": !Sub "arn:aws:iam::${AWS::AccountId}:role/app" }
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: app/db
      KmsKeyId: !Ref Key
      GenerateSecretString: { GenerateStringKey: password, SecretStringTemplate: '{"u": "app"}' }
  Host:
    Type: AWS::SSM::Parameter
    Properties: { Name: /app/db/host, Type: String, Value: db.internal }
  Deploy:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{ Effect: Allow, Principal: { Service: cloudformation.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: deploy
          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      StorageEncrypted: true
      MasterUsername: "{{resolve:ssm:/app/db/host}}"
      MasterUserPassword: "{{resolve:secretsmanager:app/db:SecretString:password}}"
  Other:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      StorageEncrypted: true
      MasterUserPassword: "{{resolve:ssm-secure:/elsewhere/password}}"
''')
    report = _scan(tmp_path, {"deployer": "stack.yaml#Resources/Deploy"})
    flows = {f.name.split(" (", 1)[1]: f for f in _flows(report).values()}
    host = flows["MasterUsername: {{resolve:ssm:/app/db/host}})"]
    assert host.verdict == "pass" and [s.action for s in host.steps] == ["ssm:PutParameter", "ssm:GetParameter"]
    secret = flows["MasterUserPassword: {{resolve:secretsmanager:app/db:SecretString:password}})"]
    assert secret.verdict == "fail" and secret.steps[-1].decision == "denied"
    assert "kms:Decrypt" in secret.steps[-1].reason
    outside = flows["MasterUserPassword: {{resolve:ssm-secure:/elsewhere/password}})"]
    assert outside.verdict == "unknown" and "not created in the scan" in outside.steps[0].reason
    assert [(f.rule_id, f.resource) for f in report.findings if f.rule_id.startswith("CODE")] == [
        ("CODE103", "stack.yaml#Resources/Db")]
    assert "iacsim-simulated-value" not in render_json(report)
    # Not knowing who deploys, the refusal is not a failure: the deployer may be the role the policy exempts.
    report = _scan(tmp_path)
    flows = {f.name.split(" (", 1)[1]: f for f in _flows(report).values()}
    secret = flows["MasterUserPassword: {{resolve:secretsmanager:app/db:SecretString:password}})"]
    assert secret.verdict == "unknown" and secret.steps[-1].decision == "unknown"
    assert "the deployer is not known: set `deployer:` in .iacsim.yml" in secret.steps[-1].reason


SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize("sample", ["terraform/code-secrets-broken", "cloudformation/code-secrets-broken"])
def test_the_broken_samples_secrets_reach_no_output(sample: str) -> None:
    from iacsim.report.audit import render_audit_log
    from iacsim.report.html import render_html
    from iacsim.report.markdown import render_markdown
    from iacsim.report.sarif import render_sarif

    report = _scan(SAMPLES / sample)
    assert {f.rule_id for f in report.findings if f.rule_id.startswith("CODE")} >= {"CODE202"}
    written = [render(report) for render in (render_json, render_sarif, render_markdown, render_html,
                                             render_audit_log)]
    for secret in ("Rp0rt-2026-temporary!", "ghp_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b", PLACEHOLDER_VALUE):
        assert not any(secret in text for text in written), secret


PLACEHOLDER_VALUE = "iacsim-simulated-value"


def test_a_blob_made_for_one_world_decrypts_in_that_world_of_a_whole_scan(tmp_path: Path) -> None:
    from iacsim.config import load_config

    (tmp_path / ".iacsim.yml").write_text('worlds:\n  - "envs/*"\n')
    for env in ("prod", "staging"):
        (tmp_path / "envs" / env).mkdir(parents=True)
        (tmp_path / "envs" / env / "keys.tf").write_text(KEYS)
    blob = encrypt_for_scan([tmp_path], "aws_kms_key.app", PLAINTEXT, {"app": "db"}, world_name="envs/prod")
    for env in ("prod", "staging"):
        _secret(tmp_path / "envs" / env, blob, 'context = { app = "db" }')
    with pytest.raises(ValueError, match="no world"):
        encrypt_for_scan([tmp_path], "aws_kms_key.app", PLAINTEXT, world_name="envs/dev")
    report, _, _ = scan([tmp_path], LoadOptions(config=load_config(tmp_path / ".iacsim.yml"), use_cache=False),
                        "none")
    verdicts = {f.name: f.verdict for f in report.flows if f.kind == "code-secret"}
    # same address, another root module: another simulated key id, so the blob is not for that key
    assert verdicts == {"[envs/prod] data.aws_kms_secrets.db (secret password)": "pass",
                        "[envs/staging] data.aws_kms_secrets.db (secret password)": "unknown"}


def test_iacsim_encrypt_makes_a_blob_the_next_plan_decrypts_and_a_wrong_context_breaks(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from iacsim.cli import main

    code = tmp_path / "infra"
    code.mkdir()
    (code / "main.tf").write_text('''
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_kms_key" "app" {
  enable_key_rotation = true
}
''')
    made = CliRunner().invoke(main, ["encrypt", str(code), "--key", "aws_kms_key.app", "--context", "app=db",
                                     "--no-cache"], input=PLAINTEXT)
    assert made.exit_code == 0, made.output
    blob = made.output.strip()
    assert PLAINTEXT.decode() not in made.output and recognise(blob) is not None

    def plan(context: str) -> dict[str, Any]:
        (code / "secrets.tf").write_text(f'''
data "aws_kms_secrets" "db" {{
  secret {{
    name    = "password"
    payload = "{blob}"
    context = {{ app = "{context}" }}
  }}
}}
''')
        out = tmp_path / f"{context}.json"
        result = CliRunner().invoke(main, ["plan", str(code), "--format", "json", "-o", str(out), "--fail-on", "none",
                                           "--no-cache"])
        assert result.exit_code == 0, result.output
        return dict(json.loads(out.read_text()))

    good = [f for f in plan("db")["flows"] if f["kind"] == "code-secret"]
    assert [f["verdict"] for f in good] == ["pass"]
    bad = plan("billing")
    assert [f["verdict"] for f in bad["flows"] if f["kind"] == "code-secret"] == ["fail"]
    assert [f["rule_id"] for f in bad["findings"] if f["category"] == "broken-flow"] == ["CODE101"]
    assert PLAINTEXT.decode() not in json.dumps(bad)
