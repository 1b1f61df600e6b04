"""State of the simulated Amazon EFS in one account+Region: file systems and their encryption."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iacsim.sim.efs.errors import FileSystemNotFound
from iacsim.sim.kms.storage_services import SealedKey
from iacsim.sim.trace import TraceStep

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud


@dataclass
class FileSystem:
    file_system_id: str
    arn: str
    creation_token: str
    encrypted: bool
    key_arn: str | None = None
    sealed: SealedKey | None = field(default=None, repr=False)

    def shape(self) -> dict[str, Any]:
        out: dict[str, Any] = {"FileSystemId": self.file_system_id, "FileSystemArn": self.arn,
                               "CreationToken": self.creation_token, "Encrypted": self.encrypted,
                               "LifeCycleState": "available"}
        if self.key_arn:
            out["KmsKeyId"] = self.key_arn
        return out


class EfsBackend:
    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.file_systems: dict[str, FileSystem] = {}
        self.last_kms_steps: tuple[TraceStep, ...] = ()

    def by_token(self, token: str) -> FileSystem | None:
        return next((f for f in self.file_systems.values() if f.creation_token == token), None)

    def file_system(self, file_system_id: str) -> FileSystem:
        found = self.file_systems.get(file_system_id)
        if found is None:
            raise FileSystemNotFound(f"File system '{file_system_id}' does not exist.")
        return found
