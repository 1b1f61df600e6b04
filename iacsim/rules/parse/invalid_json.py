from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class InvalidJson(ParseRule):
    """A JSON document in the input (a policy, container definitions) is not valid JSON.

    What it does:
        Reports a JSON document held in a string attribute that does not parse: a key, bucket, queue,
        topic or secret policy, an IAM policy, or ECS container definitions. The finding names the
        resource that holds it.
    Why it matters:
        AWS rejects the call at apply (``MalformedPolicyDocumentException`` for a policy, a client error
        for container definitions), and iacsim cannot evaluate a policy it cannot read, so every flow
        through that resource is unknown.
    Example:
        resource "aws_kms_key" "k" {
          policy = "{\\"Version\\": \\"2012-10-17\\","
        }
    Fix:
        Build the document with ``jsonencode(...)`` or ``data "aws_iam_policy_document"`` in Terraform, or
        as a YAML mapping in CloudFormation, instead of a hand-written string.
    References:
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
        https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
    """

    id = "PARSE005"
    name = "invalid-json-document"
    summary = "A JSON document in the input (a policy, container definitions) is not valid JSON"
    severity = "high"
