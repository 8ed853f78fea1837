# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end against a (fake) Dynamics 365 organisation, as a screen-reader
user with the keyboard: the header says how fresh the polled data is, the
report lists the org's conversations, and Assign on an open one explains that
it happens in the Customer Service workspace and offers to open it there."""
import os
import subprocess

from ocdogtail import App, fail, wait_for

# --still: the open conversation selected below must stay open meanwhile.
fake = subprocess.Popen([os.environ["OC_FAKE_DATAVERSE"], "e2e-token", "--still"],
                        stdout=subprocess.PIPE, text=True)
org = fake.stdout.readline().strip()
if not org.startswith("http://127.0.0.1:"):
    fail("the fake org did not start: %r" % org)
os.environ["OC_TOKEN"] = "e2e-token"
app = None


try:
    app = App("--dataverse", org)
    # The header's connection indicator (a status bar to AT-SPI) names the
    # data's age; found before the report fills the window with rows.
    header = wait_for(lambda: app.node.findChild(
                          lambda n: n.roleName == "status bar" and n.name.startswith("Updated every "),
                          retry=False, requireResult=False),
                      timeout=30, what="the header to say how fresh the data is")
    fresh = header.name
    print("# header: %r" % fresh)

    filter_bar, action_bar = app.report_bars()
    shown = [l.name for l in app.find_all("label", parent=filter_bar) if l.name.endswith(" shown")][0]
    print("# report: %s" % shown)

    # Like Microsoft's report, it starts with the supervisor's own queues (the
    # fake's supervisor is a member of Support) and says so; a supervisor who
    # wants every queue opens the queue filter and picks Show All.
    queue_button = app.find("push button", "Queue: Support", parent=filter_bar)
    if shown != "2 of 7 shown":
        fail("the report did not start with the supervisor's queue: %r" % shown)
    queue_button.children[0].doActionNamed("click")
    show_all = app.find("push button", "Show All", parent=queue_button)
    show_all.doActionNamed("click")
    app.find("push button", "Queue: All", parent=filter_bar)
    wait_for(lambda: [l for l in app.find_all("label", parent=filter_bar) if l.name == "7 of 7 shown"],
             what="every queue shown")
    app.keys("Escape")

    # The workspace is offered in the action bar, by name.
    app.find("push button", "Open in Workspace", parent=action_bar)

    # The longest wait, an open conversation, is the first row.
    app.tab_into_report(action_bar)
    said = wait_for(lambda: [s for s in app.selected(action_bar) if s.startswith("Open: ")],
                    what="an open conversation selected")[0]
    print("# selected %r" % said)

    app.keys("ctrl+shift+a")
    dialog = wait_for(lambda: [w for w in app.node.findChildren(
                                   lambda n: "Assign Conversation" in n.name, recursive=False)],
                      what="the Assign dialog")[0]
    alert = app.find("alert", parent=dialog)
    title = wait_for(lambda: [l.name for l in alert.findChildren(lambda n: n.roleName == "label")
                              if l.name == "Assign in the Dynamics 365 workspace"],
                     what="the dialog to say where assigning happens")[0]
    wait_for(lambda: [b for b in app.find_all("push button", parent=dialog)
                      if b.name == "Open in Workspace"] or
             print("# dialog buttons: %r" % [b.name for b in app.find_all("push button", parent=dialog)]),
             what="the dialog's Open in Workspace button")
    print("ok - Dynamics 365 read over AT-SPI; Assign says %r and offers the workspace" % title)
except SystemExit:
    app.shot("dataverse-fail")
    raise
finally:
    if app is not None:
        app.close()
    fake.terminate()
    fake.wait(10)
