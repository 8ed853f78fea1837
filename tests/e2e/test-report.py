# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, as a screen-reader user: start --demo, filter the report by a
queue, select a conversation and read its row."""
import re

from ocdogtail import App, expected_timeout, fail, wait_for

app = App("--demo")
try:
    filter_bar = app.find("filler", "OcFilterBar")
    action_bar = app.find("filler", "GtkActionBar")

    def shown():
        for label in app.find_all("label", parent=filter_bar):
            m = re.fullmatch(r"([\d,]+) of ([\d,]+) shown", label.name)
            if m:
                return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
        return None

    before, total = wait_for(lambda: (lambda s: s if s and s[1] > 0 else None)(shown()),
                             what="rows in the report")
    print("# before filtering: %d of %d shown" % (before, total))

    queue_button = app.find("push button", "Queue: All", parent=filter_bar)
    queue_button.children[0].doActionNamed("click")
    # The popover's check boxes offer no AT-SPI action in GTK 4.8 and its
    # coordinates are not screen ones: move to the choice with Tab, as a
    # keyboard user does (after "Show All"), and toggle it with Space.
    choices = wait_for(lambda: [c for c in queue_button.findChildren(
                                    lambda n: n.roleName == "check box")],
                       what="the queue choices")
    index = [i for i, c in enumerate(choices) if c.name.startswith("Billing")][0]
    choice = choices[index]
    queue_name, count = re.fullmatch(r"(.*) \(([\d,]+)\)", choice.name).groups()
    print("# choosing %s, which says it has %s" % (queue_name, count))
    app.focus()
    app.keys(*(["Tab"] * (index + 1) + ["space", "Escape"]))
    app.find("push button", "Queue: %s" % queue_name, parent=filter_bar)

    filtered = wait_for(lambda: (lambda s: s if s and s[0] < s[1] else None)(shown()),
                        what="the report to narrow")
    print("# after filtering: %d of %d shown" % filtered)

    table = app.find("tree table", "Ongoing conversations")
    rows_list = app.find("list", "GtkColumnListView", parent=table)

    def first_rows(n=5):
        # Each cell is found by the column it names ("Queue: …"), not by its
        # place, which moves when columns are added; its text is what its
        # labels show on screen.
        rows = []
        for row in rows_list.children[:n]:
            if row.roleName != "table row":
                continue
            cells, texts = {}, {}
            for c in row.children:
                if c.roleName != "table cell":
                    continue
                m = re.fullmatch(r"([^:]+): .*", c.name, re.S)
                if not m:
                    fail("a cell does not name its column: %r" % c.name)
                cells[m.group(1)] = c
                texts[m.group(1)] = " ".join(l.name for l in c.findChildren(
                                                 lambda x: x.roleName == "label"))
            for column in ("Subject", "Status", "Queue", "Created"):
                if column not in texts:
                    fail("no %s cell in %r" % (column, list(texts)))
            rows.append((cells, texts))
        return rows

    rows = wait_for(first_rows, what="rows")
    for _, texts in rows:
        if texts["Queue"] != queue_name:
            fail("a row of queue %r is shown under the %r filter: %r"
                 % (texts["Queue"], queue_name, texts))
    print("ok - the first %d rows are all in %s" % (len(rows), queue_name))

    cells, texts = rows[0]
    subject, status_word = texts["Subject"], texts["Status"]
    if status_word not in ("Open", "Active", "Waiting", "Wrap-up"):
        fail("status is not read as a word: %r" % status_word)
    # Created reads as on screen: a time, with the day when it is not today's.
    for _, row_texts in rows:
        if not re.fullmatch(r"(Yesterday )?\d{1,2}:\d{2}( [AP]M)?", row_texts["Created"]):
            fail("created is not read as a time of day: %r" % row_texts["Created"])
    print("ok - created reads as %r" % rows[0][1]["Created"])
    # The report is live: between reading a row and clicking it, its widgets
    # may be recycled for another conversation. Read, click and check again
    # until the action bar names the row that was clicked.
    def click_first_row():
        row_cells, row_texts = first_rows(1)[0]
        x, y = row_cells["Subject"].position
        w, h = row_cells["Subject"].size
        app.click(x + w // 2, y + h // 2)
        with expected_timeout():
            said = wait_for(lambda: [l.name for l in app.find_all("label", parent=action_bar)
                                     if row_texts["Subject"] in l.name],
                            timeout=4, what="the action bar to name the selection")
        return row_texts, said

    def click_until_named():
        last = None
        for _ in range(5):
            try:
                return click_first_row(), None
            except (SystemExit, Exception) as e:  # a recycled row, or a miss
                last = e
        return None, last

    clicked, why = click_until_named()
    if not clicked:
        fail("clicking a row never made the action bar name it: %r" % why)
    texts, said = clicked
    subject = texts["Subject"]
    print("# selected row reads: " + " | ".join(texts.values()))
    print("# the action bar says: " + said[0])
    print("ok - selected %r and the window says so" % subject)
finally:
    app.close()
