"""CloudFormation ``AWS::Lambda::Function`` → :class:`iacsim.model.lambda_.LambdaFunction`.

AWS CloudFormation User Guide ``AWS::Lambda::Function``: ``FunctionName`` (generated when absent),
``Role``, ``KmsKeyArn``, ``Environment.Variables``, ``Runtime``; ``Ref`` returns the name,
``Fn::GetAtt Arn`` the ARN. Variable values are summarized and dropped here.

SAM ``AWS::Serverless::Function`` (AWS SAM Developer Guide, "AWS::Serverless::Function",
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html)
becomes such a function: the same ``FunctionName``, ``Role``, ``KmsKeyArn``, ``Environment`` and ``Runtime``
(the loader has applied ``Globals.Function``); without ``Role`` SAM creates one from ``Policies``, which iacsim
does not simulate, so the role is not known.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn
from iacsim.model.lambda_ import LambdaFunction
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import arn, get_str, placement_fields, req_str, tags
from iacsim.model.translate.cloudformation.common import deploy_time, field_of, mapping
from iacsim.model.translate.terraform.lambda_ import variables
from iacsim.values import Unknown


@translates("AWS::Lambda::Function", attrs={
    "role": "Role",
    "key": "KmsKeyArn",
    "environment": "Environment",
    "runtime": "Runtime",
    "tags": "Tags",
})
def lambda_function(resource: Resource) -> Iterator[ModelObject]:
    yield _function(resource, req_str(resource.attrs, "Role", "function"))


@translates("AWS::Serverless::Function", attrs={
    "role": "Role",
    "key": "KmsKeyArn",
    "environment": "Environment",
    "runtime": "Runtime",
    "tags": "Tags",
})
def sam_function(resource: Resource) -> Iterator[ModelObject]:
    role = get_str(resource.attrs, "Role")
    yield _function(resource, role if role is not None else Unknown(
        "SAM creates the function's execution role from its Policies (the SAM transform is not simulated)"))


def _function(resource: Resource, role: str | Unknown) -> LambdaFunction:
    a = resource.attrs
    fields = placement_fields(resource)
    name = get_str(a, "FunctionName")
    function_arn: Arn | Unknown
    if isinstance(name, str) and fields["region"] != "unknown" and fields["account"] != "unknown":
        function_arn = Arn(arn(fields["partition"], "lambda", fields["region"], fields["account"], f"function:{name}"))
    else:
        function_arn = deploy_time(resource, "Arn", "the function ARN")
    return LambdaFunction(
        **fields,
        name=name if name is not None else deploy_time(resource, "Ref", "the function name"),
        arn=function_arn,
        role=role,
        key=get_str(a, "KmsKeyArn"),
        environment=variables(field_of(mapping(a.get("Environment")), "Variables")),
        runtime=get_str(a, "Runtime"),
        tags=tags(a, "Tags"),
    )
