#!/usr/bin/env bash
# Post the Markdown report on the pull request, or update iacsim's earlier comment
# (found by the hidden marker the Markdown renderer writes first) so a PR keeps one.
# A token that cannot write (403/404) is a notice, not a failure: the verdict is the scan's.
set -uo pipefail
: "${GITHUB_REPOSITORY:?}" "${PR_NUMBER:?}" "${COMMENT_FILE:?}"
[ -s "$COMMENT_FILE" ] || { echo "no comment to post"; exit 0; }
marker='<!-- iacsim-report -->'
if ! existing=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" --paginate \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1); then
  echo "::notice title=iacsim::cannot read the pull request's comments; no comment posted (the report is in the job summary)"
  exit 0
fi
if [ -n "$existing" ]; then
  method=PATCH endpoint="repos/$GITHUB_REPOSITORY/issues/comments/$existing" result="updated comment $existing"
else
  method=POST endpoint="repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" result="posted a new comment"
fi
if answer=$(gh api --method "$method" "$endpoint" -F "body=@$COMMENT_FILE" 2>&1 > /dev/null); then
  echo "$result"
else
  echo "::notice title=iacsim::the token cannot write the pull-request comment ($(echo "$answer" | head -n 1)); grant 'pull-requests: write' (the report is in the job summary)"
fi
exit 0
