#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a translation in po/LINGUAS does not compile cleanly (format
# specifiers, plural forms, header, mnemonics) or has an untranslated or fuzzy
# message. Then says, without failing, which strings of the sources no
# translation covers yet: other work may add strings before the .po catches up.
set -u
top=${1:?source root}
cd "$top/po" || exit 1
status=0
for lang in $(sed -e 's/#.*//' LINGUAS); do
  if ! out=$(LC_ALL=C msgfmt --check --check-accelerators=_ --statistics -o /dev/null "$lang.po" 2>&1); then
    echo "$lang.po: msgfmt --check failed:"
    echo "$out"
    status=1
    continue
  fi
  echo "$lang.po: $out"
  # msgfmt only mentions the kinds it found: "N translated messages, M fuzzy
  # translations, K untranslated messages."
  if grep -qE 'fuzzy|untranslated' <<<"$out"; then
    msgattrib --only-fuzzy --no-obsolete "$lang.po" | grep '^msgid' | sed "s/^/$lang.po: fuzzy: /"
    msgattrib --untranslated --no-obsolete "$lang.po" | grep '^msgid' | sed "s/^/$lang.po: untranslated: /"
    status=1
  fi
done

if command -v xgettext >/dev/null && command -v msgcmp >/dev/null; then
  tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
  # The keywords of meson's "glib" preset.
  if xgettext --from-code=UTF-8 --add-comments -D "$top" -f POTFILES.in -o "$tmp/fresh.pot" \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
       --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
       --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format 2>/dev/null; then
    for lang in $(sed -e 's/#.*//' LINGUAS); do
      missing=$(msgcmp --use-untranslated "$lang.po" "$tmp/fresh.pot" 2>&1 | grep -c 'this message is used but not defined')
      [ "$missing" -gt 0 ] && echo "note: $lang.po lacks $missing message(s) of the sources; run meson compile -C _build ongoing-conversations-update-po"
    done
  fi
fi
exit $status
