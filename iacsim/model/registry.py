"""Translator registry: one function per resource type, found by walking ``iacsim.model.translate``.

A translator turns one loader :class:`~iacsim.load.resource.Resource` into
model objects. It is a pure function of that one record: settings that belong
to another object (a separate key policy, a bucket's versioning, a role
policy attachment) are returned as their own objects naming their target, and
:func:`iacsim.model.build_world` merges them. Register with::

    @translates("aws_kms_key")
    def kms_key(resource: Resource) -> Iterable[ModelObject]: ...

Registering a type twice raises :class:`DuplicateTranslatorError` (two
modules claiming one type is a bug, not a preference).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject

Translator = Callable[[Resource], Iterable[ModelObject]]

_TRANSLATORS: dict[str, Translator] = {}
_discovered = False


class DuplicateTranslatorError(RuntimeError):
    """Two translators claim the same resource type."""


def translates(*types: str) -> Callable[[Translator], Translator]:
    """Register the decorated function as the translator of each resource type in ``types``."""

    def register(func: Translator) -> Translator:
        for type_name in types:
            existing = _TRANSLATORS.get(type_name)
            if existing is not None and existing is not func:
                raise DuplicateTranslatorError(
                    f"{type_name}: translated by both {existing.__module__}.{existing.__qualname__} "
                    f"and {func.__module__}.{func.__qualname__}"
                )
            _TRANSLATORS[type_name] = func
        return func

    return register


def discover() -> None:
    """Import every module under ``iacsim.model.translate`` so their decorators run (once)."""
    global _discovered
    if _discovered:
        return
    import iacsim.model.translate as root

    for info in pkgutil.walk_packages(root.__path__, prefix=root.__name__ + "."):
        importlib.import_module(info.name)
    _discovered = True


def translator_for(type_name: str) -> Translator | None:
    """The translator registered for ``type_name`` (after discovery), or None."""
    discover()
    return _TRANSLATORS.get(type_name)


def registered_types() -> tuple[str, ...]:
    """Every resource type with a translator, sorted (not the ``<origin>:*`` translators that see every resource)."""
    discover()
    return tuple(sorted(t for t in _TRANSLATORS if not t.endswith(":*")))
