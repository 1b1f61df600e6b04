"""botocore and boto3 are an extra for iacsim.testing only: nothing else in iacsim imports them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "iacsim"


def test_only_the_testing_package_imports_botocore_or_boto3() -> None:
    offenders = []
    for file in sorted(PACKAGE.rglob("*.py")):
        if file.relative_to(PACKAGE).parts[0] == "testing":
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{file.relative_to(PACKAGE)}: {n}" for n in names if n.split(".")[0] in {"botocore", "boto3"}]
    assert not offenders
