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

``attrs`` declares, once per translator, which source attribute each model
attribute is read from, so findings can point at its line in any format
(see :mod:`iacsim.model.provenance`)::

    @translates("AWS::KMS::Key", attrs={"rotation_enabled": "EnableKeyRotation"})
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject

Translator = Callable[[Resource], Iterable[ModelObject]]

_TRANSLATORS: dict[str, Translator] = {}
_ATTR_NAMES: dict[str, Mapping[str, str]] = {}
_NO_NAMES: Mapping[str, str] = {}
_discovered = False


class DuplicateTranslatorError(RuntimeError):
    """Two translators claim the same resource type."""


def translates(*types: str, attrs: Mapping[str, str] | None = None) -> Callable[[Translator], Translator]:
    """Register the decorated function as the translator of each resource type in ``types``.

    ``attrs`` maps model attribute names to the source attribute names of those types (dotted for
    nested ones: ``BucketEncryption.ServerSideEncryptionConfiguration``)."""

    def register(func: Translator) -> Translator:
        for type_name in types:
            existing = _TRANSLATORS.get(type_name)
            if existing is not None and existing is not func:
                raise DuplicateTranslatorError(
                    f"{type_name}: translated by both {existing.__module__}.{existing.__qualname__} "
                    f"and {func.__module__}.{func.__qualname__}"
                )
            _TRANSLATORS[type_name] = func
            if attrs:
                _ATTR_NAMES[type_name] = attrs
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


def source_names(type_name: str) -> Mapping[str, str]:
    """Model attribute → source attribute names declared by ``type_name``'s translator (may be empty).

    Read while translating, so the translator modules are already imported."""
    return _ATTR_NAMES.get(type_name, _NO_NAMES)
