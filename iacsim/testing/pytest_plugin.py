"""pytest plugin (entry point ``pytest11: iacsim``): the ``iacsim_cloud`` fixture.

    def test_reads_its_secret(iacsim_cloud):          # app code calls boto3 as usual
        ...

Loaded in every pytest run of an environment with iacsim installed, so this module imports only pytest at
collection: the simulator and botocore are imported when a test asks for the fixture, and a missing boto3
fails that test with how to install it instead of breaking pytest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from iacsim.sim import Cloud


@pytest.fixture
def iacsim_mock_options() -> dict[str, Any]:
    """Keyword arguments of the ``mock_aws`` behind :func:`iacsim_cloud` (``region``, ``account``,
    ``principal``, ``profiles``, ``cloud``). Override this fixture to change them for a module or a
    conftest; the default is a fresh cloud acting as the root of 111111111111 in us-east-1."""
    return {}


@pytest.fixture
def iacsim_cloud(iacsim_mock_options: dict[str, Any]) -> Iterator[Cloud]:
    """A fresh simulated cloud answering every boto3 call of the test (``iacsim.testing.mock_aws``)."""
    if not _botocore_installed():
        pytest.fail("the iacsim_cloud fixture needs botocore and boto3: pip install 'iacsim[testing]'",
                    pytrace=False)
    from iacsim.testing.mock import mock_aws

    with mock_aws(**iacsim_mock_options) as cloud:
        yield cloud


def _botocore_installed() -> bool:
    try:
        import boto3  # noqa: F401
        import botocore  # noqa: F401
    except ImportError:
        return False
    return True
