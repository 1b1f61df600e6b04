from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class WorkerFailed(ParseRule):
    """A file could not be parsed within its time or memory limit.

    What it does:
        Parses large files (``budgets.isolate_above_kb``, default 256 KiB) in a separate worker process
        with a wall-clock limit (``budgets.file_timeout``, seconds) and an address-space ceiling
        (``budgets.file_memory_mb``). A worker that overruns either, or dies, is stopped; its file becomes
        this finding and is not scanned, and every other file is.
    Why it matters:
        The file's resources are missing from the simulation, so checks that need them give no verdict.
        A parser that is made to hang or exhaust memory must cost one file, never the whole scan.
    Example:
        A multi-megabyte generated template that takes minutes to parse.
    Fix:
        Split or shrink the file, or raise ``budgets.file_timeout`` / ``budgets.file_memory_mb`` in
        ``.iacsim.yml`` if it is genuine.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "PARSE012"
    name = "parse-worker-stopped"
    summary = "A file could not be parsed within its time or memory limit"
    severity = "high"
