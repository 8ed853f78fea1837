#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source that marks strings for translation is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
set -u
top=${1:?source root}
cd "$top" || exit 1
status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort -u)
marked=$( { grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|g_dngettext|ngettext)\(' src --include='*.c';
            grep -rl 'translatable="yes"' src data --include='*.ui';
            ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null; } | sort -u)
for f in $marked; do
  if ! grep -qxF "$f" <<<"$listed"; then
    echo "missing from po/POTFILES.in: $f"
    status=1
  fi
done
for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names a file that does not exist: $f"
    status=1
  fi
done
[ $status -eq 0 ] && echo "POTFILES.in lists all $(wc -l <<<"$marked") translatable sources"
exit $status
