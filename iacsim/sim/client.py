"""The boto3-shaped client base class and the ``@operation`` decorator.

A simulated client is a plain object whose public methods are boto3 method
names (``encrypt``, ``put_parameter``) taking boto3's keyword parameters and
returning boto3's response dictionaries. ``@operation("Encrypt")`` gives every
method the same boto3 behaviour:

* keyword arguments only (boto3 rejects positional ones);
* a parameter the method does not implement raises
  :class:`UnsupportedParameterError` instead of being ignored;
* a missing required parameter raises :class:`ParamValidationError`;
* an :class:`AwsError` raised inside becomes a :class:`ClientError` naming the
  operation, like botocore.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from iacsim.sim import audit
from iacsim.sim.errors import (
    AwsError,
    ClientError,
    ParamValidationError,
    UnsupportedOperationError,
    UnsupportedParameterError,
)
from iacsim.sim.principal import Caller

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

F = TypeVar("F", bound=Callable[..., Any])


def operation(name: str, *, record: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Mark a client method as the boto3 operation ``name`` (e.g. ``"Encrypt"``).

    Every call is recorded as a CloudTrail event (:mod:`iacsim.sim.audit`); ``record`` names request
    parameters of this operation that are safe to show there beyond the audit module's safe list.
    """

    def decorate(fn: F) -> F:
        params = inspect.signature(fn).parameters
        accepted = frozenset(p.name for p in params.values() if p.kind is inspect.Parameter.KEYWORD_ONLY)
        required = tuple(
            p.name
            for p in params.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is inspect.Parameter.empty
        )

        required_set = frozenset(required)
        allowed = audit.recordable(record)

        @functools.wraps(fn)
        def call(self: BaseClient, *args: Any, **kwargs: Any) -> Any:
            if args:
                raise ParamValidationError(f"{self.service_name}.{fn.__name__} only accepts keyword arguments")
            if not accepted.issuperset(kwargs):
                unknown = [k for k in kwargs if k not in accepted]
                raise UnsupportedParameterError(self.service_name, name, sorted(unknown))
            if not required_set.issubset(kwargs):
                missing = [k for k in required if k not in kwargs]
                raise ParamValidationError(
                    f"Parameter validation failed: missing required parameter(s) {', '.join(missing)} "
                    f"for {self.service_name}.{fn.__name__}"
                )
            reached, frame = audit.enter_call()
            try:
                result = fn(self, **kwargs)
            except AwsError as err:
                audit.record(self, name, kwargs, error=(err.code, err.message), reached=reached, allowed=allowed)
                raise ClientError.from_aws_error(err, name) from None
            except ClientError as err:  # a nested call (KMS under SSM) failed and was passed on
                error = err.response["Error"]
                audit.record(self, name, kwargs, error=(error["Code"], error["Message"]), reached=reached,
                             allowed=allowed)
                raise
            finally:
                audit.leave_call(frame)
            audit.record(self, name, kwargs, response=result, reached=reached, allowed=allowed)
            if self.after_operation is not None:
                self.after_operation(name)
            return result

        call.operation_name = name  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate


class BaseClient:
    """Base of every simulated client: knows its cloud, region and caller."""

    service_name: ClassVar[str] = ""
    after_operation: Callable[[str], None] | None = None
    """Called with the operation name after each successful call (IAM drops cached identities)."""

    def __init__(self, cloud: Cloud, region: str, caller: Caller) -> None:
        self.cloud = cloud
        self.region = region
        self.caller = caller

    @property
    def account(self) -> str:
        """The caller's account (the account whose resources unqualified names refer to)."""
        return self.caller.principal.account

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes that do not exist: a boto3 method the
        # simulator lacks gets a clear NotImplementedError, not AttributeError.
        if name.startswith("_"):
            raise AttributeError(name)
        raise UnsupportedOperationError(self.service_name, name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.region} as {self.caller.principal.arn}>"
