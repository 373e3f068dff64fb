#!/usr/bin/env bash
# Executes examples/notebook.ipynb headlessly with Deno (node_modules/.bin/deno, offline): the
# code cells run in order as one module from examples/, as Deno's Jupyter kernel runs them, and
# each cell's displayed value must be a plain MIME bundle (text, HTML, Vega-Lite v5). A cell
# that throws fails CI, so the notebook cannot rot. The executed copy, with outputs, is written
# to reports/notebook.ipynb. Run after the build (the notebook imports ../dist/index.js).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f dist/index.js ]; then
  echo "notebook.sh: dist/ is missing: build first (npm run build)" >&2
  exit 1
fi
if [ ! -x node_modules/.bin/deno ]; then
  echo "notebook.sh: node_modules/.bin/deno is missing: run npm ci" >&2
  exit 1
fi

echo "--- $(node_modules/.bin/deno --version | head -n 1)"
node --test --test-reporter=spec test/runtime/notebook.mjs
echo "executed notebook (CI artifact): $(pwd)/reports/notebook.ipynb"
