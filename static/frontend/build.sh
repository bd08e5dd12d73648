#!/usr/bin/env bash
# Rebuild the vendored NHS.UK frontend: static/css/app.css, static/js/nhsuk-frontend.min.js
# (+ .map) and static/vendor/nhsuk/assets/; and, for the browser tests only,
# tests/browser/vendor/axe.min.js. The outputs are committed so that the app, its tests
# and CI need neither node nor the network; run this only after changing src/app.scss or
# the nhsuk-frontend or axe-core version.  Usage: bash static/frontend/build.sh
set -euo pipefail

frontend_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
static_dir="$(dirname "$frontend_dir")"
pkg="$frontend_dir/node_modules/nhsuk-frontend/dist/nhsuk"
assets_out="$static_dir/vendor/nhsuk/assets"

cd "$frontend_dir"
# --ignore-scripts: nothing here needs an install script (sass's optional file
# watcher ships prebuilt binaries and is unused by a one-off compile).
npm ci --ignore-scripts --no-audit --no-fund

# CSS: compressed, and with no source map, so no sourceMappingURL points at a
# file that is not there (whitenoise's manifest storage would fail on it).
mkdir -p "$static_dir/css"
npx --no-install sass --no-source-map --style=compressed --load-path=node_modules \
  src/app.scss "$static_dir/css/app.css"

# JS: the package's ES module bundle as is, with its source map beside it.
# static/js/app.js (ours, not generated) imports initAll from it.
mkdir -p "$static_dir/js"
cp "$pkg/nhsuk-frontend.min.js" "$pkg/nhsuk-frontend.min.js.map" "$static_dir/js/"

# axe-core for the browser tests' accessibility checks (tests/browser/axe.py):
# a test asset, committed beside the tests; not under static/, so the app never serves it.
axe_out="$(dirname "$static_dir")/tests/browser/vendor"
mkdir -p "$axe_out"
cp node_modules/axe-core/axe.min.js "$axe_out/axe.min.js"

# Assets: only the files the compiled CSS refers to. Not the package's favicons: they
# are the NHS logo, a protected mark (templates/base.html uses our own).
rm -rf "$assets_out"
mkdir -p "$assets_out/images"
prefix="/static/vendor/nhsuk/assets/"
refs="$(grep -o 'url([^)]*)' "$static_dir/css/app.css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)"
while IFS= read -r ref; do
  [ -n "$ref" ] || continue
  case "$ref" in
    data:*) continue ;;
    "$prefix"*) rel="${ref#"$prefix"}" ;;
    *) echo "build.sh: unexpected url() in app.css: $ref" >&2; exit 1 ;;
  esac
  mkdir -p "$assets_out/$(dirname "$rel")"
  cp "$pkg/assets/$rel" "$assets_out/$rel"
done <<< "$refs"

# Nothing in the CSS may be fetched from another host (fonts from a CDN etc.).
if grep -Eq '(url\(["'\'']?|@import ["'\'']?)(https?:)?//' "$static_dir/css/app.css"; then
  echo "build.sh: app.css refers to an external URL" >&2
  exit 1
fi

for f in "$static_dir/css/app.css" "$static_dir/js/nhsuk-frontend.min.js" \
         "$static_dir/js/nhsuk-frontend.min.js.map" "$static_dir/js/app.js" \
         "$axe_out/axe.min.js"; do
  [ -s "$f" ] || { echo "build.sh: missing $f" >&2; exit 1; }
done
echo "Built: $(wc -c < "$static_dir/css/app.css") bytes of CSS; assets: $(du -sh "$assets_out" | cut -f1)"
