"""Remote module sources, resolved through ``.terraform/modules/modules.json`` when present.

``terraform init`` downloads remote modules into ``.terraform/modules`` and
records, per module call path (``kms``, ``kms.replica``), the directory it used.
The scan never downloads anything; without that record a remote module's
outputs are Unknown.
"""

from __future__ import annotations

import json
from pathlib import Path

from iacsim.bounds import Limits
from iacsim.load.limits import LimitExceeded, check_json_depth, read_text


def is_local_source(source: str) -> bool:
    """Terraform treats only ``./`` and ``../`` prefixes as local paths."""
    return source.startswith(("./", "../")) or source in (".", "..")


class ModulesManifest:
    """The ``modules.json`` of one root module (empty when ``terraform init`` never ran)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dirs: dict[str, Path] = {}
        path = root / ".terraform" / "modules" / "modules.json"
        try:
            text = read_text(path, Limits())
            check_json_depth(text, Limits())
            data = json.loads(text)
        except (OSError, ValueError, LimitExceeded):  # unreadable or hostile: as if never initialised
            return
        for entry in data.get("Modules", []) if isinstance(data, dict) else []:
            if not isinstance(entry, dict):
                continue
            key, directory = entry.get("Key"), entry.get("Dir")
            if isinstance(key, str) and key and isinstance(directory, str):
                self.dirs[key] = (root / directory).resolve()

    def lookup(self, key: str) -> Path | None:
        found = self.dirs.get(key)
        return found if found is not None and found.is_dir() else None
