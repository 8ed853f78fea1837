# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the end-to-end tests: start the real app, find it over AT-SPI
the way a screen reader does, and wait for things without fixed sleeps."""
import os
import re
import subprocess
import sys
import time

os.environ.setdefault("GSK_RENDERER", "cairo")

from dogtail.config import config  # noqa: E402

config.searchBackoffDuration = 0.2
config.searchCutoffCount = 25
config.defaultDelay = 0.1
config.actionDelay = 0.2
config.typingDelay = 0.02
config.logDebugToFile = False
config.logDebugToStdOut = False

import dogtail.utils  # noqa: E402

# dogtail asks GSettings whether accessibility is on; tests run with the memory
# backend, and GTK 4 talks to the AT-SPI bus regardless, so skip that question.
dogtail.utils.checkForA11y = lambda: None

from dogtail import tree  # noqa: E402
from dogtail.rawinput import keyCombo, typeText, pressKey  # noqa: E402,F401

# dogtail's logging replaces the exception hook with one that writes the
# traceback only to its (disabled) debug log, so a test that raised exited 1
# in silence. Put Python's own back: a failure must say where it was.
sys.excepthook = sys.__excepthook__

APP_NAME = "ongoing-conversations"


def fail(message):
    print("# " + message if _quiet else "not ok - " + message)
    sys.exit(1)


_quiet = False


class expected_timeout:
    """Inside it, a wait that times out is an answer, not a failure."""

    def __enter__(self):
        global _quiet
        _quiet = True

    def __exit__(self, *exc):
        global _quiet
        _quiet = False
        return False


def stop_process(proc):
    """Ends a process a test started: asked first, killed after 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for(predicate, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # AT-SPI objects come and go while the UI updates
            last_error = e
        time.sleep(0.2)
    fail("timed out waiting for %s%s" % (what, (": %s" % last_error) if last_error else ""))


class App:
    def __init__(self, *args):
        binary = os.environ["OC_APP_BINARY"]
        env = dict(os.environ)
        self.proc = subprocess.Popen([binary] + list(args), env=env)
        self.node = wait_for(self._find, 30, "the app on the accessibility bus")
        self.focus()

    def focus(self):
        """With no window manager nobody gives the window the keyboard: do it."""
        subprocess.run(["xdotool", "search", "--sync", "--name", "^Ongoing Conversations$",
                        "windowfocus", "--sync"], check=False, timeout=20)

    def keys(self, *names):
        """Types keys as a person does (xdotool key names: Tab, space, ctrl+shift+a)."""
        subprocess.run(["xdotool", "key", "--delay", "60"] + list(names), check=True)

    def resize(self, width, height):
        """With no window manager, size the window as a person would drag it."""
        subprocess.run(["xdotool", "search", "--sync", "--name", "^Ongoing Conversations$",
                        "windowsize", "--sync", str(width), str(height)], check=False, timeout=20)

    def click(self, x, y):
        """A primary click at screen coordinates, as a mouse gives it."""
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)

    def _find(self):
        if self.proc.poll() is not None:
            fail("the app exited with %d" % self.proc.returncode)
        for a in tree.root.applications():
            if a.name == APP_NAME:
                return a
        return None

    # GTK 4.8 does not keep AT-SPI's "showing" state reliable, and a live report
    # has thousands of nodes: search narrow subtrees, never the whole app.
    def find(self, role, name=None, timeout=20.0, parent=None, showing=False):
        root = parent or self.node

        def pred(n):
            if n.roleName != role:
                return False
            if name is not None and n.name != name:
                return False
            return not showing or n.showing

        return wait_for(lambda: root.findChild(pred, retry=False, requireResult=False),
                        timeout, "%s %r" % (role, name))

    def find_all(self, role, parent=None):
        root = parent or self.node
        return root.findChildren(lambda n: n.roleName == role)

    def table_rows(self, rows_list, n=12):
        """The first @n rows of a table's list as a screen reader reads them:
        (row name, [(cell name, cell description), ...])."""
        found = []
        for row in rows_list.children[:n]:
            if row.roleName != "table row":
                continue
            cells = [(c.name, c.description) for c in row.children if c.roleName == "table cell"]
            found.append((row.name, cells))
        return found

    def shot(self, name):
        """A screenshot to look at when a test fails: /tmp/e2e-NAME.png."""
        subprocess.run(["import", "-window", "root", "/tmp/e2e-%s.png" % name], check=False)

    def report_bars(self):
        """The filter bar and the action bar, once the report shows rows."""
        filter_bar = self.find("filler", "OcFilterBar")
        action_bar = self.find("filler", "GtkActionBar")
        wait_for(lambda: [l for l in self.find_all("label", parent=filter_bar)
                          if re.fullmatch(r"([1-9][\d,]*) of [\d,]+ shown", l.name)],
                 what="rows in the report")
        return filter_bar, action_bar

    def shown(self, filter_bar):
        """The filter bar's "N of M shown" as (N, M), or None."""
        for label in self.find_all("label", parent=filter_bar):
            m = re.fullmatch(r"([\d,]+) of ([\d,]+) shown", label.name)
            if m:
                return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
        return None

    def selected(self, action_bar):
        """What the action bar says of the selection: ["Open: subject"] or []."""
        return [l.name for l in self.find_all("label", parent=action_bar)
                if re.match(r"^(Open|Active|Waiting|Wrap-up|Unknown): ", l.name)]

    def tab_into_report(self, action_bar):
        """Into the list from the search field with Tab, as a keyboard user;
        Home there selects the first row (elsewhere it does nothing harmful)."""
        self.focus()
        self.keys("ctrl+f")
        for _ in range(14):
            self.keys("Tab", "Home")
            if self.selected(action_bar):
                return
        fail("Tab never reached the report")

    def pane_around(self, transcript, role, name, levels=10):
        """The monitor pane around @transcript: its nearest ancestor that
        holds a @role named @name (Join, the whisper field, ...)."""
        pane = transcript.parent
        for _ in range(levels):
            if pane.findChild(lambda n: n.roleName == role and n.name == name,
                              retry=False, requireResult=False):
                return pane
            pane = pane.parent
        fail("no %s %r beside the transcript" % (role, name))

    def close(self):
        stop_process(self.proc)
