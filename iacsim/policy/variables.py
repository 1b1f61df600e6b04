"""Policy variables: ``${aws:username}``, ``${aws:PrincipalTag/team, 'default'}``, ``${*}``...

IAM User Guide, "IAM policy elements: Variables and tags"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):

* variables are replaced only in policies with ``"Version": "2012-10-17"``; in older (or
  version-less) policies ``${...}`` is literal text;
* they may appear in ``Resource`` and in condition values of String and ARN operators;
* ``${*}``, ``${?}`` and ``${$}`` stand for a literal ``*``, ``?`` and ``$``;
* a variable may carry a default (``${aws:PrincipalTag/team, 'company-wide'}``) used when the key
  is absent; without a default, a missing key makes the element it appears in not match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from iacsim.policy.wildcards import LITERAL_QUESTION, LITERAL_STAR

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"^\s*([^,]+?)\s*,\s*'([^']*)'\s*$")

Context = Mapping[str, tuple[str, ...]]


def has_variables(text: str) -> bool:
    return "${" in text


def _literal(text: str) -> str:
    # Substituted text never acts as a wildcard.
    return text.replace("*", LITERAL_STAR).replace("?", LITERAL_QUESTION)


def substitute(template: str, context: Context) -> str | None:
    """Replace every variable in ``template``; None when a variable has no value and no default.

    The result marks substituted ``*``/``?`` as literal (see :mod:`iacsim.policy.wildcards`).
    """
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        body = match.group(1)
        if body == "*":
            return LITERAL_STAR
        if body == "?":
            return LITERAL_QUESTION
        if body == "$":
            return "$"
        default: str | None = None
        name = body.strip()
        with_default = _DEFAULT.match(body)
        if with_default:
            name, default = with_default.group(1), with_default.group(2)
        values = context.get(name.lower())
        # Only a single value can be substituted; a multi-valued key has no one value.
        if values is not None and len(values) == 1:
            return _literal(values[0])
        if default is not None:
            return _literal(default)
        missing = True
        return ""

    result = _VARIABLE.sub(replace, template)
    return None if missing else result
