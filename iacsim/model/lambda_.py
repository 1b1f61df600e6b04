"""Lambda functions: the role that runs them, their key and their environment variables.

Environment variable *values* are never stored: :class:`EnvironmentVariable` keeps the name and a
non-reversible :class:`~iacsim.model.ssm.ValueShape` (length, credential-pattern names), plus
whether the value is plainly a reference (an ARN, a parameter path, a URL without credentials, a
number), so rules can tell ``DB_PASSWORD=hunter2…`` from ``DB_PASSWORD_ARN=arn:aws:…``; ECS
containers (:mod:`iacsim.model.ecs`) summarize their environment the same way.
Sources: "Securing Lambda environment variables"
(https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html);
Terraform ``aws_lambda_function``; CloudFormation ``AWS::Lambda::Function``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from iacsim.aws.arn import Arn as AwsArn
from iacsim.model.base import ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.model.ssm import ValueShape
from iacsim.model.value_shape import is_identifier, names_a_resource, summarize, unknown_value
from iacsim.values import MadeUp, Unknown

_REFERENCE = re.compile(
    r"^(arn:aws[a-z-]*:\S+"  # an ARN
    r"|/[\w./-]+"  # a parameter path or file path
    r"|[a-z][a-z0-9+.-]*://[^\s:@/]+(?::\d+)?(?:/\S*)?"  # a URL without user:password@
    r"|-?\d+(?:\.\d+)?|true|false|yes|no|on|off"  # numbers and switches
    r"|\$\{[^}]+\}|\{\{resolve:[^}]+\}\})$",  # unresolved interpolation, dynamic references
    re.I,
)


@dataclass(frozen=True)
class EnvironmentVariable:
    """One environment variable: its name and the shape of its value; never the value."""

    name: str
    """Variable name (``DB_PASSWORD``)."""
    value: ValueShape
    """Presence and shape of the value."""
    reference: bool | None = None
    """The known value is plainly a reference or setting (ARN, parameter path, URL without
    credentials, number, boolean), not a secret; None when the value is not known statically."""


def environment_variable(name: str, value: Any) -> EnvironmentVariable:
    """Summarize ``name=value``; the value is dropped here."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return EnvironmentVariable(name, unknown_value("value"), reference=names_a_resource(value))
    stripped = value.strip()
    # an identifier (a key id, an alias) or a value iacsim made up (a name from a derived stack name) is not
    # a secret the code holds: the variable's name alone does not make it one
    reference = not stripped or bool(_REFERENCE.match(stripped)) or is_identifier(stripped) or isinstance(value, MadeUp)
    return EnvironmentVariable(name, summarize(value, "value"), reference=reference)


@dataclass(frozen=True, kw_only=True)
class LambdaFunction(ServiceObject):
    """A Lambda function (``aws_lambda_function`` / ``AWS::Lambda::Function``)."""

    name: str | Unknown
    """Function name."""
    arn: Arn | Unknown
    """Function ARN ``arn:aws:lambda:<region>:<account>:function:<name>``."""
    role: Ref
    """Execution role (ARN); Lambda decrypts the environment as this role when the function initializes."""
    key: Ref | None = None
    """``kms_key_arn`` / ``KmsKeyArn``: key encrypting the environment variables; None means ``aws/lambda``."""
    environment: tuple[EnvironmentVariable, ...] | Unknown = ()
    """Environment variables (names and value shapes); Unknown when the map is not known statically."""
    runtime: str | Unknown | None = None
    """Runtime (``python3.12``); None for container images."""
    tags: Tags = field(default_factory=dict)
    """Tags."""

    def seed_values(self) -> dict[str, str]:
        """Name and ARN the function gets in a simulated cloud (CloudFormation ``Ref`` is the name)."""
        name = self.name if isinstance(self.name, str) else (
            "iacsim-function-" + hashlib.sha256(self.address.encode()).hexdigest()[:12])
        arn = self.arn if isinstance(self.arn, str) else (
            str(AwsArn.lambda_function(self.partition, self.region, self.account, name)))
        return {"name": name, "function_name": name, "arn": arn, "id": name, "ref": name}
