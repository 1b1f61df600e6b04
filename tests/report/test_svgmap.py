"""What the HTML map places: which nodes and arrows a model and its flows produce."""

from __future__ import annotations

from typing import Any

from iacsim.report.svgmap import build_map

KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _report(services: list[dict[str, Any]], flows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    region = {
        "keys": [{"kind": "KmsKey", "address": "aws_kms_key.logs", "arn": KEY_ARN}],
        "services": services,
    }
    return {
        "model": {"accounts": {"111122223333": {"regions": {"us-east-1": region}}}},
        "summary": {"accounts": {"111122223333": {"regions": ["us-east-1"], "assumed": False}}},
        "flows": flows or [],
    }


def test_a_service_resource_is_drawn_with_a_dotted_arrow_to_its_key() -> None:
    group = {"kind": "LogGroup", "address": "aws_cloudwatch_log_group.app", "name": "/app/web",
             "kms_key": {"unknown": "known after apply", "ref": "aws_kms_key.logs.arn"}}
    layout = build_map(_report([group]))
    node = next(n for n in layout.nodes if n.kind == "service")
    assert node.label == "Logs /app/web" and node.failing_flow is None
    [edge] = [e for e in layout.edges if e.kind == "uses-key"]
    assert (edge.src, edge.dst) == ("aws_cloudwatch_log_group.app", "aws_kms_key.logs")
    assert edge.x1 and edge.x2, "the arrow was placed: both ends found on the map"


def test_a_service_touched_by_a_failing_flow_links_to_it_and_wiring_objects_are_not_drawn() -> None:
    topic = {"kind": "SnsTopic", "address": "aws_sns_topic.alerts", "name": "alerts", "kms_master_key_id": KEY_ARN}
    policy = {"kind": "SnsTopicPolicy", "address": "aws_sns_topic_policy.alerts", "topic": "aws_sns_topic.alerts"}
    flows = [{"kind": "service-encryption", "name": "aws_sns_topic.alerts publish", "verdict": "fail", "steps": []}]
    layout = build_map(_report([topic, policy], flows))
    services = [n for n in layout.nodes if n.kind == "service"]
    assert [n.title for n in services] == ["aws_sns_topic.alerts"]
    assert services[0].failing_flow == 0
    assert not any(n.kind == "flow" for n in layout.nodes), "the flow is shown on its topic, not as a marker"
