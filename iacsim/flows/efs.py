"""``service-encryption`` for EFS: every encrypted file system, created by the deployer (flows/deployer.py) with
the KMS calls EFS documents. Run by :class:`~iacsim.flows.datastores.DatastoreEncryptionFlow`."""

from __future__ import annotations

from functools import partial

from iacsim.flows.base import FlowOutcome
from iacsim.flows.clients import EfsClient, client
from iacsim.flows.datastore_replay import DatastoreReplay, Scenario, outcome
from iacsim.model import World
from iacsim.model.efs import EfsFileSystem
from iacsim.rules.efs.flow import FileSystemKeyUnusable


def scenarios(world: World) -> list[Scenario]:
    return [(fs, partial(_file_system, fs)) for fs in world.of_type(EfsFileSystem) if fs.encrypted is True]


def _file_system(fs: EfsFileSystem, r: DatastoreReplay) -> FlowOutcome:
    name = f"{fs.address}: EFS encryption at rest"
    key = r.key(fs.kms_key, fs)
    efs = client(r.cloud, EfsClient, region=fs.region, account=fs.account)
    token = r.name("efs", fs, fs.name)
    steps, _ = r.deployer_step(fs, "elasticfilesystem:CreateFileSystem", fs.address, lambda who: partial(
        client(r.cloud, EfsClient, region=fs.region, principal=who).create_file_system, CreationToken=token,
        Encrypted=True, **({"KmsKeyId": key} if key else {})), "file system created", [efs.kms_steps])
    rule = None if r.wrong_region(fs.kms_key, fs) else FileSystemKeyUnusable
    return outcome(fs, name, steps, rule,
                   f"key policy statement allowing account {fs.account}'s principals kms:Encrypt, "
                   "kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKeyWithoutPlaintext, kms:CreateGrant and "
                   f"kms:DescribeKey (condition kms:ViaService = elasticfilesystem.{fs.region}.amazonaws.com)")
