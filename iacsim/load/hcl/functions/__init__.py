"""Terraform's built-in functions.

Functions are registered by the modules of this package (one per topic:
collections, strings, encoding, text encodings, dates, numeric, type
conversion, filesystem, hashing, network); importing the package walks it, so the table is never a
hand-kept list. Semantics follow https://developer.hashicorp.com/terraform/language/functions
and are checked against ``terraform console`` in tests/load/hcl.
"""

from __future__ import annotations

import importlib
import pkgutil

from iacsim.load.hcl.functions.registry import FUNCTIONS, Function, builtin_name, function

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "registry":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["FUNCTIONS", "Function", "builtin_name", "function"]
