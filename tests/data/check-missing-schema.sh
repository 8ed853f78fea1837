#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Without its settings schema the app says so and exits 1, instead of
# aborting (SIGTRAP) in g_settings_new(); --version still works.
# Usage: check-missing-schema.sh PROGRAM
set -u
program=$1
empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT
status=0
out=$(env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$empty" XDG_DATA_HOME="$empty" LC_ALL=C \
  "$program" --demo 2>&1)
rc=$?
if [ $rc -ne 1 ]; then
  echo "FAIL: exited $rc (1 expected): $out"
  status=1
elif ! printf '%s\n' "$out" | grep -q 'settings schema org.example.OngoingConversations is not installed'; then
  echo "FAIL: the message does not name the schema: $out"
  status=1
else
  echo "ok: $out"
fi
out=$(env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$empty" XDG_DATA_HOME="$empty" "$program" --version 2>&1) ||
  { echo "FAIL: --version without the schema: $out"; status=1; }
exit $status
