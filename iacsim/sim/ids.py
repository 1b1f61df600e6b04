"""Identifiers the simulated services make up, drawn from a seeded generator.

AWS invents identifiers for what it creates (key ids, AMI and volume ids, the six random characters of a
secret's ARN, grant ids, message ids). The simulator draws them from one :class:`random.Random` per
:class:`~iacsim.sim.cloud.Cloud`, so replaying the same infrastructure names the same objects: report
snapshots, SARIF fingerprints, baselines and audit logs are reproducible from run to run.

Only identifiers come from here. Key material, IVs, nonces and data keys stay cryptographically random
(``os.urandom``): they never appear in any output, and the cryptography must be real.
"""

from __future__ import annotations

import random
import uuid

_HEX = "0123456789abcdef"


class IdSource:
    """A reproducible stream of identifiers (not secrets: never use it for key material)."""

    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(seed)

    def hex(self, length: int) -> str:
        """``length`` lowercase hexadecimal digits."""
        return "".join(self._rng.choice(_HEX) for _ in range(length))

    def uuid(self) -> str:
        """A version-4-shaped UUID string, as KMS key ids and Secrets Manager version ids look."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def choice(self, alphabet: str, length: int) -> str:
        """``length`` characters of ``alphabet`` (a secret ARN's six-character suffix)."""
        return "".join(self._rng.choice(alphabet) for _ in range(length))
