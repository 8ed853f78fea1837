#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# appstreamcli validate --pedantic --no-net finds nothing to say about the
# metainfo, and desktop-file-validate nothing (not even a hint) about the
# desktop file, except for what we keep on purpose:
#  - cid-contains-uppercase-letter: the app id stays org.example.OngoingConversations;
#  - unknown-tag developer: <developer id> is what Flathub asks for, but
#    Debian 12's AppStream 0.16.1 validator does not know it yet.
# Usage: validate-metainfo.sh METAINFO DESKTOP
set -u
metainfo=$1
desktop=$2
status=0
out=$(appstreamcli validate --pedantic --no-net --explain "$metainfo" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ $rc -ne 0 ]; then
  echo "FAIL: appstreamcli exited $rc"
  status=1
fi
unexpected=$(printf '%s\n' "$out" | grep -E '^[EWIP]: ' |
  grep -v -E '^P: [^ ]+ cid-contains-uppercase-letter ' |
  grep -v -E '^I: [^ ]+ unknown-tag developer$')
if [ -n "$unexpected" ]; then
  echo "FAIL: appstreamcli says:"
  printf '%s\n' "$unexpected"
  status=1
fi
if command -v desktop-file-validate >/dev/null 2>&1; then
  out=$(desktop-file-validate "$desktop" 2>&1)
  if [ $? -ne 0 ] || [ -n "$out" ]; then
    echo "FAIL: desktop-file-validate says: $out"
    status=1
  fi
fi
# What the catalogue shows: a summary of at most 35 characters (GNOME's
# guideline), a caption for every screenshot, images over https.
summary=$(sed -n 's:.*<summary>\(.*\)</summary>.*:\1:p' "$metainfo" | head -n 1)
if [ ${#summary} -gt 35 ]; then
  echo "FAIL: the summary has ${#summary} characters (at most 35): $summary"
  status=1
fi
shots=$(grep -c '<screenshot[ >]' "$metainfo")
captions=$(grep -c '<caption>' "$metainfo")
if [ "$shots" -eq 0 ] || [ "$shots" -ne "$captions" ]; then
  echo "FAIL: $shots screenshots, $captions captions"
  status=1
fi
if grep '<image' "$metainfo" | grep -v -q 'https://'; then
  echo "FAIL: a screenshot is not an https address"
  status=1
fi
[ $status -eq 0 ] && echo "ok: metainfo and desktop file"
exit $status
