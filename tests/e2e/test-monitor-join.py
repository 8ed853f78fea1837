# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, keyboard and screen reader: on the demo floor, select an active
conversation, open Monitor with Ctrl+M, read the transcript's messages over
AT-SPI, then Join, confirm, write a message and see it arrive in the
transcript as the supervisor's."""
import re
import subprocess
import time

from ocdogtail import App, fail, wait_for

app = App("--demo")


try:
    filter_bar, action_bar = app.report_bars()

    def selected():
        return app.selected(action_bar)

    app.tab_into_report(action_bar)
    # Down to an active conversation: those have an agent to watch.
    for _ in range(60):
        said = wait_for(selected, what="a selected conversation")[0]
        if said.startswith("Active: "):
            break
        app.keys("Down")
    else:
        fail("no active conversation in the first 60 rows")
    subject = said[len("Active: "):]
    print("# monitoring %r" % subject)

    app.keys("ctrl+m")
    transcript = app.find("list", "Transcript", timeout=20)

    def messages():
        names = []
        for item in transcript.children:
            names += [n.name for n in item.findChildren(lambda n: re.match(
                r"^(Customer|Agent|Bot|Supervisor|System) ", n.name or "") is not None)]
        return names

    history = wait_for(messages, what="the transcript's messages")
    print("# %d messages read, the last: %r" % (len(history), history[-1]))

    # The pane around the transcript: the nearest ancestor holding Join.
    pane = app.pane_around(transcript, "push button", "Join conversation")
    join = app.find("push button", "Join conversation", parent=pane)
    join.doActionNamed("click")
    confirm = app.find("push button", "Join Conversation", parent=pane)
    # The confirm bar is always in the tree, hidden; it takes the keyboard
    # once Join asked. Clicked before that, the click would be refused.
    wait_for(lambda: confirm.focused and confirm.sensitive,
             what="the confirm button to take the keyboard")
    # As a keyboard user confirms: the focused button, with Space.
    app.keys("space")
    entry = app.find("text", "Message to send as supervisor", parent=pane, timeout=20)

    text = "Supervisor here, e2e %d" % int(time.time())
    # Joining puts the keyboard in the composer.
    wait_for(lambda: entry.focused, what="the composer to have the keyboard")
    app.focus()
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)
    app.keys("Return")
    arrived = wait_for(lambda: [m for m in messages() if m.startswith("Supervisor ") and m.endswith(": " + text)],
                       timeout=20, what="our message in the transcript")[0]
    print("ok - joined %r by keyboard and AT-SPI; the transcript reads %r" % (subject, arrived))
except SystemExit:
    app.shot("monitor-join-fail")
    raise
except Exception:
    # dogtail's hooks can swallow a traceback: print it before leaving.
    import traceback
    traceback.print_exc()
    app.shot("monitor-join-fail")
    raise
finally:
    app.close()
