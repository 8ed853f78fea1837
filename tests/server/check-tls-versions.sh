#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# oc-server over TLS speaks TLS 1.2 and 1.3 and refuses 1.0 and 1.1 (RFC 8996),
# asked by a real client (openssl s_client). Usage: check-tls-versions.sh OC-SERVER TLS-DIR
set -u
server=$1
tls=$2
if ! command -v openssl >/dev/null 2>&1; then
  echo "openssl is not installed (build-aux/deps installs it)" >&2
  exit 1
fi

out=$(mktemp)
"$server" --seed 1 --speed 0 --port 0 --tls-cert "$tls/server.pem" --tls-key "$tls/server-key.pem" \
  >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT

# Wait for the server to say where it listens.
if ! timeout 30 sh -c "until grep -q '^Listening on https://' '$out'; do sleep 0.1; done"; then
  echo "oc-server did not start:" >&2
  cat "$out" >&2
  exit 1
fi
port=$(sed -n 's#^Listening on https://[^:]*:\([0-9]*\).*#\1#p' "$out" | head -n 1)

status=0
handshake() {
  # SECLEVEL=0 so that the client itself would offer the old versions.
  echo | timeout 20 openssl s_client -connect "127.0.0.1:$port" "-$1" \
    -cipher 'DEFAULT:@SECLEVEL=0' >/dev/null 2>&1
}
for version in tls1 tls1_1; do
  if handshake $version; then
    echo "FAIL: the server accepted $version"
    status=1
  else
    echo "ok: $version refused"
  fi
done
for version in tls1_2 tls1_3; do
  if handshake $version; then
    echo "ok: $version accepted"
  else
    echo "FAIL: the server refused $version"
    status=1
  fi
done
exit $status
