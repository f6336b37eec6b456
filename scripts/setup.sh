#!/usr/bin/env bash
# Idempotent setup for a fresh Debian machine: system packages (LibreOffice, fonts, poppler,
# chromium for browser tests) and the Python virtual environment in .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-impress-nogui)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
fc-list 2>/dev/null | grep -q "BIZ UDPGothic" || need_apt+=(fonts-morisawa-bizud-gothic)
# Monochrome emoji: LibreOffice 7.4 exports colour-bitmap emoji (Noto Color Emoji) as blanks.
fc-list 2>/dev/null | grep -qi "Symbola" || need_apt+=(fonts-symbola)
if [ "${WITH_BROWSER:-0}" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
extras=""
[ "${WITH_TEST:-0}" = "1" ] && extras="[test]"
stamp=".venv/.installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q -e ".${extras}"
  touch "$stamp"
fi
