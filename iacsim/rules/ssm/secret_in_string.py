from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.ssm import SsmParameter
from iacsim.rules._secrets import name_says_secret
from iacsim.rules._values import text
from iacsim.rules.base import Hit, Rule, RuleContext


class SecretInPlainParameter(Rule):
    """A secret kept in a ``String`` or ``StringList`` parameter.

    What it does:
        Flags String/StringList parameters whose value looks like a credential (access keys, tokens, PEM
        private keys, high-entropy strings, a generated password such as ``random_password.x.result``), or
        whose name says it holds one (password, secret, token, api_key, private_key…, in any segment of the
        path) while the value is a literal. A parameter is judged by its value, never by its name alone: a
        value not known statically, a reference (an ARN, a path, a URL, another resource's id), an identifier
        (a key id, an alias, a number) or a value iacsim made up is never taken for a secret, and a name about
        a secret (``…-arn``, ``…-name``) does not say it holds one. The value is never printed.
    Why it matters:
        String parameters are stored and returned in plain text to anyone with ``ssm:GetParameter``, show
        in the console and in CloudTrail-adjacent tooling, and are not protected by a KMS key policy.
    Example:
        resource "aws_ssm_parameter" "db_password" { name = "/prod/db/password" type = "String" ... }
    Fix:
        ``type = "SecureString"`` with a customer managed key (and ``value_wo`` to keep it out of state),
        or AWS Secrets Manager.
    References:
        https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html
    """

    id = "SSM201"
    name = "secret-in-plain-parameter"
    summary = "Secret stored in a String parameter instead of a SecureString"
    category = "security"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for p in ctx.world.of_type(SsmParameter):
            if p.type not in ("String", "StringList"):
                continue
            name = text(p.name) or ""
            reasons = []
            if p.value.looks_like_secret is True:
                reasons.append("its value looks like a credential (" + ", ".join(p.value.secret_signals) + ")")
            # judged by the value, never by the name alone: a value not known statically, or a reference (an ARN,
            # a path, a URL, another resource's id), is not a secret whatever the parameter is called
            literal = p.value.known and not p.value.identifier and (p.value.length_bytes or 0) > 0
            if name_says_secret(name) and literal:
                reasons.append(f"its name ({name}) says it holds a secret and its value is a literal")
            if reasons:
                yield Hit(p, f"{p.type} parameter: {' and '.join(reasons)}; the value is stored in plain text",
                          fix='type = "SecureString" with key_id = <customer managed key> (or Secrets Manager)')
