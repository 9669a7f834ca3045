#!/usr/bin/env bash
# System packages coursegen needs beyond Python: fonts that cover every script of the plots (Latin, Cyrillic,
# Han, Hangul, and the other scripts Noto draws), Chromium for the browser tests and GNU gettext's msgfmt for
# the catalog tests. Installs them with apt-get when run as root on a Debian-like system; otherwise says what
# is missing and how to install it.
# Usage: scripts/system-deps.sh fonts|browser|gettext ...   (fonts also covers ICU, which PyICU builds
# against, and what the Python of $PYTHON needs to make the virtual environment and build PyICU)
set -euo pipefail

python="${PYTHON:-python3}"
if [[ " ${*:-fonts} " == *" fonts "* ]] && [ ! -x .venv/bin/pip ] && ! command -v "$python" >/dev/null 2>&1; then
  # No package can help: without this, a mistyped PYTHON=python3.99 installed python3-venv for python3.
  echo "error: $python: no such Python (give PYTHON=python3.X of one that is installed)" >&2
  exit 1
fi
# Python 3.11 or newer: pip said only that no version of a pinned package matched ("backrefs==8.3"), and a
# .venv made by an older Python stayed, whatever PYTHON was given next. ("" when the Python cannot tell.)
older_than_311() {
  "$1" -c "import sys; print('' if sys.version_info >= (3, 11) else sys.version.split()[0])" 2>/dev/null || true
}
if [[ " ${*:-fonts} " == *" fonts "* ]]; then
  if [ -x .venv/bin/python ] && old="$(older_than_311 .venv/bin/python)" && [ -n "$old" ]; then
    echo "error: .venv was made by Python $old; coursegen needs 3.11 or newer: remove .venv and give" \
      "PYTHON=python3.X of a newer one" >&2
    exit 1
  fi
  if [ ! -x .venv/bin/pip ] && old="$(older_than_311 "$python")" && [ -n "$old" ]; then
    echo "error: $python is Python $old; coursegen needs 3.11 or newer: give PYTHON=python3.X of a newer" \
      "one (make serve PYTHON=python3.12)" >&2
    exit 1
  fi
fi
need=()
want=()
for what in "${@:-fonts}"; do
  case "$what" in
    fonts)
      # Debian's own Python makes no virtual environment without python3-venv ("ensurepip is not available").
      if [ ! -x .venv/bin/pip ] && ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
        need+=(python3-venv)
      fi
      # PyICU (sentence segmentation) is built against the system's ICU, unless the venv already has it,
      # with the headers of the Python that builds it.
      if ! .venv/bin/python -c "import icu" >/dev/null 2>&1; then
        if ! pkg-config --exists icu-uc 2>/dev/null; then need+=(libicu-dev pkg-config g++); fi
        if ! "$python" -c "import os, sys, sysconfig
sys.exit(not os.path.isfile(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" >/dev/null 2>&1; then
          need+=(python3-dev)
        fi
      fi
      if ! command -v fc-list >/dev/null 2>&1; then need+=(fontconfig); fi
      # The list is read whole first: "fc-list | grep -q" fails under pipefail when grep stops reading early.
      families="$(fc-list : family 2>/dev/null || true)"
      if ! grep -qi "Noto Sans CJK" <<<"$families"; then need+=(fonts-noto-cjk); fi
      # The other scripts of the world (Devanagari, Ethiopic, Myanmar, Thai...): a locale nobody here has
      # seen yet draws its plots without another installation. Wanted, not needed: the project's locales
      # draw without them, and the build names a locale's missing font itself.
      if ! grep -qi "Noto Sans Devanagari" <<<"$families"; then want+=(fonts-noto-core); fi
      if ! grep -qi "DejaVu Sans" <<<"$families"; then want+=(fonts-dejavu-core); fi
      ;;
    browser)
      # The browser tests take another Chromium from $CHROMIUM.
      if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then need+=(chromium); fi
      ;;
    gettext)
      # The tests hold the catalogs coursegen writes to what GNU gettext's own tools (msgfmt) accept.
      if ! command -v msgfmt >/dev/null 2>&1; then need+=(gettext); fi
      ;;
    *) echo "usage: $0 fonts|browser|gettext ..." >&2; exit 2 ;;
  esac
done

[ ${#need[@]} -eq 0 ] && [ ${#want[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]} ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" "${want[@]}" >/dev/null
  # matplotlib caches the font list; a stale cache would not see the new fonts.
  rm -rf "${HOME:-/root}/.cache/matplotlib"
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  how() { echo "sudo apt-get install $*"; }
else
  how() { echo "your system's package manager (Debian names them $*)"; }
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "warning: no fonts for the scripts of locales the project does not have yet: ${want[*]}" >&2
  echo "install them with: $(how "${want[@]}")" >&2
  exit 0
fi
echo "missing system packages: ${need[*]} ${want[*]}" >&2
echo "install them with: $(how "${need[@]}" "${want[@]}")" >&2
echo "(fonts are needed to build the plots; chromium only for the browser tests)" >&2
exit 1
