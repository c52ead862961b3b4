#!/usr/bin/env bash
# Builds the browser assets the server embeds: installs the pinned npm packages (package-lock.json)
# and copies their built files into crates/headwater-serve/assets/. The copies are committed, so
# building headwater needs no npm; run this after changing a version in package.json (then
# `npm install` to update the lock file) and commit the result.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
dest=../crates/headwater-serve/assets
mkdir -p "$dest"
cp node_modules/cytoscape/dist/cytoscape.min.js "$dest/cytoscape.min.js"
echo "ui: copied cytoscape $(node -p 'require("./node_modules/cytoscape/package.json").version') to $dest/"
