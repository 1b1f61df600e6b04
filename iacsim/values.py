"""Values shared by every layer: the explicit ``Unknown``.

docs/architecture.md §4: "Unknown is a value." Anything that cannot be resolved statically
(a remote module output, a data source, a variable without default, a value
known only after apply) is an :class:`Unknown` carrying *why*. It never becomes
the string ``"${...}"`` and never crashes evaluation; rules and flows that meet
one give the verdict ``unknown``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known statically."""

    reason: str
    """Human explanation, e.g. ``remote module "kms" not downloaded``."""

    ref: str | None = None
    """What it refers to when known: an address such as ``aws_kms_key.db.arn``."""

    partial: Any = field(default=None, compare=False, repr=False)
    """What is known of a JSON text that embeds unknown values (``jsonencode``, a policy document data
    source, a heredoc policy): the parsed structure with Unknowns where the values are missing, so a policy
    can be evaluated three-valued instead of not at all; :class:`InvalidJson` when the text is invalid
    whatever the values are. None when nothing is known."""
    template: str | None = field(default=None, compare=False)
    """For a string built from known text and unknown parts, the string with each unknown part written
    ``${<ref>}`` (``arn:aws:s3:::replica-${random_pet.this.id}``). Two values with the same template are the
    same string, whatever it turns out to be: a bucket named from ``random_pet`` is the same bucket in every
    reference, and a replay can give it one stable stand-in name. None when a part has no ref."""

    def __str__(self) -> str:
        return f"<unknown: {self.reason}>"

    def __bool__(self) -> bool:
        # Truthiness of an unknown is itself unknown; refusing it catches code
        # that would otherwise silently treat it as True.
        raise TypeError(f"truth value of Unknown({self.reason!r}) is unknown")


@dataclass(frozen=True)
class InvalidJson:
    """What :attr:`Unknown.partial` holds for JSON text that is invalid whatever its unknown parts turn out
    to be (a heredoc policy with a trailing comma and a ``${aws_sns_topic.t.arn}`` in a string): AWS rejects
    it once the values are known, so the policy is reported as invalid, not as unknown."""

    reason: str
    """``invalid JSON: Expecting value at line 20`` (the line only: unknown parts shift the columns)."""


class MadeUp(str):
    """A value iacsim made up because the code does not say it (the stack name derived from a template's
    file name when ``.iacsim.yml`` names no stack). It stands in for the real value in names and ARNs;
    secret detection never judges it, since it is not what the code holds."""

    __slots__ = ()


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def iter_unknowns(value: Any) -> Iterator[Unknown]:
    """Every Unknown nested anywhere inside ``value`` (dicts, lists, tuples)."""
    if isinstance(value, Unknown):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from iter_unknowns(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from iter_unknowns(v)


def first_unknown(value: Any) -> Unknown | None:
    return next(iter_unknowns(value), None)



_TF_VARIABLE = re.compile(r"^var\.([A-Za-z_][\w-]*)$")
_CFN_PARAMETER = re.compile(r"#Parameters/([A-Za-z0-9]+)")


def how_to_supply(value: Unknown) -> tuple[str, str] | None:
    """What an unknown is and the option that gives it a value, when one does: (``variable dest_account``,
    ``--var dest_account=…``) for a variable of the root module without value, (``parameter Key``,
    ``--cfn-param Key=…``) for a CloudFormation parameter without default, and ``terraform init`` for what a
    module that was not downloaded would define. None when no option of the scan supplies it (a value known
    only after apply, a data source). Read from the value's ref, so a reason names the exact variable or
    parameter (docs/architecture.md §4, "Unknown is a value")."""
    ref = value.ref or ""
    refs = [ref, *re.findall(r"\$\{([^}]+)\}", value.template or "")]
    names = list(dict.fromkeys(m.group(1) for m in map(_TF_VARIABLE.match, refs) if m))
    if names:
        return (f"variable{'s' if len(names) > 1 else ''} {', '.join(names)}",
                " ".join(f"--var {name}=…" for name in names))
    parameter = _CFN_PARAMETER.search(ref)
    if parameter:
        return f"parameter {parameter.group(1)}", f"--cfn-param {parameter.group(1)}=…"
    if "not downloaded" in value.reason:
        return ref or "a module that is not downloaded", "terraform init before the scan"
    return None


def unknown_because(value: Unknown) -> str:
    """`` (variable dest_account has no value: give it with --var dest_account=…)`` — the clause a reason
    appends to say which input is missing and how to supply it; empty when no option supplies it."""
    supply = how_to_supply(value)
    if supply is None:
        return ""
    what, option = supply
    verb = "run" if option.startswith("terraform") else "give them with" if "," in what else "give it with"
    missing = "is not read" if option.startswith("terraform") else "have no value" if "," in what else "has no value"
    return f" ({what} {missing}: {verb} {option})"
