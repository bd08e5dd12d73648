#!/usr/bin/env bash
# Install the Debian packages the app and its tests need, when missing. Idempotent and
# quiet when everything is present, so `make test` may call it every time.
set -euo pipefail

needed=()
command -v pg_config >/dev/null || needed+=(libpq-dev)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || needed+=(postgresql)
[ -x /usr/bin/chromium ] || needed+=(chromium)
# WeasyPrint (the PDF summaries) needs Pango and HarfBuzz's subsetter, and a font.
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "ok installed" || needed+=("$lib")
done

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
