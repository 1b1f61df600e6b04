"""The input-problem rules of a bounded scan: an exceeded budget, a stopped worker, the scan timeout.

Kept apart from :mod:`iacsim.report.diagnostics` because they carry full documentation
(what happened, why it matters, how to fix it): these findings mostly meet input
written to hurt the scanner, and the reader must be able to tell that from a bug.
"""

from __future__ import annotations

BUDGET_RULE = ("PARSE008", "The input exceeds an evaluation budget (value size, steps, instances, module depth)")
WORKER_RULE = ("PARSE009", "A file could not be parsed within its time or memory limit")
TIMEOUT_RULE = ("PARSE010", "The scan timed out before this part was finished")

LIMIT_RULES: dict[str, tuple[str, str]] = {
    # diagnostic code: (rule id, short description)
    "budget-exceeded": BUDGET_RULE,
    "worker-failed": WORKER_RULE,
    "scan-timeout": TIMEOUT_RULE,
}

LIMIT_HELP: dict[str, str] = {
    "PARSE008": (
        "**PARSE008** — {short}.\n\n"
        "**What it does.** Evaluating Terraform expressions and CloudFormation intrinsics is counted against "
        "the `budgets` of `.iacsim.yml`: evaluation steps per root module or template (`max_steps`), elements "
        "of one value (`max_collection`), characters of one string (`max_string`), `count`/`for_each` "
        "instances per root (`max_instances`) and nested module calls (`max_module_depth`). The finding names the file and line where a "
        "budget ran out; that value is unknown, and so is every check that needs it.\n\n"
        "**Why it matters.** A `setproduct` of large lists, a `join` that builds gigabytes or "
        "`count = 100000000` would otherwise make the scan run out of memory or never finish, which on a "
        "pull request from a stranger is a denial of service of the pipeline. Input written that way can "
        "also hide a real problem behind values the scan cannot know.\n\n"
        "**Example.** `locals {{ p = setproduct(range(1000), range(1000), range(1000)) }}`.\n\n"
        "**Fix.** Make the expression smaller. If the configuration is genuine and needs more, raise the "
        "budget named in the message under `budgets:` in `.iacsim.yml`. Other files in the scan are "
        "unaffected."
    ),
    "PARSE009": (
        "**PARSE009** — {short}.\n\n"
        "**What it does.** Large files are parsed in a separate worker process with a wall-clock limit "
        "(`budgets.file_timeout`, seconds) and an address-space ceiling (`budgets.file_memory_mb`). A worker "
        "that overruns either, or dies, is stopped; its file becomes this finding and is not scanned, and "
        "every other file is.\n\n"
        "**Why it matters.** The file's resources are missing from the simulation, so checks that need "
        "them give no verdict.\n\n"
        "**Example.** A multi-megabyte template that takes minutes to parse.\n\n"
        "**Fix.** Split or shrink the file, or raise `budgets.file_timeout` / `budgets.file_memory_mb` if it "
        "is genuine."
    ),
    "PARSE010": (
        "**PARSE010** — {short}.\n\n"
        "**What it does.** `iacsim plan --timeout SECONDS` (default 600) bounds the whole scan. When it "
        "passes, the scan stops, writes the report it has, lists every file, root module, world or flow it "
        "did not finish as this finding, and exits with code 2.\n\n"
        "**Why it matters.** The report is partial: unfinished parts were not checked.\n\n"
        "**Example.** A repository with thousands of root modules scanned with `--timeout 60`.\n\n"
        "**Fix.** Raise `--timeout`, scan fewer paths per run, or look for a file that makes the scan slow "
        "(PARSE008 findings point at expensive expressions)."
    ),
}
"""Rule id → its documentation (``{short}`` is the short description)."""
