#!/usr/bin/env bash
# Install the Debian packages the app needs, when missing. Idempotent and quiet when
# everything is present, so `make run` and `make test` may call it every time.
#   bash .ci/system-deps.sh serve   what serving needs (make run): building psycopg2, WeasyPrint
#   bash .ci/system-deps.sh         that and what the tests need (make test): PostgreSQL, Chromium
set -euo pipefail

what=${1:-all}
case "$what" in
  serve | all) ;;
  *) echo "usage: $0 [serve|all]" >&2; exit 2 ;;
esac

needed=()
# psycopg2 is built from source: a C compiler and pg_config.
command -v gcc >/dev/null || needed+=(gcc)
command -v pg_config >/dev/null || needed+=(libpq-dev)
# WeasyPrint (the PDF summaries) needs Pango and HarfBuzz's subsetter, and a font.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || needed+=("$pkg")
done
if [ "$what" = all ]; then
  # The tests on PostgreSQL (a throwaway cluster) and the browser tests.
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || needed+=(postgresql)
  [ -x /usr/bin/chromium ] || needed+=(chromium)
fi

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${needed[*]}. Install them (sudo apt-get install ${needed[*]}) and run again." >&2
  exit 1
fi
echo "Installing Debian packages: ${needed[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
