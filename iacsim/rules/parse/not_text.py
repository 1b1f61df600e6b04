from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class NotText(ParseRule):
    """A file is binary or not UTF-8.

    What it does:
        Looks for a NUL byte in a candidate file's first 8 KiB (binary) and decodes the rest as UTF-8;
        either failure is reported once, with the line of the first bad byte, and the file is skipped.
    Why it matters:
        Terraform and CloudFormation read UTF-8 only; a binary file with a template's name is not what it
        claims to be, and guessing an encoding would simulate something other than what deploys.
    Example:
        A ``stack.json`` saved as UTF-16, or a compressed file named ``main.tf``.
    Fix:
        Save the file as UTF-8, or rename files that are not infrastructure code.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
        https://developer.hashicorp.com/terraform/language/syntax/configuration
    """

    id = "PARSE009"
    name = "binary-or-not-utf8"
    summary = "A file is binary or not UTF-8"
    severity = "low"
