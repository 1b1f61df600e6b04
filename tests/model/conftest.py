"""Make ``model_factory`` (the shared Resource builders) importable from the test modules.

pytest may run with ``--import-mode=importlib``, which does not put test directories on
``sys.path``; conftest modules are loaded first, so adding this directory here works in
every import mode.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
