"""A small, act-style runner for the composite action, so its workflow can be tested without GitHub.

It reads ``action.yml`` and runs its steps as a runner would: ``${{ }}`` expressions evaluated over
``inputs``, ``github``, ``runner`` and ``steps`` (``&&``, ``||``, ``!``, ``==``, ``!=``, ``always()``,
``success()``, ``failure()``), ``if:`` deciding whether a step runs, ``run:`` steps executed by
``bash --noprofile --norc -eo pipefail`` with the step's ``env``, ``GITHUB_OUTPUT`` read back into
``steps.<id>.outputs``, ``continue-on-error`` honoured. ``uses:`` steps are not fetched: they are recorded
with their resolved ``with:`` and answered by stubs (``setup-python`` returns a fake interpreter).
Fake ``gh`` and ``python`` live in ``fakebin`` (see :func:`fake_tools`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
_EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_TOKEN = re.compile(r"\s*('(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|[A-Za-z_][\w.-]*(?:\(\))?|\d+)")


def _lookup(ctx: dict[str, Any], path: str) -> Any:
    value: Any = ctx
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def evaluate(expr: str, ctx: dict[str, Any]) -> Any:
    """A GitHub Actions expression, for the grammar action.yml uses."""
    out: list[str] = []
    values: list[Any] = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"cannot read {expr[pos:]!r} in {expr!r}")
        tok, pos = m.group(1), m.end()
        if tok.startswith("'"):
            values.append(tok[1:-1].replace("''", "'"))
            out.append(f"_v[{len(values) - 1}]")
        elif tok in ("&&", "||", "!"):
            out.append({"&&": " and ", "||": " or ", "!": " not "}[tok])
        elif tok in ("==", "!=", "(", ")") or tok.isdigit():
            out.append(f" {tok} ")
        elif tok.endswith("()"):
            out.append({"always()": "True", "success()": "_ok", "failure()": "(not _ok)"}[tok])
        elif tok in ("true", "false", "null"):
            out.append({"true": "True", "false": "False", "null": "None"}[tok])
        else:
            values.append(_lookup(ctx, tok))
            out.append(f"_v[{len(values) - 1}]")
    return eval("".join(out), {"__builtins__": {}}, {"_v": values, "_ok": not ctx["_failed"]})


def interpolate(text: Any, ctx: dict[str, Any]) -> str:
    if not isinstance(text, str):
        return "" if text is None else str(text).lower() if isinstance(text, bool) else str(text)
    if text.strip().startswith("${{") and text.strip().endswith("}}") and text.count("${{") == 1:
        value = evaluate(text.strip()[3:-2], ctx)
        return str(value).lower() if isinstance(value, bool) else "" if value is None else str(value)
    return _EXPR.sub(lambda m: str(evaluate(m.group(1), ctx)), text)


@dataclass
class Run:
    uses: list[dict[str, Any]] = field(default_factory=list)
    """Each ``uses:`` step that ran: ``{"uses": …, "with": {…}}``."""
    outcomes: dict[str, str] = field(default_factory=dict)
    """Step name → ``success``, ``failure`` or ``skipped``."""
    steps: dict[str, Any] = field(default_factory=dict)
    log: str = ""
    failed: bool = False

    def ran(self, name: str) -> bool:
        return self.outcomes.get(name) not in (None, "skipped")


def fake_tools(fakebin: Path, state: Path) -> Path:
    """A fake ``gh`` answering from ``state`` (comments, code scanning, write access) and recording every
    call; a fake interpreter whose ``-m venv`` makes a virtualenv that records ``pip install`` and runs this
    checkout's iacsim. Returns the fake interpreter."""
    fakebin.mkdir(exist_ok=True)
    gh = fakebin / "gh"
    gh.write_text(f"#!{sys.executable}\n" + _FAKE_GH)
    python = fakebin / "setup-python"
    python.write_text(f"#!/usr/bin/env bash\nexport FAKE_REAL_PYTHON={sys.executable}\n" + _FAKE_PYTHON)
    for tool in (gh, python):
        tool.chmod(0o755)
    if not state.exists():
        state.write_text(json.dumps({"comments": [], "code_scanning": True, "can_write": True, "calls": []}))
    return python


