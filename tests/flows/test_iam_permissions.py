"""Every policy-bearing IAM type, in Terraform and CloudFormation, is applied in the simulated cloud; what the
scan cannot see into makes the principal's permissions incomplete, so a would-be denial is undecidable (naming
the missing object), never a deny (docs/architecture.md §4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacsim.config import parse_config
from iacsim.flows.seed import SeededCloud, seed_world
from iacsim.load import LoadOptions, load_paths
from iacsim.model import World, build_world
from iacsim.model.iam import IamRole, IamUser
from iacsim.sim import Caller, Principal, Undecidable, authorize

ACTION, RESOURCE = "s3:GetObject", "arn:aws:s3:::some-bucket/key"
DOC_TF = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", ' \
         'Resource = "*" }] })'
DOC_CFN = "{Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}"
TRUST_TF = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", ' \
           'Principal = { Service = "ec2.amazonaws.com" } }] })'
ROLE_TF = f'resource "aws_iam_role" "r" {{\n  name = "r"\n  assume_role_policy = {TRUST_TF}\n}}\n'
POLICY_TF = f'resource "aws_iam_policy" "p" {{\n  name = "p"\n  policy = {DOC_TF}\n}}\n'
USER_TF = 'resource "aws_iam_user" "u" { name = "u" }\nresource "aws_iam_group" "g" { name = "g" }\n'
ROLE_CFN = ("  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', "
            "Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}\n")
POLICY_CFN = f"  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {DOC_CFN}\n"


def _world(tmp_path: Path, name: str, text: str) -> World:
    (tmp_path / name).write_text(text)
    loaded = load_paths([tmp_path], LoadOptions(config=parse_config(None, "t"), use_cache=False))
    return build_world(loaded.result.resources)


def _decide(world: World, address: str) -> bool:
    """Whether the principal at ``address`` may ACTION on RESOURCE in a cloud seeded from ``world``."""
    seeded: SeededCloud = seed_world(world)
    principal = world.by_address(address)
    assert isinstance(principal, IamRole | IamUser)
    arn = seeded.values[address]["arn"]
    return authorize(seeded.cloud, Caller(Principal.parse(arn)), ACTION, RESOURCE,
                     resource_account=principal.account).allowed


TERRAFORM_GRANTS = {
    "aws_iam_role_policy": (ROLE_TF + f'resource "aws_iam_role_policy" "x" {{\n  role = aws_iam_role.r.id\n'
                            f'  policy = {DOC_TF}\n}}\n', "aws_iam_role.r"),
    "inline_policy block": (f'resource "aws_iam_role" "r" {{\n  name = "r"\n  assume_role_policy = {TRUST_TF}\n'
                            f'  inline_policy {{\n    name = "x"\n    policy = {DOC_TF}\n  }}\n}}\n', "aws_iam_role.r"),
    "managed_policy_arns": (POLICY_TF + f'resource "aws_iam_role" "r" {{\n  name = "r"\n  assume_role_policy = '
                            f'{TRUST_TF}\n  managed_policy_arns = [aws_iam_policy.p.arn]\n}}\n', "aws_iam_role.r"),
    "aws_iam_role_policy_attachment": (ROLE_TF + POLICY_TF + 'resource "aws_iam_role_policy_attachment" "x" {\n'
                                       '  role = aws_iam_role.r.name\n  policy_arn = aws_iam_policy.p.arn\n}\n',
                                       "aws_iam_role.r"),
    "aws_iam_policy_attachment roles": (ROLE_TF + POLICY_TF + 'resource "aws_iam_policy_attachment" "x" {\n'
                                        '  name = "x"\n  roles = [aws_iam_role.r.name]\n'
                                        '  policy_arn = aws_iam_policy.p.arn\n}\n', "aws_iam_role.r"),
    "aws_iam_role_policy_attachments_exclusive": (
        ROLE_TF + POLICY_TF + 'resource "aws_iam_role_policy_attachments_exclusive" "x" {\n'
        '  role_name = aws_iam_role.r.name\n  policy_arns = [aws_iam_policy.p.arn]\n}\n', "aws_iam_role.r"),
    "aws_iam_role_policies_exclusive keeps a listed policy": (
        ROLE_TF + f'resource "aws_iam_role_policy" "x" {{\n  name = "x"\n  role = aws_iam_role.r.id\n'
        f'  policy = {DOC_TF}\n}}\nresource "aws_iam_role_policies_exclusive" "e" {{\n'
        '  role_name = aws_iam_role.r.name\n  policy_names = ["x"]\n}\n', "aws_iam_role.r"),
    "aws_iam_user_policy": (USER_TF + f'resource "aws_iam_user_policy" "x" {{\n  user = aws_iam_user.u.name\n'
                            f'  policy = {DOC_TF}\n}}\n', "aws_iam_user.u"),
    "aws_iam_user_policy_attachment": (USER_TF + POLICY_TF + 'resource "aws_iam_user_policy_attachment" "x" {\n'
                                       '  user = aws_iam_user.u.name\n  policy_arn = aws_iam_policy.p.arn\n}\n',
                                       "aws_iam_user.u"),
    "aws_iam_group_policy + aws_iam_group_membership": (
        USER_TF + f'resource "aws_iam_group_policy" "x" {{\n  group = aws_iam_group.g.name\n  policy = {DOC_TF}\n}}\n'
        'resource "aws_iam_group_membership" "m" {\n  name = "m"\n  group = aws_iam_group.g.name\n'
        '  users = [aws_iam_user.u.name]\n}\n', "aws_iam_user.u"),
    "aws_iam_group_policy_attachment + aws_iam_user_group_membership": (
        USER_TF + POLICY_TF + 'resource "aws_iam_group_policy_attachment" "x" {\n  group = aws_iam_group.g.name\n'
        '  policy_arn = aws_iam_policy.p.arn\n}\nresource "aws_iam_user_group_membership" "m" {\n'
        '  user = aws_iam_user.u.name\n  groups = [aws_iam_group.g.name]\n}\n', "aws_iam_user.u"),
    "aws_iam_policy_attachment groups": (
        USER_TF + POLICY_TF + 'resource "aws_iam_policy_attachment" "x" {\n  name = "x"\n'
        '  groups = [aws_iam_group.g.name]\n  policy_arn = aws_iam_policy.p.arn\n}\n'
        'resource "aws_iam_user_group_membership" "m" {\n  user = aws_iam_user.u.name\n'
        '  groups = [aws_iam_group.g.name]\n}\n', "aws_iam_user.u"),
}

USER_CFN = "  U:\n    Type: AWS::IAM::User\n"
GROUP_CFN = "  G:\n    Type: AWS::IAM::Group\n"
CFN_GRANTS = {
    "AWS::IAM::RolePolicy": (ROLE_CFN + "  X:\n    Type: AWS::IAM::RolePolicy\n    Properties:\n      RoleName: !Ref R\n"
                             f"      PolicyName: x\n      PolicyDocument: {DOC_CFN}\n", "R"),
    "AWS::IAM::Policy Roles": (ROLE_CFN + "  X:\n    Type: AWS::IAM::Policy\n    Properties:\n      Roles: [!Ref R]\n"
                               f"      PolicyName: x\n      PolicyDocument: {DOC_CFN}\n", "R"),
    "AWS::IAM::ManagedPolicy Roles": (ROLE_CFN + POLICY_CFN + "      Roles: [!Ref R]\n", "R"),
    "Role Policies": (ROLE_CFN + f"      Policies: [{{PolicyName: x, PolicyDocument: {DOC_CFN}}}]\n", "R"),
    "Role ManagedPolicyArns": (ROLE_CFN + "      ManagedPolicyArns: [!Ref P]\n" + POLICY_CFN, "R"),
    "AWS::IAM::UserPolicy": (USER_CFN + "  X:\n    Type: AWS::IAM::UserPolicy\n    Properties:\n      UserName: !Ref U\n"
                             f"      PolicyName: x\n      PolicyDocument: {DOC_CFN}\n", "U"),
    "User Policies": (USER_CFN + f"    Properties:\n      Policies: [{{PolicyName: x, PolicyDocument: {DOC_CFN}}}]\n",
                      "U"),
    "User ManagedPolicyArns": (USER_CFN + "    Properties:\n      ManagedPolicyArns: [!Ref P]\n" + POLICY_CFN, "U"),
    "AWS::IAM::ManagedPolicy Users": (USER_CFN + POLICY_CFN + "      Users: [!Ref U]\n", "U"),
    "AWS::IAM::GroupPolicy + User Groups": (
        GROUP_CFN + "  U:\n    Type: AWS::IAM::User\n    Properties:\n      Groups: [!Ref G]\n"
        "  X:\n    Type: AWS::IAM::GroupPolicy\n    Properties:\n      GroupName: !Ref G\n"
        f"      PolicyName: x\n      PolicyDocument: {DOC_CFN}\n", "U"),
    "Group Policies + UserToGroupAddition": (
        USER_CFN + GROUP_CFN + f"    Properties:\n      Policies: [{{PolicyName: x, PolicyDocument: {DOC_CFN}}}]\n"
        "  A:\n    Type: AWS::IAM::UserToGroupAddition\n    Properties:\n      GroupName: !Ref G\n"
        "      Users: [!Ref U]\n", "U"),
    "Group ManagedPolicyArns + User Groups": (
        GROUP_CFN + "    Properties:\n      ManagedPolicyArns: [!Ref P]\n" + POLICY_CFN
        + "  U:\n    Type: AWS::IAM::User\n    Properties:\n      Groups: [!Ref G]\n", "U"),
    "AWS::IAM::ManagedPolicy Groups": (
        GROUP_CFN + POLICY_CFN + "      Groups: [!Ref G]\n"
        + "  U:\n    Type: AWS::IAM::User\n    Properties:\n      Groups: [!Ref G]\n", "U"),
}


@pytest.mark.parametrize("case", sorted(TERRAFORM_GRANTS))
def test_terraform_grant_is_applied(tmp_path: Path, case: str) -> None:
    text, address = TERRAFORM_GRANTS[case]
    world = _world(tmp_path, "main.tf", text)
    principal = world.by_address(address)
    assert isinstance(principal, IamRole | IamUser) and principal.permissions_incomplete is None
    assert _decide(world, address) is True


@pytest.mark.parametrize("case", sorted(CFN_GRANTS))
def test_cloudformation_grant_is_applied(tmp_path: Path, case: str) -> None:
    text, logical = CFN_GRANTS[case]
    world = _world(tmp_path, "t.yaml", "Resources:\n" + text)
    address = f"t.yaml#Resources/{logical}"
    principal = world.by_address(address)
    assert isinstance(principal, IamRole | IamUser) and principal.permissions_incomplete is None
    assert _decide(world, address) is True


def test_without_the_grant_the_call_is_denied(tmp_path: Path) -> None:
    world = _world(tmp_path, "main.tf", ROLE_TF)
    assert _decide(world, "aws_iam_role.r") is False


def test_exclusive_inline_list_removes_unlisted_policies(tmp_path: Path) -> None:
    text = ROLE_TF + (f'resource "aws_iam_role_policy" "x" {{\n  name = "x"\n  role = aws_iam_role.r.id\n'
                      f'  policy = {DOC_TF}\n}}\nresource "aws_iam_role_policies_exclusive" "e" {{\n'
                      '  role_name = aws_iam_role.r.name\n  policy_names = []\n}\n')
    world = _world(tmp_path, "main.tf", text)
    role = world.by_address("aws_iam_role.r")
    assert isinstance(role, IamRole) and role.inline_policies == () and role.permissions_incomplete is None
    assert _decide(world, "aws_iam_role.r") is False


INCOMPLETE = {
    "AWS managed policy not in the snapshot (Terraform)": (
        "main.tf", ROLE_TF + 'resource "aws_iam_role_policy_attachment" "x" {\n  role = aws_iam_role.r.name\n'
        '  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess"\n}\n', "aws_iam_role.r",
        "AWS managed policy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess is not in iacsim's snapshot of 20"),
    "AWS managed policy not in the snapshot (CloudFormation)": (
        "t.yaml", "Resources:\n" + ROLE_CFN + "      ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccessV2']\n",
        "t.yaml#Resources/R", "AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAccessV2 is not in iacsim's snapshot"),
    "AWS managed policy of another partition": (
        "main.tf", ROLE_TF + 'resource "aws_iam_role_policy_attachment" "x" {\n  role = aws_iam_role.r.name\n'
        '  policy_arn = "arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess"\n}\n', "aws_iam_role.r",
        "(the snapshot holds the aws partition's policies)"),
    "customer managed policy outside the scan": (
        "main.tf", ROLE_TF + 'resource "aws_iam_role_policy_attachment" "x" {\n  role = aws_iam_role.r.name\n'
        '  policy_arn = "arn:aws:iam::111111111111:policy/elsewhere"\n}\n', "aws_iam_role.r",
        "the managed policy arn:aws:iam::111111111111:policy/elsewhere (attached by "
        "aws_iam_role_policy_attachment.x) is not in the scan"),
    "attachment to a role not known statically": (
        "main.tf", ROLE_TF + POLICY_TF + 'variable "role" {}\nresource "aws_iam_role_policy_attachment" "x" {\n'
        '  role = var.role\n  policy_arn = aws_iam_policy.p.arn\n}\n', "aws_iam_role.r",
        "aws_iam_role_policy_attachment.x attaches a policy to a role not known statically"),
    "policy document not known statically": (
        "main.tf", ROLE_TF + 'variable "doc" {}\nresource "aws_iam_role_policy" "x" {\n  role = aws_iam_role.r.id\n'
        '  policy = var.doc\n}\n', "aws_iam_role.r", "aws_iam_role_policy.x: the policy document is not known statically"),
    "exclusive list naming a policy outside the scan": (
        "main.tf", ROLE_TF + 'resource "aws_iam_role_policies_exclusive" "e" {\n  role_name = aws_iam_role.r.name\n'
        '  policy_names = ["elsewhere"]\n}\n', "aws_iam_role.r",
        "aws_iam_role_policies_exclusive.e keeps inline policy elsewhere, which is not in the scan"),
    "group outside the scan": (
        "main.tf", 'resource "aws_iam_user" "u" { name = "u" }\nresource "aws_iam_user_group_membership" "m" {\n'
        '  user = aws_iam_user.u.name\n  groups = ["admins"]\n}\n', "aws_iam_user.u",
        "group admins of aws_iam_user.u is not in the scan"),
    "untranslated policy-bearing type": (
        "t.yaml", "Resources:\n" + ROLE_CFN + "  X:\n    Type: AWS::IAM::FuturePolicy\n    Properties:\n"
        "      RoleName: !Ref R\n", "t.yaml#Resources/R",
        "t.yaml#Resources/X: AWS::IAM::FuturePolicy is not modelled by iacsim"),
    "module not downloaded, given the role": (
        "main.tf", ROLE_TF + 'module "perms" {\n  source = "terraform-aws-modules/iam/aws//modules/iam-policy"\n'
        '  role_name = aws_iam_role.r.name\n}\n', "aws_iam_role.r",
        "module.perms (main.tf:5): module source 'terraform-aws-modules/iam/aws//modules/iam-policy' is not "
        "downloaded, so the policies it may attach are unknown (run `terraform init` so the module is downloaded)"),
    "module of an unknown kind not downloaded, not given the role": (
        "main.tf", ROLE_TF + 'module "perms" {\n  source = "git::https://example.com/perms.git"\n}\n',
        "aws_iam_role.r", "module.perms (main.tf:5): module source 'git::https://example.com/perms.git' is not "
        "downloaded"),
    "for_each over an unknown set": (
        "main.tf", ROLE_TF + POLICY_TF + 'variable "names" { type = set(string) }\n'
        'resource "aws_iam_role_policy_attachment" "x" {\n  for_each = var.names\n'
        '  role = aws_iam_role.r.name\n  policy_arn = aws_iam_policy.p.arn\n}\n', "aws_iam_role.r",
        "aws_iam_role_policy_attachment.x: for_each = var.names is not known statically (variable \"names\" has "
        "no value"),
    "count over an unknown value": (
        "main.tf", ROLE_TF + 'variable "on" { type = bool }\nresource "aws_iam_role_policy" "x" {\n'
        f'  count = var.on ? 1 : 0\n  role = aws_iam_role.r.id\n  policy = {DOC_TF}\n}}\n', "aws_iam_role.r",
        "aws_iam_role_policy.x: count = var.on is not known statically"),
    "Condition that cannot be evaluated": (
        "t.yaml", "Parameters:\n  On: {Type: String}\nConditions:\n  IsOn: !Equals [!Ref On, 'yes']\n"
        "Resources:\n" + ROLE_CFN + f"  P:\n    Type: AWS::IAM::Policy\n    Condition: IsOn\n    Properties:\n"
        f"      PolicyName: p\n      Roles: [!Ref R]\n      PolicyDocument: {DOC_CFN}\n", "t.yaml#Resources/R",
        "t.yaml#Resources/P: its Condition IsOn cannot be evaluated"),
}


@pytest.mark.parametrize("case", sorted(INCOMPLETE))
def test_what_the_scan_cannot_see_makes_a_denial_undecidable(tmp_path: Path, case: str) -> None:
    name, text, address, reason = INCOMPLETE[case]
    world = _world(tmp_path, name, text)
    principal = world.by_address(address)
    assert isinstance(principal, IamRole | IamUser)
    assert principal.permissions_incomplete is not None and reason in principal.permissions_incomplete
    with pytest.raises(Undecidable) as raised:
        _decide(world, address)
    assert reason in raised.value.reason


def test_an_incomplete_principal_still_gets_what_its_known_policies_allow(tmp_path: Path) -> None:
    text = ROLE_TF + (f'resource "aws_iam_role_policy" "x" {{\n  role = aws_iam_role.r.id\n  policy = {DOC_TF}\n}}\n'
                      'resource "aws_iam_role_policy_attachment" "y" {\n  role = aws_iam_role.r.name\n'
                      '  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess"\n}\n')
    world = _world(tmp_path, "main.tf", text)
    assert _decide(world, "aws_iam_role.r") is True


def test_a_module_of_a_known_kind_reaches_only_the_principals_it_is_given(tmp_path: Path) -> None:
    text = ROLE_TF + ('module "bucket" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n  bucket = "b"\n}\n'
                      'resource "aws_iam_role_policy" "x" {\n  role = aws_iam_role.r.id\n'
                      f'  policy = {DOC_TF}\n}}\n')
    world = _world(tmp_path, "main.tf", text)
    role = world.by_address("aws_iam_role.r")
    assert isinstance(role, IamRole) and role.permissions_incomplete is None
    assert _decide(world, "aws_iam_role.r") is True


def test_a_module_call_that_is_not_downloaded_is_not_counted_as_a_resource(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(ROLE_TF + 'module "m" {\n  source = "cloudposse/label/null"\n}\n')
    loaded = load_paths([tmp_path], LoadOptions(config=parse_config(None, "t"), use_cache=False))
    [module] = [r for r in loaded.result.resources if r.mode == "module"]
    assert (module.type, module.address, module.attrs) == ("module", "module.m", {"source": "cloudposse/label/null"})
    world = build_world(loaded.result.resources)
    assert [u.type for u in world.unmodelled] == [] and world.data_sources == 0


AWS_MANAGED = {
    # AmazonS3ReadOnlyAccess allows s3:Get* and s3:List* on * (its snapshot document)
    "AmazonS3ReadOnlyAccess (Terraform)": (
        "main.tf", ROLE_TF + 'resource "aws_iam_role_policy_attachment" "x" {\n  role = aws_iam_role.r.name\n'
        '  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"\n}\n', "aws_iam_role.r", True),
    "ReadOnlyAccess (CloudFormation)": (
        "t.yaml", "Resources:\n" + ROLE_CFN + "      ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess']\n",
        "t.yaml#Resources/R", True),
    # AWSLambdaBasicExecutionRole allows only CloudWatch Logs writes: a complete set without s3:GetObject
    "AWSLambdaBasicExecutionRole (Terraform)": (
        "main.tf", ROLE_TF + 'resource "aws_iam_role_policy_attachment" "x" {\n  role = aws_iam_role.r.name\n'
        '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"\n}\n',
        "aws_iam_role.r", False),
}


@pytest.mark.parametrize("case", sorted(AWS_MANAGED))
def test_an_aws_managed_policy_in_the_snapshot_is_evaluated_with_its_document(tmp_path: Path, case: str) -> None:
    name, text, address, allowed = AWS_MANAGED[case]
    world = _world(tmp_path, name, text)
    principal = world.by_address(address)
    assert isinstance(principal, IamRole) and principal.permissions_incomplete is None
    assert _decide(world, address) is allowed
