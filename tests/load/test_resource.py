"""Resource records never show their attributes (they can hold secrets as written)."""

from iacsim.load.resource import Placement, Resource, SourceLocation


def test_repr_leaves_out_attribute_values() -> None:
    r = Resource("aws_ssm_parameter", "aws_ssm_parameter.p", {"value": "hunter2-secret"}, SourceLocation("m.tf", 1),
                 Placement("111111111111", "us-east-1"), "terraform")
    assert "hunter2-secret" not in repr(r) and "hunter2-secret" not in str(r)
    assert "aws_ssm_parameter.p" in repr(r)
