"""Long ARNs in a readable form for the HTML report: ``key/1234…90ab`` with its account and Region beside it.

A KMS key ARN is 75 characters, an assumed-role session longer; written out in full in every step of a
trace they push the columns apart and wrap mid-word on a phone. The short form keeps the resource type,
the first and last four characters of a long id, and says the account and Region in words; the full
value stays in the markup (``title`` for hover, ``data-full`` which the page's copy handler puts on the
clipboard), so nothing is lost. Everything else in the text is escaped.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from iacsim.aws.arn import PARTITION_PATTERN, Arn

_ARN_IN_TEXT = re.compile(rf"arn:{PARTITION_PATTERN}:[a-z0-9-]+:[a-z0-9-]*:[0-9]{{0,12}}:[^\s'\"(),;{{}}\]]+")
"""An ARN inside prose: it ends at whitespace, a quote, a bracket or a separator."""
_LONG_ID = re.compile(r"(?:mrk-)?[0-9a-f][0-9a-f-]{15,}|[A-Za-z0-9]*[0-9][A-Za-z0-9]*[A-Za-z][A-Za-z0-9]{14,}")
"""A generated id (key id, multi-Region key id, hash, snapshot id): cut to its first and last four characters.
Names people chose (roles, buckets, aliases) are kept whole."""


def short_arn(text: str) -> tuple[str, str]:
    """``(short resource, where)``: ``("key/1234…90ab", "111122223333, us-east-1")``; ``(text, "")`` when
    ``text`` is no ARN or already short."""
    arn = Arn.parse(text)
    if arn is None:
        return text, ""
    parts = re.split(r"([/:])", arn.resource)
    short = "".join(f"{p[:4]}…{p[-4:]}" if _LONG_ID.fullmatch(p) else p for p in parts)
    where = ", ".join(x for x in (arn.account, arn.region) if x)
    if not where:
        return (text, "") if short == arn.resource else (f"{arn.service}:{short}", "")
    return short, where


def arn_html(text: str) -> Markup:
    """One value (a step's principal or resource) as markup: short form with the full ARN on hover/copy."""
    short, where = short_arn(text)
    if short == text and not where:
        return Markup('<code class="v">{}</code>').format(text)
    ctx = Markup(' <span class="where">{}</span>').format(where) if where else Markup("")
    return Markup('<code class="arn" title="{0}" data-full="{0}">{1}{2}</code>').format(text, short, ctx)


def text_html(text: str) -> Markup:
    """Prose (a message, a step's reason) escaped, with every ARN in it in its short form."""
    out: list[str] = []
    last = 0
    for m in _ARN_IN_TEXT.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append(arn_html(m.group()))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
