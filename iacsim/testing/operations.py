"""The services and operations the interception answers, read from the simulator's code.

``python -m iacsim.testing.operations`` prints the table as Markdown; ``--write`` puts it into
docs/testing-boto3.md between its markers (a test fails when the page is stale). An operation is listed
when the simulated client has a method marked ``@operation`` with its API name, so the table cannot claim
what the simulator does not do. Needs no botocore.
"""

from __future__ import annotations

import inspect
import pkgutil
import sys
from pathlib import Path

import iacsim.sim
from iacsim.sim.cloud import service_spec

DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "testing-boto3.md"
START, END = "<!-- operations:start -->", "<!-- operations:end -->"
_NESTED = ("sts",)
"""Services whose client lives inside another service's package (STS with the IAM whose roles it assumes)."""


def simulated_services() -> list[str]:
    """boto3 names of the simulated services (``iacsim/sim/<name>/``, ``lambda_`` for ``lambda``)."""
    names = {info.name.rstrip("_") for info in pkgutil.iter_modules(iacsim.sim.__path__) if info.ispkg}
    found = []
    for name in sorted(names | set(_NESTED)):
        try:
            service_spec(name)
        except NotImplementedError:  # a package of shared code, not a service
            continue
        found.append(name)
    return found


def implemented_operations(service: str) -> list[str]:
    """API names (``Encrypt``) of the operations the simulated ``service`` client implements."""
    client = service_spec(service).client_class
    names = {getattr(member, "operation_name", None) for _, member in inspect.getmembers(client)}
    return sorted(name for name in names if isinstance(name, str))


def render() -> str:
    """The Markdown table: one row per service, its operations in API spelling."""
    lines = ["| service (boto3 name) | operations |", "|---|---|"]
    for service in simulated_services():
        lines.append(f"| `{service}` | {', '.join(implemented_operations(service))} |")
    return "\n".join(lines) + "\n"


def update_doc(text: str) -> str:
    """``text`` with the part between the markers replaced by a fresh table."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{render()}{END}{tail}"


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        DOC.write_text(update_doc(DOC.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    if argv:
        print("usage: python -m iacsim.testing.operations [--write]", file=sys.stderr)
        return 2
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
