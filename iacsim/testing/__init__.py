"""Test your application against your own infrastructure code: :func:`cloud_from` builds the simulated cloud
your Terraform/CloudFormation declares (see docs/testing.md). boto3 and botocore are needed only by the
interception, never by the scan."""

from iacsim.testing.infra import Infrastructure, InfrastructureError, cloud_from
from iacsim.testing.principals import Acting, UnknownPrincipal

__all__ = ["Acting", "Infrastructure", "InfrastructureError", "UnknownPrincipal", "cloud_from"]
