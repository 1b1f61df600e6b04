"""The application's tests run against the cloud its own Terraform declares.

``cloud_from`` reads ``infra/`` once per test session (as ``iacsim plan`` would) and hands each test its own
copy; ``principal`` is the role the application runs as, assumed through ``sts:AssumeRole`` as Lambda does,
so its trust policy, its IAM policy and the key policy all decide every call. ``APP_INFRA`` points the same
tests at another copy of the Terraform (iacsim's own tests use it to seed defects).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacsim.testing import Infrastructure, cloud_from

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))  # the application module, app.py


@pytest.fixture
def infra() -> Iterator[Infrastructure]:
    infra = cloud_from(os.environ.get("APP_INFRA", HERE / "infra"), principal="aws_iam_role.app")
    with infra.mock():  # every boto3 call in the test is answered by this cloud, as the app's role
        yield infra
