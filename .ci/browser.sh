#!/usr/bin/env bash
# A real browser: the runtime checks (test/runtime/checks.mjs) bundled and run in headless
# Debian Chromium, and the example dashboard (examples/dashboard) built with Vite, opened, its
# rendered figures compared with the library's results in Node, and a screenshot saved to
# reports/dashboard.png. Chromium is Debian's package (installed here if missing), driven by
# playwright-core; pages are served on 127.0.0.1 only. Run after the build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f dist/index.js ]; then
  echo "browser.sh: dist/ is missing: build first (npm run build)" >&2
  exit 1
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "--- installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
# Debian's /usr/bin/chromium wrapper prints a shell warning on some machines; the version line
# is what matters.
echo "--- $(chromium --version 2>/dev/null | head -n 1)"

mkdir -p reports
node --test --test-reporter=spec test/runtime/browser.mjs test/runtime/dashboard.mjs
echo "dashboard screenshot (CI artifact): $(pwd)/reports/dashboard.png"
