from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class OutsideRoot(ParseRule):
    """A path leads outside the scanned roots or loops (symlink, module source).

    What it does:
        Resolves symlinked files, local module sources and ``.terraform/modules`` entries to their real
        location and refuses any that lies outside the paths given on the command line and the git
        work tree that contains them, or that is a symlink loop. ``file()``, ``templatefile()`` and
        ``fileexists()`` outside the roots give an unknown value instead of the file's content, and this
        finding at the call's line.
    Why it matters:
        A scanned repository must not make iacsim read (and print into a report) ``/etc/passwd`` or another
        checkout on the build machine, and a symlink loop must not hang the scan.
    Example:
        ``ln -s /etc/passwd stack.yaml``, or ``module "x" { source = "../../../../" }``.
    Fix:
        Scan a directory that contains everything the code refers to, or replace the link with the file.
    References:
        https://developer.hashicorp.com/terraform/language/modules/sources#local-paths
    """

    id = "PARSE010"
    name = "path-outside-roots"
    summary = "A path leads outside the scanned roots or loops (symlink, module source)"
    severity = "low"
