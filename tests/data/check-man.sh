#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# meson installs a man page for each program; man renders them without a
# warning, and each page names every option its program's --help lists.
# Usage: check-man.sh BUILDDIR APP SERVER
set -u
builddir=$1
shift
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT
status=0
if ! meson install -C "$builddir" --no-rebuild --quiet --destdir "$destdir" >"$destdir.log" 2>&1; then
  cat "$destdir.log"
  rm -f "$destdir.log"
  echo "FAIL: meson install"
  exit 1
fi
rm -f "$destdir.log"
for program in "$@"; do
  name=$(basename "$program")
  page=$(find "$destdir" -path "*/man/man1/$name.1*" | head -n 1)
  if [ -z "$page" ]; then
    echo "FAIL: no man page installed for $name"
    status=1
    continue
  fi
  if command -v man >/dev/null 2>&1; then
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then
      echo "FAIL: man warns about $name.1: $warnings"
      status=1
    fi
    text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -E UTF-8 -l "$page" 2>/dev/null)
  else
    text=$(cat "$page")
  fi
  for option in $("$program" --help-all 2>/dev/null | sed -n 's/^ *\(-h, \)\{0,1\}\(--[a-z-]*\).*/\2/p'); do
    case $option in --help-*) continue ;; esac
    if ! printf '%s\n' "$text" | grep -q -- "$option"; then
      echo "FAIL: $name.1 does not explain $option"
      status=1
    fi
  done
  printf '%s\n' "$text" | grep -q 'EXIT STATUS' || { echo "FAIL: $name.1 has no EXIT STATUS"; status=1; }
  [ $status -eq 0 ] && echo "ok: $page"
done
exit $status
