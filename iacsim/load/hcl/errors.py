"""Errors raised while parsing HCL."""

from __future__ import annotations


class HclSyntaxError(Exception):
    """A file that is not valid HCL / Terraform JSON syntax.

    Carries where (file, 1-based line and column) and the parser's message so
    the loader can report a ``parse-error`` finding and carry on with other files.
    """

    def __init__(self, filename: str, line: int, column: int, message: str, code: str = "parse-error") -> None:
        super().__init__(f"{filename}:{line}:{column}: {message}")
        self.filename = filename
        self.line = line
        self.column = column
        self.message = message
        self.code = code
        """The diagnostic code: ``parse-error``, or a limit's (``too-deep``, ``too-large``…)."""

    def __reduce__(self) -> tuple[type[HclSyntaxError], tuple[str, int, int, str, str]]:
        # Exceptions with a custom __init__ do not pickle by default; parse
        # errors cross process boundaries in the parallel loader.
        return (HclSyntaxError, (self.filename, self.line, self.column, self.message, self.code))
