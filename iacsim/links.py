"""Links from reports to iacsim's own documentation, only where a real address is known.

iacsim has no fixed public home, so reports never carry a made-up address. The address is given by the
environment: ``IACSIM_DOCS_URI`` (the base of the repository's files, e.g.
``https://github.com/<owner>/iacsim/blob/<ref>``), which the GitHub Action sets from the action's own
repository and ref. Without it, SARIF rules carry their full help text (which code scanning shows) and no
``helpUri``.
"""

from __future__ import annotations

import os


def project_uri() -> str | None:
    """The base of iacsim's files (no trailing slash), or None when the environment does not say."""
    base = os.environ.get("IACSIM_DOCS_URI", "").strip().rstrip("/")
    return base if base.startswith("https://") else None


def rule_help_uri(rule_id: str) -> str:
    """The rule's section in docs/rules.md, or "" when no address is known."""
    base = project_uri()
    return f"{base}/docs/rules.md#{rule_id.lower()}" if base else ""