_FAKE_GH = r'''
import json, os, re, sys
state_file = os.environ["FAKE_GH_STATE"]
state = json.load(open(state_file))
args = sys.argv[1:]
state["calls"].append(args)
def save():
    json.dump(state, open(state_file, "w"))
def deny():
    save()
    print("gh: Resource not accessible by integration (HTTP 403)", file=sys.stderr)
    sys.exit(1)
assert args[0] == "api", args
method = args[args.index("--method") + 1] if "--method" in args else "GET"
path = next(a for a in args[1:] if a.startswith("repos/"))
if "/code-scanning/analyses" in path:
    save()
    if state["code_scanning"]:
        print("gh: no analysis found (HTTP 404)", file=sys.stderr)
    else:
        print("gh: Advanced Security must be enabled for this repository to use code scanning. (HTTP 403)",
              file=sys.stderr)
    sys.exit(1)
if method == "GET":
    marker = re.search(r'startswith\("(.*?)"\)', args[args.index("--jq") + 1]).group(1)
    for c in state["comments"]:
        if c["body"].startswith(marker):
            print(c["id"])
    save()
    sys.exit(0)
if not state["can_write"]:
    deny()
body = open(args[args.index("-F") + 1].split("=@", 1)[1]).read()
if method == "POST":
    state["comments"].append({"id": 100 + len(state["comments"]), "body": body})
else:
    cid = int(path.rsplit("/", 1)[1])
    next(c for c in state["comments"] if c["id"] == cid)["body"] = body
save()
'''

_FAKE_PYTHON = r'''
# the interpreter actions/setup-python would install: only `-m venv DIR` is needed
[ "$1 $2" = "-m venv" ] || { echo "unexpected: $*" >&2; exit 3; }
mkdir -p "$3/bin"
cat > "$3/bin/python" <<PY
#!/usr/bin/env bash
if [ "\$1 \$2" = "-m pip" ]; then echo "\$*" >> "$FAKE_PIP_LOG"; exit 0; fi
exec "$FAKE_REAL_PYTHON" "\$@"
PY
cp "$3/bin/python" "$3/bin/python3"
printf '#!/usr/bin/env bash\nexec "%s" -m iacsim "$@"\n' "$FAKE_REAL_PYTHON" > "$3/bin/iacsim"
chmod +x "$3/bin/python" "$3/bin/python3" "$3/bin/iacsim"
'''


def run_action(tmp_path: Path, inputs: dict[str, str], github: dict[str, Any],
               upload_fails: bool = False) -> Run:
    """Run action.yml's steps once, as a job's step ``uses: acme/iacsim@<ref>`` would."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    fakebin, state = tmp_path / "fakebin", tmp_path / "gh-state.json"
    python = fake_tools(fakebin, state)
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir(exist_ok=True)
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    ctx: dict[str, Any] = {
        "inputs": {**defaults, **inputs},
        "github": {"action_path": str(ROOT), "action_repository": "acme/iacsim", "action_ref": "v1.0.0",
                   "repository": "acme/infra", "sha": "0" * 40, "token": "ghs_fake", "server_url":
                   "https://github.com", **github},
        "runner": {"temp": str(runner_temp), "os": "Linux"},
        "steps": {},
        "_failed": False,
    }
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    base_env.update(
        PATH=f"{fakebin}:{base_env.get('PATH', '')}", RUNNER_TEMP=str(runner_temp),
        GITHUB_REPOSITORY=ctx["github"]["repository"], GITHUB_EVENT_NAME=ctx["github"].get("event_name", ""),
        GITHUB_SERVER_URL="https://github.com", GITHUB_STEP_SUMMARY=str(tmp_path / "step_summary.md"),
        FAKE_GH_STATE=str(state), FAKE_PIP_LOG=str(tmp_path / "pip.log"), PYTHONPATH=str(ROOT),
    )
    run = Run()
    for i, step in enumerate(action["runs"]["steps"]):
        name = step["name"]
        condition = step.get("if", "success()")
        condition = condition.strip()[3:-2] if condition.strip().startswith("${{") else condition
        if not evaluate(condition, ctx):
            run.outcomes[name] = "skipped"
            if "id" in step:
                ctx["steps"][step["id"]] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
            continue
        outputs: dict[str, str] = {}
        if "uses" in step:
            with_ = {k: interpolate(v, ctx) for k, v in (step.get("with") or {}).items()}
            run.uses.append({"uses": step["uses"], "with": with_})
            ok = not (upload_fails and "upload-sarif" in step["uses"])
            if "setup-python" in step["uses"]:
                outputs["python-path"] = str(python)
        else:
            out_file = runner_temp / f"output-{i}"
            out_file.write_text("")
            env = {**base_env, **{k: interpolate(v, ctx) for k, v in (step.get("env") or {}).items()},
                   "GITHUB_OUTPUT": str(out_file)}
            proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                  env=env, capture_output=True, text=True, check=False)
            run.log += f"## {name}\n{proc.stdout}{proc.stderr}"
            ok = proc.returncode == 0
            for line in out_file.read_text().splitlines():
                key, _, value = line.partition("=")
                outputs[key] = value
        outcome = "success" if ok else "failure"
        run.outcomes[name] = outcome
        if "id" in step:
            ctx["steps"][step["id"]] = {"outputs": outputs, "outcome": outcome,
                                        "conclusion": "success" if step.get("continue-on-error") else outcome}
        if not ok and not step.get("continue-on-error"):
            ctx["_failed"] = True
    run.steps, run.failed = ctx["steps"], ctx["_failed"]
    return run


def gh_state(tmp_path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((tmp_path / "gh-state.json").read_text())
    return result
