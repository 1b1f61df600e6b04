"""Stand-in accounts are not facts: a decision that turns on which account a stand-in is, is ``unknown``.

When the code does not say which account a resource is deployed to, the caller of the evaluator places it in
a labelled stand-in (iacsim's replays use ``111111111111``) and lists it in
:attr:`AuthorizationRequest.unknown_accounts` with how to supply the real one. Compared with an account
written in a policy (``"AWS": "arn:aws:iam::222222222222:root"``, ``kms:CallerAccount``,
``aws:SourceAccount``) or with the known account of the other side of the request, the stand-in proves
nothing: the resource may well live in ``222222222222``. AWS matches an account principal and the account
condition keys by account id (IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts;
"AWS global condition context keys", aws:PrincipalAccount, aws:ResourceAccount, aws:SourceAccount), so the
question is exactly: would the answer change had the stand-in been one of the accounts named?

The request is decided as given — the stand-in standing for an account nobody names — and again with the
stand-in replaced, everywhere in the request and the policies, by each account the request or the policies
name (two stand-ins of one scan are one unstated account, so every place it appears changes together). When
one of those answers differs (an Allow that would have matched, a Deny that matched only because the
stand-in is not that account), the decision is ``unknown`` and says which account and how to supply it
(docs/architecture.md §4, "Unknown names are stand-ins, not unknowns"). Requests without stand-ins never get
here, so known-account decisions, and the evaluator's speed on them, are unchanged.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from iacsim.policy.decision import Decision, Reason
from iacsim.policy.grants import Grant
from iacsim.policy.request import AuthorizationRequest
from iacsim.policy.unknowns import policy_json

_ACCOUNT = re.compile(r"(?<!\d)\d{12}(?!\d)")
"""A 12-digit account id inside an ARN, a principal, a condition value or a bare string."""

Decide = Callable[[AuthorizationRequest, Any], Decision]


def standin_decision(request: AuthorizationRequest, args: tuple[Any, ...], decision: Decision,
                     decide: Decide) -> Decision:
    """``decision``, or ``unknown`` when it would differ had a stand-in been an account named in the request or
    the policies (``args`` as :func:`iacsim.policy.evaluate` normalizes them, ``decide`` deciding them)."""
    named = {account for text in (*_request_texts(request), *(_text(item) for item in _inputs(args)))
             for account in _accounts_in(text)}
    standins = sorted(a for a in request.unknown_accounts if a in named)
    others = sorted(named.difference(request.unknown_accounts))
    for standin in standins:
        for other in others:
            swap = _swapper(standin, other)
            alternative = decide(_swap_request(request, swap), _swap_args(args, swap))
            if alternative.outcome == "unknown" or alternative.allowed != decision.allowed:
                return _unknown(request, decision, alternative, standin, other)
    return decision


def _unknown(request: AuthorizationRequest, decision: Decision, alternative: Decision, standin: str,
             other: str) -> Decision:
    how = request.unknown_accounts.get(standin) or "the account the code does not say"
    turned = alternative.decisive or Reason("decisive", "rule", "AWS rule", None, alternative.summary)
    verb = {"allowed": "allowed", "unknown": "undecided"}.get(alternative.outcome, "denied")
    message = (f"account {standin} is a stand-in, and the code does not say which account it is ({how}): had it "
               f"been {other}, {request.action} would be {verb} ({turned.message}), not "
               f"{'allowed' if decision.allowed else 'denied'}")
    kept = tuple(r for r in decision.reasons if r.role != "decisive")
    unknown = Reason("unknown", turned.kind, turned.policy, turned.statement, turned.message)
    return Decision("unknown", (*kept, unknown, Reason("decisive", turned.kind, turned.policy, turned.statement,
                                                       message)), f"unknown: {message}")


def _swapper(old: str, new: str) -> Callable[[str], str]:
    return lambda text: _swapped(text, old, new) if old in text else text


@lru_cache(maxsize=8192)
def _swapped(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<!\d){old}(?!\d)", new, text)


@lru_cache(maxsize=8192)
def _accounts_in(text: str) -> frozenset[str]:
    return frozenset(_ACCOUNT.findall(text))


def _request_texts(request: AuthorizationRequest) -> Iterator[str]:
    yield request.principal
    yield request.resource
    if request.resource_account:
        yield request.resource_account
    for value in request.context.values():
        yield from ((value,) if isinstance(value, str) else value)
    if request.encryption_context:
        yield from request.encryption_context.values()


def _swap_request(request: AuthorizationRequest, swap: Callable[[str], str]) -> AuthorizationRequest:
    context = {k: swap(v) if isinstance(v, str) else [swap(x) for x in v] for k, v in request.context.items()}
    encryption = ({k: swap(v) for k, v in request.encryption_context.items()}
                  if request.encryption_context is not None else None)
    return replace(request, principal=swap(request.principal), resource=swap(request.resource),
                   resource_account=swap(request.resource_account) if request.resource_account else None,
                   context=context, encryption_context=encryption, unknown_accounts={})


def _inputs(args: tuple[Any, ...]) -> Iterator[Any]:
    """Every policy and grant of ``args`` (identity, resource, boundaries, SCP and RCP levels, session,
    endpoints, grants)."""
    identity, resource, boundaries, scps, rcps, session, endpoints, grants = args
    yield from identity
    if resource is not None:
        yield resource
    yield from boundaries
    for level in (*scps, *rcps):
        yield from level
    if session is not None:
        yield session
    yield from endpoints
    yield from grants


def _text(item: Any) -> str:
    """The JSON text of a policy (of a :class:`~iacsim.policy.evaluate.NamedPolicy`'s document), or the
    principals of a grant."""
    if isinstance(item, Grant):
        return f"{item.grantee_principal} {item.retiring_principal or ''}"
    document = getattr(item, "document", item)
    if isinstance(document, str):
        return document
    # The same documents come with every request of a replay: serialize each once (the snapshot catches a
    # document changed in place since).
    cached = _TEXTS.get(id(document))
    if cached is not None and cached[0] is document and cached[1] == document:
        return cached[2]
    text = policy_json(document, sort_keys=True)
    if len(_TEXTS) > 4096:
        _TEXTS.clear()
    _TEXTS[id(document)] = (document, copy.deepcopy(document), text)
    return text


_TEXTS: dict[int, tuple[Any, Any, str]] = {}


def _swap_args(args: tuple[Any, ...], swap: Callable[[str], str]) -> tuple[Any, ...]:
    identity, resource, boundaries, scps, rcps, session, endpoints, grants = args

    def policy(item: Any) -> Any:
        if item is None:
            return None
        if isinstance(item, Grant):
            return replace(item, grantee_principal=swap(item.grantee_principal),
                           retiring_principal=swap(item.retiring_principal) if item.retiring_principal else None)
        if hasattr(item, "document"):  # a NamedPolicy: the name shows in explanations as written
            return replace(item, document=swap(_text(item)))
        return swap(_text(item))

    def each(items: list[Any]) -> list[Any]:
        return [policy(item) for item in items]

    return (each(identity), policy(resource), each(boundaries), [each(level) for level in scps],
            [each(level) for level in rcps], policy(session), each(endpoints), each(grants))

