#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Both programs answer --version (their name and the project's version, exit 0)
# and --help (exit 0, naming --version), as a packager and a user expect.
# Usage: check-version.sh VERSION PROGRAM...
set -u
version=$1
shift
status=0
for program in "$@"; do
  name=$(basename "$program")
  out=$("$program" --version 2>&1)
  rc=$?
  if [ $rc -ne 0 ] || [ "$out" != "$name $version" ]; then
    echo "FAIL: $name --version exited $rc and said: $out"
    status=1
  else
    echo "ok: $out"
  fi
  help=$("$program" --help 2>&1)
  rc=$?
  if [ $rc -ne 0 ] || ! printf '%s\n' "$help" | grep -q -- '--version'; then
    echo "FAIL: $name --help exited $rc or does not list --version"
    status=1
  else
    echo "ok: $name --help"
  fi
done
exit $status
