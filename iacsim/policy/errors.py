"""Errors raised by the policy evaluator."""

from __future__ import annotations


class PolicyError(ValueError):
    """A policy document that AWS would reject, or that cannot be evaluated safely.

    A malformed policy never degrades to a silent allow or deny: it raises this,
    naming where in the document the problem is, e.g.
    ``Statement[2].Condition: unknown operator 'StringEqualz'``.
    """

    def __init__(self, location: str, message: str) -> None:
        self.location = location
        """Path inside the document (``Statement[2].Condition``), prefixed by the policy's name."""
        self.message = message
        """What is wrong there."""
        super().__init__(f"{location}: {message}" if location else message)

    def within(self, prefix: str) -> PolicyError:
        """The same error located inside a named policy (``key policy: Statement[0]...``)."""
        location = f"{prefix}: {self.location}" if self.location else prefix
        return PolicyError(location, self.message)
