"""Every Terraform 1.11 built-in function exists in iacsim, and no other.

The contract is the list ``terraform metadata functions -json`` prints for Terraform 1.11
(``terraform_1_11_functions.yml``, with its source): each name and its ``core::`` form. A function
iacsim lacks would silently turn every value built with it into an unknown; one Terraform lacks
would hide the "Call to unknown function" error Terraform reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iacsim.load.hcl import EvalContext, evaluate, parse_expression
from iacsim.load.hcl.functions import FUNCTIONS, builtin_name
from iacsim.load.hcl.functions.registry import is_known_function
from iacsim.values import Unknown

CONTRACT = yaml.safe_load((Path(__file__).parent / "terraform_1_11_functions.yml").read_text())["functions"]
NAMES = sorted(CONTRACT)
ENTRIES = [*NAMES, *(f"core::{n}" for n in NAMES)]


def test_contract_is_terraform_1_11s_list() -> None:
    assert len(ENTRIES) == 236
    assert not {"list", "map"} & set(NAMES)  # removed in 0.15; the command leaves them out


@pytest.mark.parametrize("name", ENTRIES)
def test_every_terraform_function_is_implemented(name: str) -> None:
    assert is_known_function(name)
    assert FUNCTIONS[builtin_name(name)].name == builtin_name(name)


def test_iacsim_implements_no_function_terraform_lacks() -> None:
    assert sorted(FUNCTIONS) == NAMES


def test_a_function_that_does_not_exist_is_unknown_with_the_reason() -> None:
    value = evaluate(parse_expression("timeaddd(1)"), EvalContext())
    assert isinstance(value, Unknown)
    assert 'unknown function "timeaddd"' in value.reason


def test_every_version_is_a_terraform_release() -> None:
    for name, since in CONTRACT.items():
        major, minor, *_ = (int(p) for p in str(since).split("."))
        assert (major, minor) <= (1, 11), name
