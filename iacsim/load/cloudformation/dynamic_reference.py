"""The Unknown a CloudFormation dynamic reference becomes, keeping the reference text.

``{{resolve:ssm:…}}``, ``{{resolve:ssm-secure:…}}`` and ``{{resolve:secretsmanager:…}}`` are
resolved by CloudFormation at deploy time, so the property value is unknown to the scan; but the
reference itself (service, parameter or secret name, version) is written in the template and is
what the code-secret checks need (does the parameter exist, may ``ssm-secure`` appear here, can
the deployer decrypt it). It names a parameter or secret, never a value.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from iacsim.values import Unknown

PATTERN = re.compile(r"\{\{resolve:([a-z-]+):([^}]*)\}\}")
"""A dynamic reference inside a string (several may appear in one string)."""


@dataclass(frozen=True)
class DynamicReference(Unknown):
    """A property value CloudFormation resolves at deploy time from one or more dynamic references."""

    references: tuple[str, ...] = ()
    """Every ``{{resolve:service:reference-key}}`` in the string, verbatim, in order."""


def find_references(text: str) -> tuple[str, ...]:
    """The dynamic references written in ``text``, verbatim."""
    return tuple(m.group(0) for m in PATTERN.finditer(text))


UNKNOWN_MARK = re.compile(r"@@iacsim-unknown=([^@:]*)@@")
"""How a deploy-time value inside a reference is written (``{{resolve:secretsmanager:${Secret}:…}}``
names the secret by its ARN, known after deployment): the ``ref`` of that value (an address and
attribute such as ``stack.yaml#Resources/Secret.Ref``), or empty when it has none."""


def references_with_unknowns(pieces: list[Any]) -> tuple[str, ...]:
    """The dynamic references in a concatenation (Fn::Sub/Fn::Join) where some pieces are unknown,
    each unknown piece written as :data:`UNKNOWN_MARK` so the reference still says what it names."""
    text = "".join(f"@@iacsim-unknown={_mark(p.ref)}@@" if isinstance(p, Unknown) else p
                   for p in pieces if isinstance(p, str | Unknown))
    return find_references(text)


def _mark(ref: str | None) -> str:
    # Reference keys are split on ":"; an address never has one, anything else is left unnamed.
    return ref if ref and not any(c in ref for c in ":@{}") else ""
