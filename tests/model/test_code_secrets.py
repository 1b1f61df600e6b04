"""Secrets in code reach the model as shapes and references, never as values."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

from iacsim.load import LoadOptions, load_paths
from iacsim.model import World, build_world, world_to_json
from iacsim.model.code_secrets import CfnDynamicReference, CommittedCiphertext, KmsCiphertext, UserDataShape
from iacsim.model.secretsmanager import Secret
from iacsim.values import Unknown

SECRET = "Xq9-not-a-real-but-secret-looking-Passw0rd"


def _world(tmp_path: Path, files: dict[str, str]) -> World:
    for rel, text in files.items():
        (tmp_path / rel).write_text(text)
    loaded = load_paths([tmp_path], LoadOptions(use_cache=False))
    return build_world(loaded.result.resources)


def test_kms_ciphertext_keeps_only_the_plaintext_length(tmp_path: Path) -> None:
    world = _world(tmp_path, {"main.tf": f'''
resource "aws_kms_key" "app" {{}}
resource "aws_kms_ciphertext" "c" {{
  key_id    = aws_kms_key.app.key_id
  plaintext = "{SECRET}"
  context   = {{ app = "web" }}
}}
'''})
    (c,) = world.of_type(KmsCiphertext)
    assert c.plaintext.present and c.plaintext.known and c.plaintext.length_bytes == len(SECRET)
    assert c.context == {"app": "web"}
    assert world.find_key(c.key) is not None
    assert SECRET not in json.dumps(world_to_json(world)) and SECRET not in repr(c)


def test_each_secret_block_is_one_committed_ciphertext_and_the_payload_stays_out_of_json(tmp_path: Path) -> None:
    payload = base64.b64encode(b"\x01" * 40).decode()
    world = _world(tmp_path, {"main.tf": f'''
data "aws_kms_secrets" "s" {{
  secret {{
    name    = "a"
    payload = "{payload}"
    context = {{ app = "db" }}
    key_id  = "alias/app"
  }}
  secret {{
    name    = "b"
    payload = "%%%"
  }}
}}
'''})
    by_name = {c.name: c for c in world.of_type(CommittedCiphertext)}
    assert by_name["a"].encoding == "base64" and by_name["a"].length_bytes == 40
    assert by_name["a"].key == "alias/app" and by_name["a"].context == {"app": "db"}
    assert by_name["a"]._payload == payload
    assert by_name["b"].encoding == "invalid-base64"
    assert all(c.address == "data.aws_kms_secrets.s" for c in by_name.values())
    assert payload not in json.dumps(world_to_json(world))


def test_user_data_is_summarised_by_names_and_patterns_in_every_encoding(tmp_path: Path) -> None:
    script = f'#!/bin/bash\nexport DB_PASSWORD="{SECRET}"\nVOLUME=vol-0123456789abcdef0\n'
    zipped = base64.b64encode(gzip.compress(script.encode())).decode()
    world = _world(tmp_path, {"main.tf": f'''
resource "aws_instance" "plain" {{
  ami       = "ami-0123456789abcdef0"
  user_data = <<-EOT
    {script.replace(chr(10), chr(10) + "    ")}
  EOT
}}
resource "aws_instance" "zipped" {{
  ami              = "ami-0123456789abcdef0"
  user_data_base64 = "{zipped}"
}}
resource "aws_launch_template" "lt" {{
  user_data = base64encode("#!/bin/bash\\naws ssm get-parameter --name /x --with-decryption\\n")
}}
'''})
    shapes = {s.target: s for s in world.of_type(UserDataShape)}
    assert shapes["aws_instance.plain"].secret_names == ("DB_PASSWORD",)
    assert shapes["aws_instance.plain"].encoding == "plain"
    assert shapes["aws_instance.zipped"].encoding == "gzip"
    assert shapes["aws_instance.zipped"].secret_names == ("DB_PASSWORD",)
    assert shapes["aws_launch_template.lt"].fetches_secret and shapes["aws_launch_template.lt"].secret_names == ()
    # the main object of an instance's address is still the instance
    assert type(world.by_address("aws_instance.plain")).__name__ == "Instance"
    assert SECRET not in json.dumps(world_to_json(world))


def test_dynamic_references_in_any_property_keep_their_target_and_path(tmp_path: Path) -> None:
    world = _world(tmp_path, {"stack.yaml": '''
Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: "{{resolve:ssm-secure:/app/user/password:4}}"
  Thing:
    Type: AWS::Some::Unmodelled
    Properties:
      Items:
        - Value: !Sub "x-{{resolve:ssm:/app/a}}-{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf:SecretString:password:AWSPREVIOUS}}"
'''})
    refs = sorted(world.of_type(CfnDynamicReference), key=lambda r: r.reference)
    assert [(r.service, r.target, r.version, r.property_path) for r in refs] == [
        ("secretsmanager", "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf", None, ("Items", "Value")),
        ("ssm-secure", "/app/user/password", "4", ("LoginProfile", "Password")),
        ("ssm", "/app/a", None, ("Items", "Value")),
    ]
    secret = refs[0]
    assert secret.json_key == "password" and secret.version_stage == "AWSPREVIOUS"
    assert secret.resource_type == "AWS::Some::Unmodelled" and secret.address == "stack.yaml#Resources/Thing"


def test_a_reference_naming_its_secret_through_sub_links_to_that_resource(tmp_path: Path) -> None:
    world = _world(tmp_path, {"stack.yaml": '''
Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString: { GenerateStringKey: password, SecretStringTemplate: '{"u": "app"}' }
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUserPassword: !Sub "{{resolve:secretsmanager:${DbSecret}:SecretString:password}}"
'''})
    (ref,) = world.of_type(CfnDynamicReference)
    assert ref.reference == "{{resolve:secretsmanager:${stack.yaml#Resources/DbSecret.Ref}:SecretString:password}}"
    assert isinstance(ref.target, Unknown) and ref.target.ref == "stack.yaml#Resources/DbSecret.Ref"
    assert ref.json_key == "password"
    assert world.find_service(Secret, ref.target) is not None
