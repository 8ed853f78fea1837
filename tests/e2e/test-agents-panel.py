# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, as a screen-reader user: Alt+2 shows the agents (#21); a row
reads as a sentence (name, presence, capacity in use, conversations) and a
cell names its column; Enter on an agent shows the report with only their
conversations."""
import re

from ocdogtail import App, fail, wait_for

PRESENCE = r"(Available|Busy|Do not disturb|Away|Offline|Unknown)"

app = App("--demo")
try:
    filter_bar, action_bar = app.report_bars()
    app.focus()
    app.keys("alt+2")

    table = app.find("tree table", "Agents")
    rows_list = app.find("list", "GtkColumnListView", parent=table)

    def rows():
        return [(name, [cell for cell, _ in cells]) for name, cells in app.table_rows(rows_list)]

    def read_rows():
        found = rows()
        return found if found and all(re.search(r"\d+ of \d+ in use", name) for name, _ in found) else None

    found = wait_for(read_rows, what="agent rows read as sentences")
    print("# the first agent row reads: %r" % found[0][0])
    print("# its cells read: %r" % found[0][1])
    held_row = None
    for index, (row_name, cells) in enumerate(found):
        texts = {}
        for cell in cells:
            m = re.fullmatch(r"([^:]+): (.*)", cell)
            if not m:
                fail("an agent cell does not name its column: %r" % cell)
            texts[m.group(1)] = m.group(2)
        for column in ("Agent", "Presence", "Capacity", "Conversations", "Longest Handle", "Queues", "Skills"):
            if column not in texts:
                fail("no %s cell in %r" % (column, list(texts)))
        if not row_name.startswith(texts["Agent"] + ", "):
            fail("the row %r does not begin with the agent's name %r" % (row_name, texts["Agent"]))
        if not re.search(", " + PRESENCE, row_name):
            fail("the row %r does not say the presence" % row_name)
        if held_row is None and texts["Conversations"] != "0":
            held_row = (texts["Agent"], int(texts["Conversations"].split()[0]), index)
    print("ok - %d agent rows read as sentences with name, presence and capacity" % len(found))
    if held_row is None:
        fail("no agent of the first rows holds a conversation")

    # The keyboard: Home, down the rows to that agent, Enter shows their
    # conversations.
    name, held, index = held_row
    app.focus()
    app.keys("Home", *(["Down"] * index), "Return")

    agent_button = app.find("push button", "Agent: %s" % name, parent=filter_bar, timeout=20)

    def shown():
        for label in app.find_all("label", parent=filter_bar):
            m = re.fullmatch(r"([\d,]+) of ([\d,]+) shown", label.name)
            if m:
                return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
        return None

    # The floor moves on meanwhile: their conversations, a few of all.
    count = wait_for(lambda: (lambda s: s[0] if s and 0 < s[0] < s[1] else None)(shown()),
                     what="the report filtered to %s" % name)
    print("ok - Enter on %s shows the report filtered to them: %d shown (they held %d)" % (name, count, held))
except SystemExit:
    app.shot("agents-panel-fail")
    raise
finally:
    app.close()
