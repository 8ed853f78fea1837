#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs gtk4-builder-tool validate on every .ui file. The tool cannot know our
# own widget types, so "Invalid object type 'OcFoo'" and "Failed to lookup
# template parent type OcFoo" pass when OcFoo is a type this project declares,
# and "No function named `on_foo`" when on_foo is a bound template callback
# (the ui tests build every template for real); any other complaint fails.
# libadwaita (the third argument) is preloaded so the tool finds Adw types.
set -u
# The tool needs a display; give it one when meson runs outside build-aux/check.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  exec xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" "$0" "$@"
fi
top=${1:?source root}
tool=${2:-gtk4-builder-tool}
adw=${3:-}
if [ -n "$adw" ] && [ -e "$adw" ]; then
  export LD_PRELOAD="$adw${LD_PRELOAD:+:$LD_PRELOAD}"
fi
status=0
count=0
for ui in "$top"/src/app/*.ui; do
  [ -f "$ui" ] || continue
  count=$((count + 1))
  out=$("$tool" validate "$ui" 2>&1)
  rc=$?
  [ $rc -eq 0 ] && continue
  if [ $rc -gt 1 ]; then
    echo "$ui: $tool crashed ($rc): $out"
    status=1
    continue
  fi
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    type=$(sed -n "s/.*Invalid object type '\(Oc[A-Za-z]*\)'.*/\1/p" <<<"$line")
    [ -n "$type" ] || type=$(sed -n "s/.*Failed to lookup template parent type \(Oc[A-Za-z]*\)\$/\1/p" <<<"$line")
    if [ -n "$type" ] && grep -rqE "G_DECLARE_(FINAL|DERIVABLE)_TYPE \($type," "$top/src"; then
      continue
    fi
    # A template whose parent is libadwaita's: the tool cannot validate it,
    # the ui tests build it for real.
    adwtype=$(sed -n "s/.*Failed to lookup template parent type \(Adw[A-Za-z]*\)\$/\1/p" <<<"$line")
    if [ -n "$adwtype" ] && [ -n "$adw" ]; then
      continue
    fi
    func=$(sed -n 's/^No function named `\([a-z_][a-z0-9_]*\)`\.$/\1/p' <<<"$line")
    if [ -n "$func" ] && grep -rqE "bind_template_callback \([a-z_]+, $func\)" "$top/src"; then
      continue
    fi
    echo "$line"
    status=1
  done <<<"$out"
done
[ $status -eq 0 ] && echo "$count .ui files valid"
exit $status
