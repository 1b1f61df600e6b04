#!/usr/bin/env bash
# Install iacsim for the action: this checkout by default, or a released version.
set -euo pipefail
if [ -n "${INPUT_VERSION:-}" ]; then
  python3 -m pip install --quiet "iacsim==${INPUT_VERSION}"
else
  python3 -m pip install --quiet "${ACTION_PATH:?}"
fi
iacsim --version
