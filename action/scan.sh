#!/usr/bin/env bash
# Run one scan, write every report the action publishes, and set the step outputs.
# Never fails the step itself: the exit code is an output, so the SARIF upload and the
# PR comment still run; the action's last step turns it into the job's result.
set -uo pipefail
[ -n "${IACSIM_BIN:-}" ] && export PATH="$IACSIM_BIN:$PATH"  # the action's own virtualenv (install.sh)
out="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/iacsim"
mkdir -p "$out"
read -r -a paths <<< "${INPUT_PATH:-.}"
# SARIF help links point at the rules documentation of the action's own repository and ref (never a
# made-up address): iacsim reads the base from IACSIM_DOCS_URI.
if [ -n "${ACTION_REPOSITORY:-}" ] && [ -n "${ACTION_REF:-}" ]; then
  export IACSIM_DOCS_URI="${GITHUB_SERVER_URL:-https://github.com}/$ACTION_REPOSITORY/blob/$ACTION_REF"
fi
args=(plan "${paths[@]}" --fail-on "${INPUT_FAIL_ON:-high}" --format "${INPUT_FORMAT:-text}"
      --report "sarif:$out/iacsim.sarif" --report "html:$out/iacsim.html"
      --report "json:$out/iacsim.json" --report "markdown:$out/comment.md"
      --audit-log "$out/audit.jsonl")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_OUTPUT:-}" ] && args+=(-o "$INPUT_OUTPUT")
[ "${INPUT_ALLOW_EMPTY:-false}" = "true" ] && args+=(--allow-empty)
iacsim "${args[@]}"
code=$?
{
  echo "exit-code=$code"
  if [ -s "$out/iacsim.json" ]; then
    python3 - "$out/iacsim.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(f"verdict={s['verdict']}")
print(f"findings={s['findings']['total']}")
PY
    echo "report-path=$out/iacsim.html"
    echo "sarif-path=$out/iacsim.sarif"
    echo "markdown-path=$out/comment.md"
    echo "audit-log-path=$out/audit.jsonl"
  fi
} >> "${GITHUB_OUTPUT:-/dev/stdout}"
exit 0
