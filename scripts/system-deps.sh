#!/usr/bin/env bash
# Installs the Debian packages gongjian needs when they are missing:
#   demo: gettext (compile translations), fonts-noto-cjk (Chinese in charts and PDFs), WeasyPrint's pango
#   test: the same plus chromium (browser tests), poppler-utils (PDF checks) and libreoffice-calc-nogui
#         (the import corpus re-saves its sheets with LibreOffice, as WPS and LibreOffice users do)
# Needs root (or sudo); on machines where that needs an administrator, ask for these packages by name.
set -euo pipefail
want=(gettext fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-demo}" = "test" ]; then
  want+=(chromium poppler-utils libreoffice-calc-nogui)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "missing packages ${missing[*]}: install them as an administrator (apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
