from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class Unreadable(ParseRule):
    """A file cannot be read or parsed.

    What it does:
        Reports a Terraform file (HCL or ``.tf.json``), variables file, CloudFormation template or plan JSON
        that cannot be read or does not parse: a syntax error, invalid JSON or YAML, a template that is not a
        mapping, a section of the wrong type, a file too large to scan (over 20 MiB). The finding names the
        file and the line of the problem.
    Why it matters:
        The file (or its broken section) is not scanned, so its resources are missing from the simulated
        accounts and the flows that need them: the scan is incomplete, and ``terraform plan`` or
        CloudFormation would reject the same file. Other files in the scan are unaffected.
    Example:
        resource "aws_kms_key" "app" {
          description = "unterminated
        }
    Fix:
        Correct the syntax at the reported line (``terraform validate`` or ``cfn-lint`` point at it too) and
        scan again.
    References:
        https://developer.hashicorp.com/terraform/language/syntax/configuration
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
    """

    id = "PARSE001"
    name = "unreadable-file"
    summary = "The file cannot be read or parsed"
    severity = "high"
