"""Options of the CloudFormation loader and the parameters files it reads."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacsim.config import Config


@dataclass(frozen=True)
class CfnOptions:
    parameters: Mapping[str, str] = field(default_factory=dict)
    """``--cfn-param Key=Value`` overrides; they win over every other source."""
    parameter_files: Sequence[Path] = ()
    """Parameters files (both formats, see :func:`read_parameters_file`), applied in order."""
    config: Config = field(default_factory=Config)
    account_id: str | None = None
    """``--account-id``: the account of templates that ``config.stacks`` does not place."""
    region: str | None = None
    """``--region``: the region of templates that ``config.stacks`` does not place."""


class ParametersFileError(ValueError):
    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        # CommaDelimitedList / List<…> parameters are given as one comma-separated string.
        return ",".join(_scalar(v) for v in value)
    return str(value)


def parse_parameters(data: Any, path: Path) -> dict[str, str]:
    """Parameters from the formats AWS tools use.

    * ``aws cloudformation create-stack --parameters file://p.json``:
      ``[{"ParameterKey": "Env", "ParameterValue": "prod"}]``
      (AWS CLI reference, create-stack; ``UsePreviousValue`` entries carry no value and are skipped).
    * CodePipeline template configuration / ``aws cloudformation deploy``:
      ``{"Parameters": {"Env": "prod"}}`` (CodePipeline User Guide, "Template configuration file").
    * ``["Env=prod"]`` (``deploy --parameter-overrides`` shorthand) and a plain ``{"Env": "prod"}``.
    """
    out: dict[str, str] = {}
    if isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, dict) and "ParameterKey" in item:
                if "ParameterValue" in item:
                    out[str(item["ParameterKey"])] = _scalar(item["ParameterValue"])
            elif isinstance(item, str) and "=" in item:
                key, _, value = item.partition("=")
                out[key] = value
            else:
                raise ParametersFileError(path, 1, f"entry {i}: expected {{ParameterKey, ParameterValue}} or "
                                                   "\"Key=Value\"")
        return out
    if isinstance(data, dict):
        params = data.get("Parameters", data) if isinstance(data.get("Parameters"), dict) else data
        for key, value in params.items():
            if isinstance(value, dict):
                raise ParametersFileError(path, 1, f"parameter {key!r}: expected a string value")
            out[str(key)] = _scalar(value)
        return out
    raise ParametersFileError(path, 1, "expected a list of {ParameterKey, ParameterValue} or a "
                                       "{\"Parameters\": {...}} object")


def read_parameters_file(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ParametersFileError(path, 1, f"cannot read parameters file: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParametersFileError(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    return parse_parameters(data, path)
