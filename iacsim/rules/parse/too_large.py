from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class FileTooLarge(ParseRule):
    """A file is larger than the size limit and was skipped unread.

    What it does:
        Reports every candidate file (``.tf``, ``.tf.json``, YAML, JSON, ``.template``) larger than
        ``limits.max_file_bytes`` (default 20 MiB), from its size alone: the file is never opened.
    Why it matters:
        No hand-written template, module or plan comes near the limit; such a file is generated data or
        an attack on the scanner's memory. Its resources are not simulated, so say so instead of silently
        missing them.
    Example:
        A 50 MB ``dump.json`` beside the templates.
    Fix:
        Move generated data out of the scanned tree, or raise ``limits: {max_file_bytes: …}`` in
        ``.iacsim.yml`` if the file really is infrastructure code.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "PARSE006"
    name = "file-too-large"
    summary = "A file is larger than the size limit and was skipped unread"
    severity = "low"
