# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a translation uses two words for one thing: each rule names the
English messages it covers and the one term their translation must use (and
the ones it must not). German first (#18): handle time is "Bearbeitungszeit"
everywhere, "Live" is translated."""
import ast
import re
import sys


def entries(path):
    """(msgid, [msgstr...]) of each message of a .po file, obsolete ones left
    out; a small reader, so the test needs no module beyond Python's own."""
    found = []
    msgid, msgstrs, field = None, [], None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("#") or not line:
            continue
        m = re.match(r"(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+(\".*\")$", line)
        if m:
            key, value = m.group(1), ast.literal_eval(m.group(3))
            if key == "msgctxt" or (key == "msgid" and msgid is not None and msgstrs):
                if msgid is not None and msgstrs:
                    found.append((msgid, msgstrs))
                msgid, msgstrs = None, []
            if key == "msgid":
                msgid = value
            elif key.startswith("msgstr"):
                msgstrs.append(value)
            field = key
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if field == "msgid":
                msgid += value
            elif field is not None and field.startswith("msgstr"):
                msgstrs[-1] += value
    if msgid is not None and msgstrs:
        found.append((msgid, msgstrs))
    return [(i, s) for i, s in found if i != ""]


RULES = {
    "de": [
        # (English messages, term required, terms refused)
        (r"^Handle$|\bhandle time\b", "Bearbeitungszeit", ["Dauer"]),
        (r"^Live(,|$)", None, [r"^Live\b"]),
    ],
}

po_dir = sys.argv[1]
status = 0
for lang, rules in RULES.items():
    for msgid, msgstrs in entries("%s/%s.po" % (po_dir, lang)):
        for covers, required, refused in rules:
            if not re.search(covers, msgid, re.IGNORECASE if required else 0):
                continue
            for text in msgstrs:
                if required and required not in text:
                    print("%s.po: %r is %r, not %r" % (lang, msgid, text, required))
                    status = 1
                for word in refused:
                    if re.search(word, text):
                        print("%s.po: %r is %r, which uses %r" % (lang, msgid, text, word))
                        status = 1
if status == 0:
    print("the translations keep to their glossary")
sys.exit(status)
