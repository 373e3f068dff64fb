#!/usr/bin/env bash
# API reference: TypeDoc from the TSDoc of the public index (typedoc.json: src/index.ts ->
# docs/api, gitignored), with warnings as errors, so a broken {@link}, an undocumented
# reference to an unexported type or a bad tag fails CI. Also checks that docs/formulas.md
# and CHANGELOG.md exist and that the changelog has its Unreleased section.
set -euo pipefail
cd "$(dirname "$0")/.."

npx --no-install typedoc --logLevel Warn
test -f docs/api/index.html
echo "API reference: $(pwd)/docs/api/index.html"

for file in docs/formulas.md CHANGELOG.md; do
  [ -s "${file}" ] || { echo "docs.sh: ${file} is missing or empty" >&2; exit 1; }
done
grep -q '^## \[Unreleased\]' CHANGELOG.md || {
  echo 'docs.sh: CHANGELOG.md needs a "## [Unreleased]" section (Keep a Changelog)' >&2
  exit 1
}
