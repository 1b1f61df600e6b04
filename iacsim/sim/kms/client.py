"""The simulated KMS client (boto3 ``kms``) and its registration.

The client is assembled from one mixin per area (keys, crypto, aliases,
grants, rotation, import, multi-region); every operation resolves the key,
authorizes through :mod:`iacsim.policy` and checks the key state before
doing real cryptography. See docs/sim.md.
"""

from __future__ import annotations

from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.kms.aliases import KmsAliasOps
from iacsim.sim.kms.backend import KmsBackend
from iacsim.sim.kms.crypto import KmsCryptoOps
from iacsim.sim.kms.grants import KmsGrantOps
from iacsim.sim.kms.key_import import KmsImportOps
from iacsim.sim.kms.keys import KmsKeyOps
from iacsim.sim.kms.multiregion import KmsMultiRegionOps
from iacsim.sim.kms.rotation import KmsRotationOps


class KmsClient(KmsKeyOps, KmsCryptoOps, KmsAliasOps, KmsGrantOps, KmsRotationOps, KmsImportOps, KmsMultiRegionOps):
    """boto3-shaped KMS client bound to a region and a caller."""


def _backend(cloud: Cloud, account: str, region: str) -> KmsBackend:
    return KmsBackend(cloud, account, region)


KMS: ServiceSpec[KmsBackend] = register_service(ServiceSpec("kms", _backend, KmsClient))
