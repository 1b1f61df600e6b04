from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class ScanTimeout(ParseRule):
    """The scan timed out before this part was finished.

    What it does:
        Bounds the whole scan with ``iacsim plan --timeout SECONDS`` (default 600). When it passes, the
        scan stops, writes the report it has, lists every file, root module or world it did not finish as
        this finding, and exits with code 2.
    Why it matters:
        The report is partial: unfinished parts were not checked, so their absence of findings means
        nothing.
    Example:
        A repository with thousands of root modules scanned with ``--timeout 60``.
    Fix:
        Raise ``--timeout``, scan fewer paths per run, or look for a file that makes the scan slow
        (PARSE011 findings point at expensive expressions).
    References:
        https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idtimeout-minutes
    """

    id = "PARSE013"
    name = "scan-timed-out"
    summary = "The scan timed out before this part was finished"
    severity = "high"
