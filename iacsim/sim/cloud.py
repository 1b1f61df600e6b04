"""The simulated partition: clock, service registry and per-account/region backends.

State is indexed like moto's ``kms_backends[account][region]``:
``cloud.backends("kms")["111111111111"]["us-east-1"]`` is created on first
use. Each service is a package (``iacsim/sim/<service>/``) whose ``client.py``
registers it with :func:`register_service`; :class:`Cloud` imports
``iacsim.sim.<service>.client`` the first time a service is asked for, so there
is no hand-kept list of services.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from iacsim.sim.audit import AuditLog
from iacsim.sim.clock import SimClock
from iacsim.sim.ids import IdSource
from iacsim.sim.principal import Caller, Principal
from iacsim.sim.regions import GLOBAL_REGION, PARTITION_REGIONS, check_region

if TYPE_CHECKING:
    from iacsim.sim.client import BaseClient
    from iacsim.sim.s3.replication import ReplicationResult

B = TypeVar("B")

DEFAULT_ACCOUNT = "111111111111"
DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class ServiceSpec(Generic[B]):
    """How to build one service: its backend per account+region and its client class."""

    name: str
    """boto3 service name: ``kms``, ``iam``, ``ssm``, ``s3``, ``ec2``."""
    backend_factory: Callable[[Cloud, str, str], B]
    """``(cloud, account, region) -> backend``; region is ``"global"`` for global services."""
    client_class: type[BaseClient]
    global_service: bool = False
    """IAM-like services keep one backend per account (region ``"global"``)."""


_SERVICES: dict[str, ServiceSpec[Any]] = {}

_MODULE_OF = {"lambda": "lambda_.client", "sts": "iam.sts"}
"""Services not registered by ``iacsim/sim/<name>/client.py``: a boto3 name that is a Python keyword
(``lambda_``), and STS, which lives with the IAM whose roles it assumes."""


def service_module(name: str) -> str:
    """The module that registers the boto3 service ``name``."""
    return f"iacsim.sim.{_MODULE_OF.get(name, f'{name}.client')}"


def register_service(spec: ServiceSpec[B]) -> ServiceSpec[B]:
    """Register a service; called once at import of its module (:func:`service_module`)."""
    existing = _SERVICES.get(spec.name)
    if existing is not None and existing is not spec:
        raise ValueError(f"service {spec.name!r} registered twice")
    _SERVICES[spec.name] = spec
    return spec


def service_spec(name: str) -> ServiceSpec[Any]:
    """The registered spec for ``name``, importing its module (:func:`service_module`) on first use."""
    spec = _SERVICES.get(name)
    if spec is None:
        module = service_module(name)
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            # The service's package or its client module is missing; any other missing module is a bug.
            if err.name not in (module, module.rpartition(".")[0]):
                raise
            raise NotImplementedError(f"service {name!r} is not simulated by iacsim") from None
        spec = _SERVICES.get(name)
        if spec is None:
            raise NotImplementedError(f"{module} does not register a service {name!r}")
    return spec


class RegionBackends(Generic[B]):
    """``region -> backend`` for one account, created lazily."""

    def __init__(self, cloud: Cloud, spec: ServiceSpec[B], account: str) -> None:
        self._cloud = cloud
        self._spec = spec
        self._account = account
        self._by_region: dict[str, B] = {}

    def __getitem__(self, region: str) -> B:
        backend = self._by_region.get(region)
        if backend is None:
            if self._spec.global_service:
                if region != GLOBAL_REGION:
                    raise KeyError(f"{self._spec.name} is global: use region {GLOBAL_REGION!r}")
            else:
                check_region(self._cloud.partition, region)
            backend = self._spec.backend_factory(self._cloud, self._account, region)
            self._by_region[region] = backend
        return backend

    def existing(self) -> dict[str, B]:
        """Backends created so far (no lazy creation)."""
        return dict(self._by_region)


class AccountBackends(Generic[B]):
    """``account -> region -> backend`` for one service (moto's ``*_backends``)."""

    def __init__(self, cloud: Cloud, spec: ServiceSpec[B]) -> None:
        self._cloud = cloud
        self._spec = spec
        self._by_account: dict[str, RegionBackends[B]] = {}

    def __getitem__(self, account: str) -> RegionBackends[B]:
        regions = self._by_account.get(account)
        if regions is None:
            Principal.root(account)  # validates the 12-digit id
            regions = RegionBackends(self._cloud, self._spec, account)
            self._by_account[account] = regions
        return regions

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._by_account))


