from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class EvaluationCycle(ParseRule):
    """Values depend on each other in a cycle and cannot be evaluated.

    What it does:
        Reports Terraform locals, variables or module calls whose values refer to each other in a loop
        (``local.a`` uses ``local.b``, which uses ``local.a``; a module that calls itself). The finding
        names the file and line and the cycle's path.
    Why it matters:
        Terraform refuses such a configuration ("Cycle: …"), and iacsim cannot compute the values in the
        cycle: the attributes that use them stay unknown, so checks and flows on those resources see less
        than the real deployment would.
    Example:
        locals {
          a = local.b
          b = local.a
        }
    Fix:
        Break the loop: compute one of the values from inputs that do not depend on the others.
    References:
        https://developer.hashicorp.com/terraform/language/values/locals
        https://developer.hashicorp.com/terraform/language/expressions/references
    """

    id = "PARSE002"
    name = "evaluation-cycle"
    summary = "Values depend on each other in a cycle and cannot be evaluated"
    severity = "high"
