from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class BudgetExceeded(ParseRule):
    """The input exceeds an evaluation budget.

    What it does:
        Counts the evaluation of Terraform expressions and CloudFormation intrinsics against the
        ``budgets`` of ``.iacsim.yml``: evaluation steps per root module or template (``max_steps``),
        elements of one value (``max_collection``), characters of one string (``max_string``),
        ``count``/``for_each`` instances per root (``max_instances``) and nested module calls
        (``max_module_depth``). The finding names the file and line where a budget ran out; that value
        is unknown, and so is every verdict that needs it.
    Why it matters:
        A ``setproduct`` of large lists, a ``join`` that builds gigabytes or ``count = 100000000`` would
        otherwise make the scan run out of memory or never finish, which on a pull request from a
        stranger is a denial of service of the pipeline. Input written that way can also hide a real
        problem behind values the scan cannot know.
    Example:
        locals {
          p = setproduct(range(1000), range(1000), range(1000))
        }
    Fix:
        Make the expression smaller. If the configuration is genuine and needs more, raise the budget
        the message names under ``budgets:`` in ``.iacsim.yml``. Other files in the scan are unaffected.
    References:
        https://developer.hashicorp.com/terraform/language/functions/setproduct
        https://developer.hashicorp.com/terraform/language/meta-arguments/count
    """

    id = "PARSE011"
    name = "evaluation-budget-exceeded"
    summary = "The input exceeds an evaluation budget (value size, steps, instances, module depth)"
    severity = "high"