class Cloud:
    """One simulated AWS partition with all its accounts and regions."""

    def __init__(self, partition: str = "aws", *, start: datetime | None = None, seed: int = 0) -> None:
        if partition not in PARTITION_REGIONS:
            raise ValueError(f"unknown partition {partition!r}")
        self.partition = partition
        self.clock = SimClock(start)
        self.audit = AuditLog()
        self.ids = IdSource(seed)
        """Identifiers the services make up, reproducible for a given ``seed`` (see :mod:`iacsim.sim.ids`)."""
        """CloudTrail-shaped records of every call, in order (see :mod:`iacsim.sim.audit`)."""
        self._backends: dict[str, AccountBackends[Any]] = {}
        self.unknown_accounts: dict[str, str] = {}
        """Stand-in accounts (placeholders for accounts the code does not name) → how to supply the real one:
        a decision that turns on which account a stand-in is, is undecidable (:mod:`iacsim.policy.standins`)."""

    # -- state -----------------------------------------------------------------
    def backends(self, service: str) -> AccountBackends[Any]:
        """``cloud.backends("kms")[account][region]`` — untyped, moto style."""
        found = self._backends.get(service)
        if found is None:
            found = AccountBackends(self, service_spec(service))
            self._backends[service] = found
        return found

    def backend(self, spec: ServiceSpec[B], account: str, region: str) -> B:
        """Typed access: ``cloud.backend(KMS, account, region) -> KmsBackend``."""
        found = self._backends.get(spec.name)
        if found is None:
            found = AccountBackends(self, spec)
            self._backends[spec.name] = found
        return found[account][GLOBAL_REGION if spec.global_service else region]  # type: ignore[no-any-return]

    # -- clients ---------------------------------------------------------------
    def client(
        self,
        service: str,
        region: str = DEFAULT_REGION,
        account: str | None = None,
        principal: str | None = None,
    ) -> Any:
        """A boto3-shaped client acting as ``principal`` (an ARN) or, when only
        ``account`` is given, as that account's root user."""
        return self.client_for(service, region, Caller(self.principal(account=account, principal=principal)))

    def client_for(self, service: str, region: str, caller: Caller) -> Any:
        """A client for an explicit :class:`Caller` (services calling on someone's behalf)."""
        spec = service_spec(service)
        if not spec.global_service:
            check_region(self.partition, region)
        return spec.client_class(self, region, caller)

    def via(self, calling_service: str, target_service: str, region: str, caller: Caller | Principal) -> Any:
        """A ``target_service`` client used by ``calling_service`` on behalf of ``caller``.

        ``cloud.via("ssm", "kms", "us-east-1", principal)`` is the KMS client SSM
        uses for a SecureString: every call carries ``kms:ViaService =
        ssm.us-east-1.amazonaws.com`` and is authorized as ``principal``.
        """
        base = caller if isinstance(caller, Caller) else Caller(caller)
        host = f"{calling_service}.{region}.amazonaws.com"
        return self.client_for(
            target_service,
            region,
            Caller(
                base.principal,
                via_service=host,
                source_arn=base.source_arn,
                source_account=base.source_account,
                grant_is_for_aws_resource=base.grant_is_for_aws_resource,
                extra_context=base.extra_context,
            ),
        )

    # -- service replays ---------------------------------------------------------
    def s3_replicate(self, bucket: str, key: str, version_id: str | None = None) -> ReplicationResult:
        """Replay what S3 replication does for one object, as the replication role.

        Returns a step-by-step result (never raises for AWS-side failures); see
        iacsim/sim/s3/replication.py (owned by sim-services).
        """
        from iacsim.sim.s3.replication import replicate

        return replicate(self, bucket, key, version_id)

    def principal(self, *, account: str | None = None, principal: str | None = None) -> Principal:
        """Resolve client arguments to a :class:`Principal` (root of ``account`` by default)."""
        if principal is not None:
            parsed = Principal.parse(principal)
            if account is not None and parsed.account != account:
                raise ValueError(f"principal {principal} is not in account {account}")
            if parsed.partition != self.partition:
                raise ValueError(f"principal {principal} is not in partition {self.partition}")
            return parsed
        return Principal.root(account or DEFAULT_ACCOUNT, self.partition)

