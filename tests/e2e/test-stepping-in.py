# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, stepping in together (#22), against a real oc-server with two
supervisors: kim (a scripted second console) monitors every flagged
conversation; sam, in the app over AT-SPI and the keyboard, shows only the
help flags, opens one in Monitor and reads that kim is already there,
whispers to the agent, lowers the flag, joins, and then finds those three
actions as his in the Audit Log window."""
import re
import subprocess
import time

from ocdogtail import App, fail, wait_for
from ocserver import Server, Watcher



def tab_to(node, most=60):
    """The keyboard to @node with Tab, as a keyboard user gets there (GTK 4.8
    does not take grabFocus over AT-SPI)."""
    app.focus()
    for _ in range(most):
        if node.focused:
            return
        app.keys("Tab")
    fail("Tab never reached %s %r" % (node.roleName, node.name))


server = Server(["sam", "kim"])
app = None
watchers = []
try:
    snapshot = server.get("kim", "/api/v1/snapshot")
    flagged = {c["id"]: c for c in snapshot["conversations"]
               if c.get("flag") and c["flag"].get("lowered_at") is None
               and c["status"] == "active" and c.get("agent_id")}
    if not flagged:
        fail("the seeded floor has no flagged active conversation")
    watchers = [Watcher(server, "kim", cid) for cid in flagged]
    print("# kim monitors the %d flagged conversations: %s" % (len(flagged), ", ".join(sorted(flagged))))

    app = App("--server", server.url, "--token-file", server.token_file("sam"))
    filter_bar, action_bar = app.report_bars()

    app.find("push button", "Only help flags", parent=filter_bar).doActionNamed("click")
    wanted = (len(flagged), len(snapshot["conversations"]))
    wait_for(lambda: app.shown(filter_bar) == wanted,
             what="the report to show only the flagged conversations (%d of %d)" % wanted)

    app.tab_into_report(action_bar)
    said = wait_for(lambda: app.selected(action_bar), what="a selected conversation")[0]
    subject = said.split(": ", 1)[1]
    ids = [cid for cid, c in flagged.items() if c["subject"] == subject]
    if len(ids) != 1:
        fail("the selected row %r is not one flagged conversation: %r" % (said, ids))
    cid = ids[0]
    print("# sam opens %s (%r) in Monitor" % (cid, subject))

    app.keys("ctrl+m")
    transcript = app.find("list", "Transcript", timeout=20)
    pane = app.pane_around(transcript, "text", "Whisper to the agent")

    here = app.find("label", "Already here: kim (monitoring)", parent=pane, timeout=20)
    print("ok - the monitor pane reads %r" % here.name)

    # Whisper, with the keyboard.
    whisper = app.find("text", "Whisper to the agent", parent=pane)
    wait_for(lambda: whisper.sensitive, what="the whisper field to take text")
    tab_to(whisper)
    text = "Offer the refund, e2e %d" % int(time.time())
    app.focus()
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)
    app.keys("Return")

    def whispered():
        for item in transcript.children:
            for n in item.findChildren(lambda n: (n.name or "").endswith(", whisper to the agent: " + text)):
                return n.name
        return None

    line = wait_for(whispered, what="the whisper in the transcript")
    if not line.startswith("Supervisor sam"):
        fail("the whisper does not read as sam's: %r" % line)
    print("ok - whispered; the transcript reads %r" % line)

    # Lower the flag.
    lower = app.find("push button", "Lower Flag", parent=pane)
    lower.doActionNamed("click")
    lowered = wait_for(lambda: [l for l in app.find_all("label", parent=pane)
                                if re.fullmatch(r"Help flag lowered by sam at .+", l.name or "")],
                       what="the flag to read as lowered by sam")[0]
    print("ok - %r" % lowered.name)

    # Join, confirmed with the keyboard.
    app.find("push button", "Join conversation", parent=pane).doActionNamed("click")
    confirm = app.find("push button", "Join Conversation", parent=pane)
    wait_for(lambda: confirm.focused and confirm.sensitive, what="the confirm button to take the keyboard")
    app.keys("space")
    app.find("text", "Message to send as supervisor", parent=pane, timeout=20)
    here = app.find("label", "Already here: kim (monitoring)", parent=pane)
    print("ok - joined")

    # The Audit Log, from the main menu (F10).
    app.focus()
    app.keys("F10")
    app.find("menu item", "Audit Log", timeout=20).doActionNamed("click")
    audit = wait_for(lambda: [w for w in app.node.children if w.name == "Audit Log"],
                     what="the Audit Log window")[0]
    table = app.find("tree table", "Audit log", parent=audit)

    def entries():
        found = []
        for row in table.findChildren(lambda n: n.roleName == "table row"):
            cells = []
            for cell in row.children:
                labels = cell.findChildren(lambda n: n.roleName == "label")
                cells.append(labels[0].name if labels else cell.name)
            found.append(cells)
        return found

    def ours():
        # Time, Supervisor, Action, Conversation, Outcome, Details
        rows = [r for r in entries() if len(r) >= 5 and r[1] == "sam" and r[3] == cid and r[4] == "Done"]
        actions = [r[2] for r in rows]
        return actions if all(a in actions for a in ("Whisper", "Lower flag", "Join")) else None

    actions = wait_for(ours, what="sam's whisper, lower flag and join on %s in the Audit Log" % cid)
    print("ok - the Audit Log lists sam's %s on %s" % (", ".join(actions), cid))
except SystemExit:
    if app:
        app.shot("stepping-in-fail")
    raise
except Exception:
    import traceback
    traceback.print_exc()
    if app:
        app.shot("stepping-in-fail")
    raise
finally:
    if app:
        app.close()
    for w in watchers:
        w.close()
    server.close()
