#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one dogtail test with accessibility on. meson runs this inside the
# session bus and X display that build-aux/check provides.
set -eu
test_file=$1
export OC_APP_BINARY=$2
# An instance of its own: a previous test's app still quitting must not be
# handed this test's launch.
export OC_APPLICATION_ID=org.example.OngoingConversations.E2e$$
# The demo floor with markup-looking names, subjects and lines: the app must
# show (and read out) them literally.
export OC_DEMO_HOSTILE_TEXT=1
gsettings set org.gnome.desktop.interface toolkit-accessibility true 2>/dev/null || true
export PYTHONPATH="$(dirname "$0")${PYTHONPATH:+:$PYTHONPATH}"
# Bring the accessibility bus up before the app looks for it, so the two
# never race.
/usr/bin/python3 -c 'import pyatspi; pyatspi.Registry.getDesktop(0).childCount' >/dev/null 2>&1 || true
exec /usr/bin/python3 -u "$test_file"
