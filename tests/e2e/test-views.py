# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, as a keyboard and screen-reader user: start --demo, search,
save that as a named view from the header bar's Views menu, clear it, and
get it back with Ctrl+1 (#21)."""
from ocdogtail import App, wait_for

app = App("--demo")
try:
    filter_bar, action_bar = app.report_bars()

    def narrowed():
        s = app.shown(filter_bar)
        return s if s and s[0] < s[1] else None

    def everything():
        s = app.shown(filter_bar)
        return s if s and s[0] == s[1] else None

    app.focus()
    app.keys("ctrl+f")
    app.keys(*list("Refund"))
    searched = wait_for(narrowed, what="the search to narrow the report")
    print("# searching Refund: %d of %d shown" % searched)

    views = app.find("push button", "Saved views")
    views.children[0].doActionNamed("click")
    item = app.find("menu item", "Save View…")
    print("# the Views menu offers %r" % item.name)
    item.doActionNamed("click")
    dialog = wait_for(lambda: [a for a in app.node.children if a.roleName in ("dialog", "alert")] or None,
                      what="the Save View dialog")[0]
    app.find("text", "View name", parent=dialog)
    print("# the dialog says: %r" % [l.name for l in dialog.findChildren(lambda n: n.roleName == "label")][:2])
    app.keys(*list("Refunds"), "Return")
    # The button shows the view on screen; its accessible name stays "Saved views".
    wait_for(lambda: [l for l in views.findChildren(lambda n: n.roleName == "label") if l.name == "Refunds"],
             what="the Views button to show the saved view")
    print("ok - saved the view 'Refunds' through the Views menu")

    app.focus()
    app.keys("ctrl+f", "ctrl+a", "BackSpace")
    wait_for(everything, what="the report to show everything again")
    wait_for(lambda: [l for l in views.findChildren(lambda n: n.roleName == "label") if l.name == "Views"],
             what="the Views button to show no view")
    app.keys("Escape")
    app.keys("ctrl+1")
    again = wait_for(narrowed, what="Ctrl+1 to bring the search back")
    wait_for(lambda: [l for l in views.findChildren(lambda n: n.roleName == "label") if l.name == "Refunds"],
             what="the Views button to name the view again")
    print("ok - Ctrl+1 brings the view back: %d of %d shown" % again)
finally:
    app.close()
