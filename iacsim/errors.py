"""The one root of every error the user can fix by changing an argument or a file.

Configuration, usage-file, baseline, ``--base`` and ``encrypt`` argument errors all
derive from :class:`IacsimUserError`, so the command line maps them to exit code 2
and a one-line ``error: …`` message in one place, and a new kind of user error needs
no new ``except`` clause there. This module imports nothing from iacsim: every layer
may raise these errors.
"""

from __future__ import annotations


class IacsimUserError(Exception):
    """A problem in the user's input (a file, an option); the message says which and is shown as is."""


class EncryptArgumentError(IacsimUserError, ValueError):
    """``iacsim encrypt`` cannot encrypt for the key or world it was given (no such key, unsupported key)."""
