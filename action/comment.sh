#!/usr/bin/env bash
# Post the Markdown report on the pull request, or update iacsim's earlier comment
# (found by the hidden marker the Markdown renderer writes first) so a PR keeps one.
set -euo pipefail
: "${GITHUB_REPOSITORY:?}" "${PR_NUMBER:?}" "${COMMENT_FILE:?}"
[ -s "$COMMENT_FILE" ] || { echo "no comment to post"; exit 0; }
marker='<!-- iacsim-report -->'
existing=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" --paginate \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -F "body=@$COMMENT_FILE" > /dev/null
  echo "updated comment $existing"
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" -F "body=@$COMMENT_FILE" > /dev/null
  echo "posted a new comment"
fi
