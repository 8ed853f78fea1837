# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, keyboard alone: select an open conversation, open Assign with
its shortcut, pick the best agent and confirm; the report shows it assigned."""
from ocdogtail import App, expected_timeout, fail, wait_for

app = App("--demo")


try:
    filter_bar, action_bar = app.report_bars()

    def action_bar_says():
        return app.selected(action_bar)

    # Into the list with Tab, as a keyboard user; the report lists the longest
    # waiting conversations first, and Home selects the first row.
    app.tab_into_report(action_bar)

    def dialogs():
        return [w for w in app.node.findChildren(lambda n: "Assign Conversation" in n.name,
                                                 recursive=False)]

    # Some queues have every seat taken (the dialog shows those agents but
    # will not take them; on the demo floor the voice queues, which only
    # available agents serve, often are): try the open conversations in
    # turn, as a supervisor would, until one has an agent with room. Rows
    # that are not open are passed over without counting.
    attempts = 0
    for row in range(60):
        said = wait_for(action_bar_says, what="a selected conversation")[0]
        if not said.startswith("Open: "):
            app.keys("Down")
            continue
        attempts += 1
        if attempts > 20:
            break
        subject = said[len("Open: "):]
        app.keys("ctrl+shift+a")
        # The dialog opens, or the live floor routed the row to an agent
        # between reading it and the key: then Assign no longer applies.
        wait_for(lambda: dialogs() or not [s for s in action_bar_says() if s.startswith("Open: ")],
                 what="the Assign dialog (or the row routed)")
        if not dialogs():
            print("# %r was routed before Assign; next" % subject)
            app.keys("Down")
            continue
        app.keys("Down", "Return")
        try:
            with expected_timeout():
                wait_for(lambda: not dialogs(), timeout=6, what="the dialog to close")
        except SystemExit:
            print("# %r: nobody with room first in the list; next" % subject)
            app.keys("Escape")
            wait_for(lambda: not dialogs(), what="Escape to close the dialog")
            app.focus()  # no window manager hands the focus back to the report
            app.keys("Down")
            continue
        print("# assigned %r from the keyboard" % subject)
        break
    else:
        attempts = 21
    if attempts > 20:
        fail("no open conversation could be assigned in 20 tries")

    now = wait_for(lambda: [s for s in action_bar_says() if s.endswith(": " + subject)
                            and not s.startswith("Open: ")],
                   timeout=20, what="the report to show the conversation assigned")[0]
    print("ok - assigned by keyboard alone; the report now says %r" % now)
except SystemExit:
    app.shot("assign-fail")
    raise
finally:
    app.close()
