#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# One instance per session: a second launch opens its window in the running
# process and exits 0; that process answers D-Bus activation; --kiosk is an
# instance of its own. Needs a display and a session bus (build-aux/check).
# Usage: check-single-instance.sh PROGRAM
set -u
program=$1
if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "SKIP: needs a display and a session bus"
  exit 77
fi

# An id of our own: tests running at the same time must not find each other.
id=org.example.OngoingConversations.Test$$
export OC_APPLICATION_ID=$id
path=/$(echo "$id" | tr . /)
status=0
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null; done
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  status=1
}

bus() {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method "org.freedesktop.DBus.$1" "$2" 2>/dev/null
}

# Waits up to 30 s for NAME to be owned (the first launch's start-up).
wait_for_name() {
  i=0
  while [ $i -lt 300 ]; do
    case $(bus NameHasOwner "$1") in *true*) return 0 ;; esac
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

owner_pid() {
  bus GetConnectionUnixProcessID "$1" | sed -n 's/^(uint32 \([0-9]*\),)$/\1/p'
}

windows() {
  gdbus introspect --session --dest "$id" --object-path "$path/window" 2>/dev/null |
    grep -c '^ *node [0-9]'
}

# Waits up to 30 s for the first instance to have N windows.
wait_for_windows() {
  i=0
  while [ $i -lt 300 ]; do
    [ "$(windows)" = "$1" ] && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

"$program" --demo &
first=$!
pids="$first"
wait_for_name "$id" || fail "the first launch never owned $id"
wait_for_windows 1 || fail "the first launch has $(windows) windows, not 1"
[ "$(owner_pid "$id")" = "$first" ] || fail "$id is not owned by the first launch"

# The second launch hands over and exits 0; its window (the start page: no
# server is remembered) is the first's.
"$program"
rc=$?
[ $rc -eq 0 ] || fail "the second launch exited $rc"
wait_for_windows 2 || fail "the running instance has $(windows) windows, not 2"
[ "$(owner_pid "$id")" = "$first" ] || fail "$id changed owner"

# Asking again for a server that is open presents its window: one
# connection per server, and one demo server.
"$program" --demo || fail "the third launch failed"
[ "$(windows)" = 2 ] || fail "asking for the open demo made a window: $(windows) now"

# D-Bus activation, as the desktop's launcher does it.
out=$(gdbus call --session --dest "$id" --object-path "$path" \
  --method org.freedesktop.Application.Activate '{}' 2>&1) || fail "Activate: $out"
echo "Activate answered: $out"

# A wall screen runs beside the console, in a process of its own.
"$program" --kiosk --demo &
kiosk=$!
pids="$pids $kiosk"
wait_for_name "$id.Kiosk" || fail "--kiosk never owned $id.Kiosk"
[ "$(owner_pid "$id.Kiosk")" = "$kiosk" ] || fail "$id.Kiosk is not the kiosk's own process"
[ "$(owner_pid "$id")" = "$first" ] || fail "the console lost $id to the kiosk"

for name in "$id" "$id.Kiosk"; do
  gdbus call --session --dest "$name" --object-path "/$(echo "$name" | tr . /)" \
    --method org.freedesktop.Application.ActivateAction quit '[]' '{}' >/dev/null 2>&1 ||
    fail "$name did not quit when asked"
done
wait "$first" || fail "the first instance exited $?"
wait "$kiosk" || fail "the kiosk exited $?"
pids=""

[ $status -eq 0 ] && echo "ok: one instance, two windows, activation, a separate kiosk"
exit $status
