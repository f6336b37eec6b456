#!/usr/bin/env bash
# Set up everything the tests need (incl. chromium) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_TEST=1 WITH_BROWSER=1 scripts/setup.sh
.venv/bin/ruff check assistant tests bench
.venv/bin/python -m pytest -n 2 "$@"
