from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class NestingTooDeep(ParseRule):
    """A file nests deeper than the nesting limit.

    What it does:
        Counts how deep brackets (JSON, HCL) or collections (YAML) nest before any parser builds the
        document, and refuses files deeper than ``limits.max_depth`` (default 128).
    Why it matters:
        Readers recurse once per level; a 100,000-deep array would end the scan with ``RecursionError``
        and no report. Real templates nest a few dozen levels at most.
    Example:
        ``{"Resources": {"A": [[[[[[ … 100,000 levels … ]]]]]]}}``
    Fix:
        Flatten the document; raise ``limits: {max_depth: …}`` only for genuinely deep generated input.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """

    id = "PARSE007"
    name = "nesting-too-deep"
    summary = "A file nests deeper than the nesting limit"
    severity = "high"
