#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: valid JSON indented by 4 spaces, the app id,
the current stable GNOME runtime, the sandbox we promise (network, Wayland
with X11 fallback, no home), a last module that builds this project with
meson without its tests, and oc-server shipped (not cleaned up)."""
import json
import sys

# The current stable GNOME runtime (GNOME 51, September 2026); 47 to 50 are
# end-of-life or will be first. Raise it when a new GNOME is released.
CURRENT_GNOME = 51

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    text = f.read()
m = json.loads(text)

errors = []
def expect(cond, msg):
    if not cond:
        errors.append(msg)

expect(m.get("id") == "org.example.OngoingConversations", "id must be the app id")
expect(m.get("runtime") == "org.gnome.Platform", "runtime must be org.gnome.Platform")
expect(m.get("sdk") == "org.gnome.Sdk", "sdk must be org.gnome.Sdk")
expect(str(m.get("runtime-version", "")).isdigit() and int(m["runtime-version"]) >= CURRENT_GNOME,
       "runtime-version must be the current stable GNOME runtime (%d or later)" % CURRENT_GNOME)
expect(text == json.dumps(m, indent=4, ensure_ascii=False) + "\n",
       "the manifest must be JSON indented by 4 spaces (python3 -m json.tool --indent 4)")
for pattern in m.get("cleanup", []):
    expect(not any(word in pattern for word in ("/bin", "oc-server")),
           "cleanup must keep bin/oc-server, which ships on purpose: " + pattern)
expect(m.get("command") == "ongoing-conversations", "command must be ongoing-conversations")
args = m.get("finish-args", [])
for needed in ["--share=network", "--socket=wayland", "--socket=fallback-x11",
               "--share=ipc", "--device=dri"]:
    expect(needed in args, "finish-args lacks " + needed)
for banned in ["--filesystem=home", "--filesystem=host", "--socket=x11",
               "--talk-name=org.freedesktop.secrets"]:
    expect(banned not in args, "finish-args must not have " + banned)
mods = m.get("modules", [])
expect(len(mods) >= 1, "no modules")
if mods:
    last = mods[-1]
    expect(isinstance(last, dict) and last.get("name") == "ongoing-conversations",
           "the last module must be ongoing-conversations")
    expect(last.get("buildsystem") == "meson", "the app builds with meson")
    srcs = last.get("sources", [])
    expect(any(s.get("type") in ("dir", "git") for s in srcs), "the app module needs a dir or git source")
    expect("-Dtests=false" in last.get("config-opts", []),
           "the app module must build without tests and benchmarks (-Dtests=false)")
names = [x.get("name") for x in mods if isinstance(x, dict)]
expect(len(names) == len(set(names)), "module names repeat")

if errors:
    for e in errors:
        print("manifest: " + e)
    sys.exit(1)
print("manifest ok: %d modules, %d finish-args" % (len(mods), len(args)))
