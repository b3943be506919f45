#!/usr/bin/env bash
# Refreshes the vendored API reference renderer from npm: bump the version in
# package.json, run this script, commit package-lock.json and dist/. Nothing
# here runs at build or run time; the binary embeds dist/ as committed.
set -euo pipefail
cd "$(dirname "$0")"
npm install --ignore-scripts --no-audit --no-fund
src=node_modules/swagger-ui-dist
cp "$src/swagger-ui-bundle.js" "$src/swagger-ui.css" "$src/LICENSE" "$src/NOTICE" dist/
rm -rf node_modules
