"""Your infrastructure as the test fixture: the simulated cloud built from your Terraform/CloudFormation.

    from iacsim.testing import cloud_from

    infra = cloud_from("infra/", vars={"env": "test"}, principal="aws_iam_role.app")
    kms = infra.client("kms")                       # as a session of the role, assumed through STS
    with infra.as_principal("aws_iam_user.ops") as ops:
        ops.client("ssm").get_parameter(Name="/app/db", WithDecryption=True)

:func:`cloud_from` runs the scan's own pipeline up to the replays — ``load_paths`` → ``plan_worlds`` →
``build_world`` → ``seed_world`` (keys with their policies, aliases, grants, roles, users, groups, policies,
buckets with their policies, encryption and replication, with the ids and ARNs the code gives them) — and
then creates the SSM parameters with values (:mod:`iacsim.flows.seed.ssm`), so the cloud stands for the
infrastructure after ``terraform apply``. What could not be recreated is in :attr:`Infrastructure.not_created`.

Building is done once per process for the same inputs (paths and the files' sizes and times, variables,
parameters, configuration, world, secrets); each call gets its own copy of that cloud, so one test's writes
never reach another's (``copy.deepcopy`` of the simulated state, key material shared as it is immutable;
``bench/bench_cloud_from.py`` measures it). Nothing here opens a socket: the scan reads files only.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacsim.config import Config, find_config, load_config
from iacsim.flows.seed import SeededCloud, seed_world
from iacsim.flows.seed.ssm import seed_parameters
from iacsim.load import LoadOptions, load_paths
from iacsim.load.resource import Resource
from iacsim.model import World, build_world
from iacsim.model.ssm import SsmParameter
from iacsim.sim import ClientError, Cloud
from iacsim.sim.cloud import DEFAULT_REGION
from iacsim.testing.principals import Acting, act_as, principal_arn
from iacsim.worlds import SSM_PARAMETERS, plan_worlds

if TYPE_CHECKING:
    from iacsim.testing.mock import MockAws

PathLike = str | Path


class InfrastructureError(ValueError):
    """The code cannot be made into a cloud: a file does not parse, or which world is meant is not said."""


@dataclass(frozen=True)
class _Built:
    """One build, kept for the process: never handed out, only copied."""

    seeded: SeededCloud
    notices: tuple[str, ...]
    worlds: tuple[str, ...]
    region: str
    """Where most of the code's resources are (IAM's included: their provider's Region)."""
    parameter_values: Mapping[str, str]
    """Parameter address → the value it was created with (to seed again when the cloud cannot be copied)."""


_CACHE: dict[tuple[Any, ...], _Built] = {}
_LOCK = threading.Lock()


def cloud_from(paths: PathLike | Sequence[PathLike], vars: Mapping[str, Any] | None = None,
               cfn_params: Mapping[str, str] | None = None, config: PathLike | Config | None = None,
               principal: str | None = None, world: str | None = None, *,
               secrets: Mapping[str, str] | None = None, var_files: Sequence[PathLike] = (),
               account_id: str | None = None, region: str | None = None) -> Infrastructure:
    """The simulated cloud your code declares, as ``iacsim plan`` builds it, acting as ``principal``.

    ``vars`` are Terraform root variables (``-var``: a string as given, anything else as JSON, which HCL
    reads); ``cfn_params`` CloudFormation parameters; ``config`` the ``.iacsim.yml`` (found at the scanned
    root when not given) or a :class:`Config`; ``world`` the deployment to build when the paths hold several
    (see ``summary.worlds`` of ``iacsim plan``); ``secrets`` maps an SSM parameter's address to the value it
    holds (a SecureString otherwise holds a placeholder, a String the value the code writes); ``account_id``
    and ``region`` place resources whose code does not say, like ``--account-id``/``--region``.
    ``principal`` (IaC address or ARN) is who :meth:`Infrastructure.client` acts as: a role is assumed
    through ``sts:AssumeRole`` with its trust policy enforced. Without it, clients act as the account root.
    """
    roots = tuple(Path(p).resolve() for p in ([paths] if isinstance(paths, str | Path) else paths))
    conf = config if isinstance(config, Config) else _config(roots, config)
    options = LoadOptions(config=conf, var_files=tuple(Path(f).resolve() for f in var_files),
                          vars=tuple((k, v if isinstance(v, str) else json.dumps(v)) for k, v in (vars or {}).items()),
                          cfn_params=tuple((cfn_params or {}).items()), account_id=account_id, region=region,
                          use_cache=False, workers=1)
    key = (roots, _fingerprint((*roots, *options.var_files)), options.vars, options.var_files, options.cfn_params,
           repr(conf), world, tuple(sorted((secrets or {}).items())), account_id, region)
    with _LOCK:
        built = _CACHE.get(key)
        if built is None:
            built = _build(roots, options, world, secrets or {})
            _CACHE[key] = built
    infra = Infrastructure(built, _copy_cloud(built))
    if principal is not None:
        infra.default_principal(principal)
    return infra


