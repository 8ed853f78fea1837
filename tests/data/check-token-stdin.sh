#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# --token-file - reads the token from standard input (a sandbox cannot open
# ~/.cc-token): what is not a token there is refused with exit 2 before any
# window, and the message never repeats what was read.
# Usage: check-token-stdin.sh PROGRAM
set -u
program=$1
status=0
out=$(printf 'not a token secret-part\n' | LC_ALL=C "$program" --server http://127.0.0.1:9/ --token-file - 2>&1)
rc=$?
if [ $rc -ne 2 ] || ! printf '%s\n' "$out" | grep -q 'Standard input does not hold a token'; then
  echo "FAIL: a bad token on standard input: exit $rc: $out"
  status=1
elif printf '%s\n' "$out" | grep -q 'secret-part'; then
  echo "FAIL: the message repeats what was read"
  status=1
else
  echo "ok: $out"
fi
out=$(LC_ALL=C "$program" --server http://127.0.0.1:9/ --token-file - </dev/null 2>&1)
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: an empty standard input: exit $rc: $out"; status=1; }
exit $status
