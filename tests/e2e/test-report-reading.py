# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, as a screen reader reads the report (#18 point 3): a row is one
sentence, not "GtkListItemWidget"; a cell names its column, not
"GtkColumnViewCell"; the column titles are named and the sorted one says how;
a wait past a threshold is said in words; the Assign dialog's tabs read
without the mnemonic's underscore."""
import re

from ocdogtail import App, fail, wait_for

STATUS = r"(Open|Active|Waiting|Wrap-up|Unknown)"

app = App("--demo")
try:
    filter_bar, action_bar = app.report_bars()
    table = app.find("tree table", "Ongoing conversations")
    rows_list = app.find("list", "GtkColumnListView", parent=table)

    def rows():
        return app.table_rows(rows_list)

    def read_rows():
        # Rows are named once their cells are bound: wait for a sentence.
        found = rows()
        return found if found and all(re.match(STATUS, name) for name, _ in found) else None

    # The keyboard starts in the rows (#18 point 4), not on the summary strip.
    def focused():
        node = app.node.findChild(lambda n: n.focused, retry=False, requireResult=False)
        return node if node is not None and node.roleName in ("table row", "table cell") else None

    start = wait_for(focused, what="the focus in the report's rows")
    print("ok - the focus starts on a %s: %r" % (start.roleName, start.name))

    found = wait_for(read_rows, what="rows read as sentences")
    name, cells = found[0]
    print("# the first row reads: %r" % name)
    print("# its cells read: %r" % [c for c, _ in cells])
    for row_name, row_cells in found:
        if "GtkListItemWidget" in row_name:
            fail("a row is read by its type name: %r" % row_name)
        texts = {}
        for cell_name, _ in row_cells:
            m = re.fullmatch(r"([^:]+): (.*)", cell_name)
            if not m:
                fail("a cell does not name its column: %r" % cell_name)
            texts[m.group(1)] = m.group(2)
        for column in ("Subject", "Status", "Queue", "Channel", "Wait"):
            if column not in texts:
                fail("no %s cell in %r" % (column, list(texts)))
        if not row_name.startswith(texts["Status"]):
            fail("the row %r does not begin with its status %r" % (row_name, texts["Status"]))
        for column in ("Subject", "Queue", "Channel"):
            if texts[column] not in row_name:
                fail("the row %r does not say its %s %r" % (row_name, column, texts[column]))
    print("ok - %d rows read as sentences with their status, subject, queue and channel"
          % len(found))

    # The demo floor has conversations waiting past a threshold: the state is
    # in words in the row's sentence and the Wait cell's description.
    def over_threshold():
        for row_name, row_cells in rows():
            m = re.search(r"over the (warning|critical) wait", row_name)
            if m:
                wait = [d for c, d in row_cells if c.startswith("Wait: ")]
                return row_name, m.group(1), wait[0] if wait else ""
        return None

    row_name, level, wait_description = wait_for(over_threshold, timeout=60,
                                                 what="a row waiting past a threshold")
    if wait_description != "Waiting past the %s threshold" % level:
        fail("the Wait cell of %r describes itself as %r" % (row_name, wait_description))
    print("ok - a %s wait is read: %r, its cell described as %r"
          % (level, row_name, wait_description))

    titles = {}
    header = table.children[0]
    for title in header.children:
        titles[title.name] = title.description
    for column in ("Subject", "Status", "Agent", "Queue", "Channel", "Wait"):
        if column not in titles:
            fail("no column title named %r among %r" % (column, list(titles)))
    if not titles["Wait"].startswith("Sorted by wait"):
        fail("the sorted Wait column says %r" % titles["Wait"])
    print("ok - the titles are named; Wait says %r" % titles["Wait"])

    # Clicking the Watching title sorts by who watches (#22), and says so;
    # wide enough that the last column is on screen.
    app.resize(1900, 1000)
    watching = [t for t in header.children if t.name == "Watching"][0]
    wait_for(lambda: watching.position[0] + watching.size[0] < 1900 and watching.size[0] > 0,
             what="the Watching title on screen")
    x, y = watching.position
    w, h = watching.size
    app.click(x + w // 2, y + h // 2)
    said = wait_for(lambda: (lambda d: d if d.startswith("Sorted by watching") else None)(
                        watching.description), what="the Watching column to sort")
    print("ok - clicking Watching sorts by it: %r" % said)

    # The tabs of the Assign dialog.
    app.tab_into_report(action_bar)
    for _ in range(60):
        said = wait_for(lambda: app.selected(action_bar), what="a selected conversation")[0]
        if said.startswith("Open: "):
            break
        app.keys("Down")
    else:
        fail("no open conversation in the report")
    app.keys("ctrl+shift+a")
    dialog = wait_for(lambda: [w for w in app.node.findChildren(
                                   lambda n: "Assign Conversation" in n.name, recursive=False)],
                      what="the Assign dialog")[0]
    tabs = wait_for(lambda: [t.name for t in dialog.findChildren(
                                 lambda n: n.roleName == "page tab")], what="the dialog's tabs")
    print("# the Assign dialog's tabs read %r" % tabs)
    if tabs != ["To an Agent", "To a Queue"]:
        fail("the tabs read %r" % tabs)
    print("ok - the tabs read without underscores")
except SystemExit:
    app.shot("report-reading-fail")
    raise
finally:
    app.close()
