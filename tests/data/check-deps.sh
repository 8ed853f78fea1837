#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# build-aux/deps installs only what the build and the demo need; with --tests
# (build-aux/check) it adds the test stack. Both lists hold what each needs.
# Usage: check-deps.sh SOURCE_ROOT
set -u
deps=$1/build-aux/deps
status=0
demo=$("$deps" --print) || { echo "FAIL: deps --print"; exit 1; }
all=$("$deps" --tests --print) || { echo "FAIL: deps --tests --print"; exit 1; }
for p in meson gcc libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libxml2-utils gettext; do
  printf '%s\n' "$demo" | grep -qx "$p" || { echo "FAIL: the build needs $p"; status=1; }
done
for p in xvfb python3-dogtail clang fonts-noto-cjk imagemagick appstream man-db; do
  printf '%s\n' "$demo" | grep -qx "$p" && { echo "FAIL: the demo installs the test package $p"; status=1; }
  printf '%s\n' "$all" | grep -qx "$p" || { echo "FAIL: --tests lacks $p"; status=1; }
done
grep -q 'build-aux/deps --tests' "$1/build-aux/check" || { echo "FAIL: build-aux/check does not ask for the test stack"; status=1; }
if grep -q 'build-aux/deps --tests' "$1/build-aux/demo"; then
  echo "FAIL: build-aux/demo installs the test stack"
  status=1
fi
[ $status -eq 0 ] && echo "ok: the demo needs $(printf '%s\n' "$demo" | wc -l) packages, the check $(printf '%s\n' "$all" | wc -l)"
exit $status