def clear_cache() -> None:
    """Forget every cloud built so far (the next :func:`cloud_from` reads the files again)."""
    with _LOCK:
        _CACHE.clear()


class Infrastructure:
    """The simulated cloud of one world of your code, and who the test acts as in it."""

    def __init__(self, built: _Built, cloud: Cloud) -> None:
        self._built = built
        self.cloud = cloud
        """This test's own copy of the simulated cloud (``cloud.client(service, region=, principal=)``)."""
        self.seeded = dataclasses.replace(built.seeded, cloud=cloud)
        """The scan's record of what it created (ids, ARNs, stand-in names) — shared, read it only."""
        self.notices = built.notices
        """What the scan could not read (modules not downloaded, data sources…), as ``file:line message``."""
        self._acting: list[Acting] = []

    @property
    def world(self) -> World:
        """The model of the code (what ``iacsim translate`` prints)."""
        world = self.seeded.world
        assert world is not None  # _build always sets it
        return world

    @property
    def not_created(self) -> dict[str, str]:
        """Address → why the object is not in the cloud (unknown statically, or AWS would reject it)."""
        return {**self.seeded.unknown, **self.seeded.failed}

    @property
    def region(self) -> str:
        """The Region clients use when none is given: the one most of the code's resources are placed in."""
        return self._built.region

    @property
    def principal(self) -> str | None:
        """The ARN calls are made as now (an assumed-role session for a role); None is the account root."""
        return self._acting[-1].arn if self._acting else None

    def principal_arn(self, address_or_arn: str) -> str:
        """The ARN of a role or user of the code (by IaC address), or the ARN given."""
        return principal_arn(self.seeded, address_or_arn)

    def acting_as(self, address_or_arn: str, *, source: str | None = None, session_name: str = "iacsim-test",
                  external_id: str | None = None) -> Acting:
        """Become ``address_or_arn`` (see :meth:`as_principal`) without a ``with`` block: how the test acts
        until another principal is chosen. ``source`` is who assumes a role (address or ARN)."""
        try:
            return act_as(self.cloud, self.principal_arn(address_or_arn),
                          source=self.principal_arn(source) if source is not None else None,
                          session_name=session_name, external_id=external_id)
        except ClientError as err:
            if _active_mock(self.cloud) is None:
                raise
            raise _as_botocore(err) from None  # inside mock_aws, code catches botocore's errors

    def default_principal(self, address_or_arn: str, **kwargs: Any) -> Acting:
        """Set who the test acts as outside any :meth:`as_principal` block (and in an active :meth:`mock`)."""
        who = self.acting_as(address_or_arn, **kwargs)
        self._acting[:1] = [who]
        mock = _active_mock(self.cloud)
        if mock is not None and len(self._acting) == 1:
            mock.identity.switch(who.arn)
        return who

    def mock(self, **kwargs: Any) -> MockAws:
        """:func:`iacsim.testing.mock_aws` on this cloud: boto3 calls inside act as the current principal, in
        :attr:`region` and the code's account; :meth:`as_principal` inside it switches whom they act as.
        ``kwargs`` go to ``mock_aws`` (``profiles=``…)."""
        from iacsim.testing.mock import mock_aws

        options: dict[str, Any] = {"region": self.region, "account": self._home_account(),
                                   "principal": self.principal, **kwargs}
        made: MockAws = mock_aws(self.cloud, **options)
        return made

    @contextmanager
    def as_principal(self, address_or_arn: str, *, source: str | None = None, session_name: str = "iacsim-test",
                     external_id: str | None = None) -> Iterator[Acting]:
        """Act as a principal of the code inside the block: a role (IaC address or ARN) is assumed through
        ``sts:AssumeRole`` — by ``source`` when given, else by a principal its trust policy names — so a
        trust policy that admits no one fails here with STS's AccessDenied; a user or account acts directly."""
        who = self.acting_as(address_or_arn, source=source, session_name=session_name, external_id=external_id)
        self._acting.append(who)
        mock = _active_mock(self.cloud)
        try:
            if mock is None:
                yield who
            else:  # boto3 calls in the block act as the session too
                with mock.acting_as(who.arn):
                    yield who
        finally:
            del self._acting[next(i for i in range(len(self._acting) - 1, -1, -1) if self._acting[i] is who)]

    def client(self, service: str, region: str | None = None, *, principal: str | None = None) -> Any:
        """A simulated client (boto3 method names) acting as the current principal, or ``principal`` (an ARN:
        a role's ARN acts with its policies without assuming it; use :meth:`as_principal` for sessions)."""
        arn = principal if principal is not None else self.principal
        account = None if arn is not None else self._home_account()
        return self.cloud.client(service, region=region or self.region, account=account, principal=arn)

    def _home_account(self) -> str:
        accounts = Counter(o.account for o in self.world.objects() if o.account != "unknown")
        return accounts.most_common(1)[0][0] if accounts else "111111111111"


