#!/usr/bin/env bash
# buf breaking (FILE rules: what would break generated stubs) against the contract on the previous commit,
# then proof that the check bites: a copy of the contract with a field removed must be refused.
# Usage: .ci/buf-breaking.sh path/to/buf   (after .ci/buf-deps.sh)
set -euo pipefail
buf=$1
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if git rev-parse -q --verify HEAD~1 >/dev/null; then
  mkdir "$work/previous"
  git archive HEAD~1 -- protos buf.yaml | tar -x -C "$work/previous"
  cp -r .buf-deps "$work/previous/"
  "$buf" breaking --against "$work/previous"
  echo "buf breaking: no breaking change against $(git rev-parse --short HEAD~1)"
else
  echo "buf breaking: no previous commit to compare with (first commit or shallow clone)"
fi

# The check itself must fail on a breaking change: remove CloudTask.name from a copy and compare.
mkdir "$work/broken"
cp -r protos buf.yaml .buf-deps "$work/broken/"
sed -i '/^  string name = 1/d' "$work/broken/protos/taskgateway/v1/cloud_task.proto"
if (cd "$work/broken" && "$buf" breaking --against "$root" >"$work/broken.txt" 2>&1); then
  echo "buf breaking did not refuse a removed field" >&2
  exit 1
fi
grep -q 'CloudTask' "$work/broken.txt"
echo "buf breaking: a removed field is refused ($(head -1 "$work/broken.txt"))"
