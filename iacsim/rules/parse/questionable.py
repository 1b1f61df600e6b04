from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class Questionable(ParseRule):
    """The input is readable but questionable (missing properties, unsupported versions).

    What it does:
        Reports every other problem a loader finds in input it could read: a CloudFormation template
        problem (a malformed section or property, a misspelt resource type), a duplicate Terraform
        declaration, a module source without ``.tf`` files, an undeclared provider configuration, an
        expression that cannot be evaluated, an ignored nested configuration file, and a resource iacsim
        could not translate into its model. (A ``count`` or ``for_each`` that is unknown because of a value
        the scan cannot read is a notice of PARSE003, in the coverage section.)
    Why it matters:
        The affected resource or value is left out of the simulation or taken at a guess, so findings on
        it may be missing; several of these problems also make the deployment itself fail.
    Example:
        Resources:
          Key:
            Type: AWS::KMS::Kee
    Fix:
        Correct the input at the reported line; when the input is right and iacsim is wrong, report it.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
        https://developer.hashicorp.com/terraform/language/syntax/configuration
    """

    id = "PARSE004"
    name = "questionable-input"
    summary = "The input is readable but questionable (missing properties, unsupported versions)"
    severity = "low"