def _active_mock(cloud: Cloud) -> MockAws | None:
    """The active ``mock_aws`` answering from ``cloud``, if any (none when botocore was never hooked)."""
    if "iacsim.testing.dispatch" not in sys.modules:
        return None
    from iacsim.testing.mock import active

    try:
        mock = active()
    except RuntimeError:
        return None
    return mock if mock.cloud is cloud else None


def _as_botocore(err: ClientError) -> Exception:
    """The simulator's error as botocore raises it (the STS client's class for the code, e.g. ``AccessDenied``
    is ``ClientError`` there); made from botocore's service model, nothing is sent."""
    import botocore.session

    sts = botocore.session.get_session().create_client("sts", region_name=DEFAULT_REGION, aws_access_key_id="x",
                                                        aws_secret_access_key="x")
    made: Exception = sts.exceptions.from_code(err.response["Error"]["Code"])(err.response, err.operation_name)
    return made


def _config(roots: tuple[Path, ...], given: PathLike | None) -> Config:
    found = Path(given) if given is not None else find_config(list(roots))
    return load_config(found) if found is not None else Config()


def _fingerprint(paths: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """Every file under ``paths`` with its size and time: a cached build is used only for the same files."""
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*"))) if f.is_file()]
    return tuple((str(f), (st := f.stat()).st_size, st.st_mtime_ns) for f in files)


def _build(roots: tuple[Path, ...], options: LoadOptions, name: str | None, secrets: Mapping[str, str]) -> _Built:
    """The scan's pipeline up to the replays (``iacsim.pipeline.scan``), for one world."""
    loaded = load_paths(list(roots), options)
    errors = [f"{d.file}:{d.line}: {d.message}" for d in loaded.result.diagnostics
              if d.severity == "error" and not d.is_notice]
    if errors:
        raise InfrastructureError("the code does not load: " + "; ".join(errors))
    notices = tuple(f"{d.file}:{d.line}: {d.message}" for d in loaded.result.diagnostics if d.is_notice)
    deployments = plan_worlds(loaded.result.resources, options.config)
    names = tuple(d.name for d in deployments)
    if name is None and len(deployments) > 1:
        raise InfrastructureError(f"the paths hold {len(deployments)} independent worlds ({', '.join(names)}): "
                                  "say which with world=")
    if name is not None and name not in names:
        raise InfrastructureError(f"no world {name!r}; there are: {', '.join(names) or 'none'}")
    # as the scan does: one world is built from every resource, several each from its own
    resources = loaded.result.resources if len(deployments) <= 1 else next(
        d.resources for d in deployments if d.name == name)
    world = build_world(resources)
    _check_secrets(world, secrets)
    seeded = seed_world(world, standins_unknown=False)
    values = {**_code_values(world, resources), **secrets}
    seed_parameters(world, seeded, values)
    regions = Counter(r.placement.region for r in resources if isinstance(r.placement.region, str))
    return _Built(seeded, notices, names, regions.most_common(1)[0][0] if regions else DEFAULT_REGION, values)


def _code_values(world: World, resources: list[Resource]) -> dict[str, str]:
    """The values the code writes into String and StringList parameters (a SecureString's stays out: it holds a
    placeholder unless the test supplies it)."""
    by_address = {r.address: r for r in resources if r.type in SSM_PARAMETERS}
    values: dict[str, str] = {}
    for p in world.of_type(SsmParameter):
        res = by_address.get(p.address)
        if res is None or p.type == "SecureString" or p.value.attribute is None:
            continue
        value = res.attrs.get(p.value.attribute)
        if isinstance(value, str):
            values[p.address] = value
    return values


def _check_secrets(world: World, secrets: Mapping[str, str]) -> None:
    parameters = {p.address for p in world.of_type(SsmParameter)}
    wrong = sorted(set(secrets) - parameters)
    if wrong:
        raise InfrastructureError(f"secrets names no SSM parameter of the code: {', '.join(wrong)} "
                                  f"(there are: {', '.join(sorted(parameters)) or 'none'})")


def _copy_cloud(built: _Built) -> Cloud:
    """An independent copy of the built cloud (key material is immutable and shared); seeded again when some
    state cannot be copied (an import token's wrapping key, held while key material awaits import)."""
    try:
        return copy.deepcopy(built.seeded.cloud)
    except TypeError:
        world = built.seeded.world
        assert world is not None
        seeded = seed_world(world, standins_unknown=False)
        seed_parameters(world, seeded, built.parameter_values)
        return seeded.cloud
