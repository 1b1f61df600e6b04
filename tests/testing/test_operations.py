"""The table of implemented operations is generated from the simulator, and every operation and parameter
the simulator implements exists in botocore's service model (the source of truth for shapes)."""

from __future__ import annotations

import inspect

import botocore.session
import pytest
from botocore import xform_name

from iacsim.sim.cloud import service_spec
from iacsim.testing.operations import (
    DOC,
    implemented_operations,
    main,
    render,
    simulated_services,
    update_doc,
)

SERVICES = simulated_services()


def test_the_doc_table_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text == update_doc(text), "run `python -m iacsim.testing.operations --write` and commit the doc"


def test_the_table_lists_the_services_with_their_operations(capsys: pytest.CaptureFixture[str]) -> None:
    assert {"kms", "iam", "sts", "ssm", "s3", "lambda", "efs"} <= set(SERVICES)
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out == render()
    assert "| `sts` | AssumeRole, GetCallerIdentity |" in out


@pytest.mark.parametrize("service", SERVICES)
def test_every_simulated_operation_and_parameter_is_in_botocores_model(service: str) -> None:
    model = botocore.session.get_session().get_service_model(service)
    client = service_spec(service).client_class
    wrong = []
    for operation in implemented_operations(service):
        if operation not in model.operation_names:
            wrong.append(f"{operation}: no such operation")
            continue
        shape = model.operation_model(operation).input_shape
        members = set(shape.members) if shape is not None else set()
        parameters = inspect.signature(getattr(client, xform_name(operation))).parameters.values()
        wrong += [f"{operation}: no parameter {p.name}" for p in parameters
                  if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name not in members]
    assert not wrong
