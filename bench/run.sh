#!/usr/bin/env bash
# make bench: the benchmark of bench/README.md, on a throwaway PostgreSQL (bench/bench.py).
# Needs wrk (Debian's, installed here when missing) and the dev extras' gunicorn (make
# install). Sizes and load can be made smaller for a quick run: see bench/bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "wrk is missing: sudo apt-get install wrk, then run again." >&2
    exit 1
  fi
  echo "Installing Debian's wrk"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
exec bash .ci/with-postgres.sh .venv/bin/python bench/bench.py
