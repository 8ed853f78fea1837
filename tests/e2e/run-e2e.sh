#!/usr/bin/env bash
# Runs one dogtail test with accessibility on. meson runs this inside the
# session bus and X display that build-aux/check provides.
set -eu
test_file=$1
export OC_APP_BINARY=$2
gsettings set org.gnome.desktop.interface toolkit-accessibility true 2>/dev/null || true
export PYTHONPATH="$(dirname "$0")${PYTHONPATH:+:$PYTHONPATH}"
exec /usr/bin/python3 "$test_file"
