#!/usr/bin/env bash
# Decide whether the SARIF upload and the pull-request comment can work, so they are skipped with a
# notice instead of failing the job:
# * a pull_request from a fork runs with a read-only GITHUB_TOKEN and no secrets, whatever the workflow's
#   `permissions:` say (https://github.blog/changelog/2021-04-20-github-actions-control-permissions-for-github_token,
#   https://docs.github.com/en/actions/reference/github_token-reference): neither can be written;
# * a repository without code scanning (a private repository without GitHub Advanced Security), or a
#   workflow without `security-events` permission, answers 403 on the code scanning API
#   (https://docs.github.com/en/rest/code-scanning/code-scanning#list-code-scanning-analyses-for-a-repository);
#   404 ("no analysis found") means code scanning is on but has no analysis yet.
# Step outputs: sarif=true|false, comment=true|false.
set -uo pipefail
notice() { echo "::notice title=iacsim::$1"; }
sarif=false
comment=false
[ "${INPUT_SARIF_UPLOAD:-true}" = "true" ] && [ -n "${SARIF_PATH:-}" ] && sarif=true
case "${EVENT_NAME:-}" in
  pull_request | pull_request_target) [ "${INPUT_COMMENT:-false}" = "true" ] && comment=true ;;
esac
if [ "${EVENT_NAME:-}" = "pull_request" ] && [ -n "${HEAD_REPOSITORY:-}" ] \
   && [ "$HEAD_REPOSITORY" != "${GITHUB_REPOSITORY:-}" ]; then
  if [ "$sarif" = true ] || [ "$comment" = true ]; then
    notice "pull request from the fork $HEAD_REPOSITORY: its token is read-only, so the SARIF upload and the pull-request comment are skipped; the report is in the job summary"
  fi
  sarif=false
  comment=false
fi
if [ "$sarif" = true ] && command -v gh > /dev/null; then
  answer=$(gh api "repos/${GITHUB_REPOSITORY:?}/code-scanning/analyses?per_page=1" 2>&1 > /dev/null) || {
    if [[ "$answer" == *"HTTP 403"* ]]; then
      why=$(echo "$answer" | head -n 1)
      notice "code scanning cannot take the SARIF report here (${why}): upload skipped; enable code scanning or grant 'security-events: write', and find the report at $SARIF_PATH"
      sarif=false
    fi
  }
fi
{
  echo "sarif=$sarif"
  echo "comment=$comment"
} >> "${GITHUB_OUTPUT:-/dev/stdout}"
