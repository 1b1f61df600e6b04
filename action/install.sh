#!/usr/bin/env bash
# Install iacsim for the action into its own virtualenv (the job's Python and packages stay untouched).
# What is installed comes from the action's own repository, never from a guessed address:
#   version empty         -> the action's checkout, i.e. exactly the ref named in `uses: owner/iacsim@ref`
#   version 1.2.0         -> the release tag v1.2.0 of the action's repository
#   version main, v1, SHA -> that git ref of the action's repository
# Step output `bin`: the virtualenv's bin directory, which the scan step puts first on its PATH.
set -euo pipefail
python="${PYTHON:-python3}"
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/iacsim-venv"
"$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)
version="${INPUT_VERSION:-}"
if [ -z "$version" ]; then
  "${pip[@]}" "${ACTION_PATH:?}"
else
  repository="${ACTION_REPOSITORY:-${GITHUB_REPOSITORY:-}}"  # empty for a local action (uses: ./): this repository
  if [ -z "$repository" ]; then
    echo "::error title=iacsim::version: '$version' needs the action's repository (github.action_repository)"
    exit 2
  fi
  ref="$version"
  if [[ "$version" =~ ^[0-9]+(\.[0-9]+)+([.+-]?[A-Za-z0-9.]+)?$ ]]; then
    ref="v$version"  # a released version names its tag
  fi
  "${pip[@]}" "git+${GITHUB_SERVER_URL:-https://github.com}/$repository@$ref"
fi
"$venv/bin/iacsim" --version
echo "bin=$venv/bin" >> "${GITHUB_OUTPUT:-/dev/stdout}"
