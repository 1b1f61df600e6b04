"""A flow that meets an input it cannot know says unknown; it never turns it into a denial."""

from pathlib import Path

from iacsim.load import LoadOptions
from iacsim.pipeline import scan

S3_CASE = Path(__file__).resolve().parent.parent / "rules" / "cases" / "S3102.yml"


def test_role_whose_managed_policy_is_unknown_makes_replication_unknown(tmp_path: Path) -> None:
    import yaml

    passing = yaml.safe_load(S3_CASE.read_text())["cases"][1]["terraform"]
    # move the role's permissions into a managed policy that names a bucket from a data source
    # iacsim cannot resolve, in a Deny that could cover what replication does: the replay cannot judge the role
    # (a statement the unknown bucket cannot change would not matter: tests/flows/test_unknown_policy_values.py)
    text = passing.replace('resource "aws_iam_role_policy" "replication" {\n  role = aws_iam_role.replication.id\n',
                           'data "aws_s3_bucket" "elsewhere" {\n  bucket = "managed-elsewhere"\n}\n'
                           'resource "aws_iam_policy" "replication" {\n  name = "replication"\n')
    text = text.replace('{ Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.source.arn },',
                        '{ Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.source.arn },\n'
                        '      { Effect = "Deny", Action = "s3:*", Resource = data.aws_s3_bucket.elsewhere.arn },')
    text += ('resource "aws_iam_role_policy_attachment" "replication" {\n  role       = aws_iam_role.replication.name\n'
             '  policy_arn = aws_iam_policy.replication.arn\n}\n')
    assert 'resource "aws_iam_policy" "replication"' in text and "data.aws_s3_bucket.elsewhere.arn" in text
    (tmp_path / "main.tf").write_text(text)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    replication = [fl for fl in report.flows if fl.kind == "s3-replication"]
    assert replication and {fl.verdict for fl in replication} == {"unknown"}
    (step,) = [s for s in replication[0].steps if s.decision == "unknown"]
    assert "data.aws_s3_bucket.elsewhere" in step.reason and "it could deny" in step.reason
    assert [f.rule_id for f in report.findings if f.category == "broken-flow"] == []


def test_no_reader_is_said_on_the_write_step(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_ssm_parameter" "p" {\n  name  = "/app/token"\n'
                                      '  type  = "SecureString"\n  value = "x"\n}\n')
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if fl.kind == "ssm-secure-string"]
    assert flow.verdict == "pass" and len(flow.steps) == 1
    assert flow.steps[0].decision == "allowed" and "no role or user in the scan" in flow.steps[0].reason


def test_a_plans_after_apply_snapshot_key_is_followed_not_crashed_on() -> None:
    """In a plan the shared image's snapshot key is known only after apply: the replay follows the reference to
    the simulated key (same verdicts as the Terraform form), where it used to stop on the Unknown."""
    from iacsim.config import load_config

    samples = Path(__file__).resolve().parents[2] / "samples"
    options = LoadOptions(use_cache=False, config=load_config(samples / ".iacsim.yml"))
    verdicts = {}
    for name in ("ami-sharing", "ami-sharing-broken"):
        report, _, _ = scan([samples / "plans" / f"{name}.json"], options, "none")
        (flow,) = [fl for fl in report.flows if fl.kind == "ami-sharing"]
        assert "could not replay" not in flow.steps[0].reason
        verdicts[name] = (flow.verdict, sorted(f.rule_id for f in report.findings))
    assert verdicts == {"ami-sharing": ("pass", []), "ami-sharing-broken": ("fail", ["AMI101"])}


def test_a_fail_needs_a_denial_no_unknown_step_precedes() -> None:
    from iacsim.findings import FlowStep
    from iacsim.flows.steps import verdict

    def step(decision: str) -> FlowStep:
        return FlowStep("p", "a", "r", decision, "why")  # type: ignore[arg-type]

    assert verdict([step("allowed"), step("denied"), step("unknown")]) == "fail"
    assert verdict([step("allowed"), step("unknown"), step("denied")]) == "unknown"
    assert verdict([step("allowed"), step("unknown")]) == "unknown"
    assert verdict([step("allowed"), step("error")]) == "fail"
    assert verdict([step("allowed")]) == "pass"


def test_s3_replication_of_an_incomplete_role_stops_at_an_unknown_step(tmp_path: Path) -> None:
    """The replay records the undecidable permission as an unknown step, not a denial, and emits no finding."""
    import yaml

    cases = yaml.safe_load(S3_CASE.read_text())["cases"]
    template = next(c for c in cases if "not in iacsim's snapshot" in c["name"])["cloudformation"]
    (tmp_path / "template.yaml").write_text(template)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if fl.kind == "s3-replication"]
    assert flow.verdict == "unknown"
    last = flow.steps[-1]
    assert (last.decision, last.action) == ("unknown", "s3:GetReplicationConfiguration")
    assert "AWS managed policy arn:aws:iam::aws:policy/AmazonS3FullAccessV9 is not in iacsim's snapshot of" in last.reason
    assert [f.rule_id for f in report.findings if f.category == "broken-flow"] == []
