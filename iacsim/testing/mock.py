"""``mock_aws``: run unmodified boto3 code against a simulated cloud.

    from iacsim.testing import mock_aws

    with mock_aws(region="eu-west-1", principal="arn:aws:iam::111111111111:role/app") as cloud:
        app.store_secret("value")          # boto3.client("ssm") inside, answered by ``cloud``

Inside the block every boto3/botocore call in the process (any thread, any session, clients made before the
block included) is answered by the simulated cloud (:mod:`iacsim.testing.dispatch`); nothing is sent. The
environment gets fake credentials, the Region and a config of its own, so botocore never looks for real
credentials (no instance metadata, no SSO), and is restored on exit.
"""

from __future__ import annotations

import functools
import inspect
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from iacsim.sim import Cloud
from iacsim.sim.cloud import DEFAULT_ACCOUNT, DEFAULT_REGION
from iacsim.sim.principal import Principal
from iacsim.testing.identity import DEFAULT_ACCESS_KEY, Identity, profile_access_key

F = TypeVar("F", bound=Callable[..., Any])

_SECRET = "iacsim/simulated/secret/key/not/a/real/one"
_CLEARED = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION",
            "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_ENDPOINT_URL")
"""Variables that would make botocore use other credentials or endpoints."""


class MockAws(AbstractContextManager["Cloud"]):
    """The context manager and decorator :func:`mock_aws` returns."""

    def __init__(self, cloud: Cloud | None, *, region: str, account: str,
                 principal: str | None, profiles: Mapping[str, str | None]) -> None:
        self._given = cloud
        self.region = region
        self.account = account
        self._principal = principal or Principal.root(account, cloud.partition if cloud else "aws").arn
        Principal.parse(self._principal)
        self.profiles = dict(profiles)
        self._cloud: Cloud | None = None
        self._identity: Identity | None = None
        self._saved: list[tuple[dict[str, str | None], Any, tempfile.TemporaryDirectory[str]]] = []

    @property
    def cloud(self) -> Cloud:
        """The simulated cloud answering calls (the one given, or a fresh one per entry)."""
        if self._cloud is None:
            raise RuntimeError("mock_aws is not active")
        return self._cloud

    @property
    def identity(self) -> Identity:
        """Who calls are made as (:class:`iacsim.testing.identity.Identity`)."""
        if self._identity is None:
            raise RuntimeError("mock_aws is not active")
        return self._identity

    def acting_as(self, principal: str) -> AbstractContextManager[str]:
        """Calls inside the block act as ``principal`` (an ARN)."""
        return self.identity.acting_as(principal)

    def __enter__(self) -> Cloud:
        from iacsim.testing import dispatch  # botocore is needed from here on only

        if self._cloud is not None:
            raise RuntimeError("this mock_aws is already active; nest a new mock_aws(...) instead")
        self._cloud = self._given if self._given is not None else Cloud()
        self._identity = Identity(self._principal)
        self._identity.bind(DEFAULT_ACCESS_KEY, None)
        folder = tempfile.TemporaryDirectory(prefix="iacsim-aws-")
        environment = self._set_environment(Path(folder.name))
        self._saved.append((environment, _swap_default_session(_fresh_default_session()), folder))
        dispatch.activate(self)
        return self._cloud

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        from iacsim.testing import dispatch

        dispatch.deactivate(self)
        environment, session, folder = self._saved.pop()
        _restore_environment(environment)
        _swap_default_session(session)
        folder.cleanup()
        self._cloud = None
        self._identity = None

    def _set_environment(self, folder: Path) -> dict[str, str | None]:
        """Fake credentials and a config of our own: botocore finds these before anything real."""
        config = [f"[default]\nregion = {self.region}\n"]
        credentials = [f"[default]\naws_access_key_id = {DEFAULT_ACCESS_KEY}\naws_secret_access_key = {_SECRET}\n"]
        for index, (name, principal) in enumerate(sorted(self.profiles.items()), start=1):
            key = profile_access_key(index)
            self.identity.bind(key, principal)
            config.append(f"[profile {name}]\nregion = {self.region}\n")
            credentials.append(f"[{name}]\naws_access_key_id = {key}\naws_secret_access_key = {_SECRET}\n")
        (folder / "config").write_text("\n".join(config), encoding="utf-8")
        (folder / "credentials").write_text("\n".join(credentials), encoding="utf-8")
        values: dict[str, str | None] = dict.fromkeys(_CLEARED)
        values |= {
            "AWS_ACCESS_KEY_ID": DEFAULT_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": _SECRET,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_CONFIG_FILE": str(folder / "config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(folder / "credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        saved = {name: os.environ.get(name) for name in values}
        _restore_environment(values)
        return saved

    def __call__(self, fn: F) -> F:
        """Decorate ``fn``: each call runs inside a fresh activation of this mock."""
        if inspect.iscoroutinefunction(fn):
            raise TypeError("mock_aws does not decorate coroutine functions; use `with mock_aws():` inside")

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


def _restore_environment(values: Mapping[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _swap_default_session(session: Any) -> Any:
    """Replace boto3's module-level default session (made lazily by ``boto3.client``), returning the old
    one: inside the mock a new one reads the fake environment, outside the user's comes back."""
    try:
        import boto3
    except ImportError:  # botocore alone: there is no default session to swap
        return None
    previous = boto3.DEFAULT_SESSION
    boto3.DEFAULT_SESSION = session
    return previous


_loader: list[Any] = []
"""botocore's data loader shared by the default sessions of successive mocks (see below)."""


def _fresh_default_session() -> Any:
    """A new boto3 default session, reading the mock's environment, that shares one botocore data loader
    with the previous mocks' default sessions: a fresh session would parse the service model and endpoint
    rules again (~0.3 s for its first client), in every test. The loader only reads botocore's packaged
    JSON, so sharing it shares nothing a test could change."""
    try:
        import boto3
        import botocore.session
    except ImportError:
        return None
    core = botocore.session.Session()
    if _loader:
        core.register_component("data_loader", _loader[0])
    else:
        _loader.append(core.get_component("data_loader"))
    session = boto3.Session(botocore_session=core)
    paths = _loader[0].search_paths  # boto3 appends its data folder for every session it wraps
    paths[:] = list(dict.fromkeys(paths))
    return session


def mock_aws(cloud: Cloud | Callable[..., Any] | None = None, *, region: str = DEFAULT_REGION,
             account: str = DEFAULT_ACCOUNT, principal: str | None = None,
             profiles: Mapping[str, str | None] | None = None) -> Any:
    """Answer every boto3/botocore call from a simulated cloud.

    ``cloud``: the :class:`iacsim.sim.Cloud` to use (a fresh one per entry when ``None``). ``region``: the
    Region of clients that name none. ``account``/``principal``: whom calls made with the environment's
    credentials act as — the root of ``account`` unless ``principal`` (an ARN) says otherwise; switch
    with :func:`acting_as`. ``profiles``: named profiles (``boto3.Session(profile_name=...)``) and the
    principal each acts as (``None``: the current principal); a profile not listed does not exist, as for
    botocore. Used as ``with mock_aws(...) as cloud:``, ``@mock_aws(...)`` or bare ``@mock_aws``.
    """
    if callable(cloud) and not isinstance(cloud, Cloud):
        return MockAws(None, region=region, account=account, principal=principal, profiles=profiles or {})(cloud)
    return MockAws(cloud, region=region, account=account, principal=principal, profiles=profiles or {})


def active() -> MockAws:
    """The innermost active :func:`mock_aws`."""
    from iacsim.testing import dispatch

    target = dispatch.current()
    if not isinstance(target, MockAws):
        raise RuntimeError("no mock_aws is active")
    return target


def current_cloud() -> Cloud:
    """The simulated cloud answering calls now (inside a decorated function, for example)."""
    return active().cloud


@contextmanager
def acting_as(principal: str) -> Iterator[str]:
    """Calls inside the block (every thread, every client) act as ``principal`` (an ARN) in the innermost
    active :func:`mock_aws`; the one place the caller of intercepted calls is switched."""
    with active().acting_as(principal) as arn:
        yield arn
