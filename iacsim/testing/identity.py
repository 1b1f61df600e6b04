"""Who a boto3 call is made as, in one place.

A real AWS request is authenticated by its access key; so is an intercepted one. The environment's
credentials (set by :func:`iacsim.testing.mock_aws`) stand for the *current principal*, which a test switches
with :meth:`Identity.acting_as` (``mock_aws(principal=...)`` sets the first one); a named profile's
credentials stand for the principal given for that profile; credentials returned by a simulated
``sts:AssumeRole`` stand for the assumed-role session. Credentials the simulator never issued (a client made
before the context with real ones, or none at all) act as the current principal: the test decides who calls,
never a real credential.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from iacsim.sim.principal import Principal

DEFAULT_ACCESS_KEY = "AKIAIACSIMDEFAULT000"
"""The access key id ``mock_aws`` puts in ``AWS_ACCESS_KEY_ID``."""


def profile_access_key(index: int) -> str:
    """The fake access key id of the ``index``-th named profile (20 characters, like AWS's)."""
    return f"AKIAIACSIMPROFILE{index:03d}"


class Identity:
    """The current principal and the principal behind each access key the simulated cloud issued."""

    def __init__(self, principal: str) -> None:
        Principal.parse(principal)
        self._current = principal
        self._by_key: dict[str, str | None] = {}
        self._lock = threading.Lock()

    @property
    def current(self) -> str:
        """The ARN calls made with the environment's credentials act as."""
        return self._current

    def switch(self, principal: str) -> str:
        """Make ``principal`` (an ARN) the current principal; returns the previous one."""
        Principal.parse(principal)  # a typo fails here, not at the first call
        with self._lock:
            previous, self._current = self._current, principal
        return previous

    @contextmanager
    def acting_as(self, principal: str) -> Iterator[str]:
        """Calls inside the block, in every thread, act as ``principal``; the previous one is restored."""
        previous = self.switch(principal)
        try:
            yield principal
        finally:
            self.switch(previous)

    def bind(self, access_key: str, principal: str | None) -> None:
        """Calls signed with ``access_key`` act as ``principal`` (``None``: the current principal)."""
        if principal is not None:
            Principal.parse(principal)
        with self._lock:
            self._by_key[access_key] = principal

    def principal_for(self, access_key: str | None) -> str:
        """The ARN a call signed with ``access_key`` acts as."""
        bound = self._by_key.get(access_key) if access_key is not None else None
        return bound if bound is not None else self._current
