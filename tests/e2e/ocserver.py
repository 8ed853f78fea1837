# SPDX-License-Identifier: GPL-3.0-or-later
"""A real oc-server for the end-to-end tests, and a second supervisor who
watches conversations on it: a scripted client that holds transcript
WebSockets open as another user, as a second console would."""
import base64
import hashlib
import json
import os
import re
import secrets
import socket
import struct
import subprocess
import tempfile
import threading
import urllib.request

from ocdogtail import fail, stop_process, wait_for


class Server:
    """oc-server on a free port with the users @names (all supervisors), the
    simulator paused so the floor stands still while the test reads it."""

    def __init__(self, names, *args):
        self.dir = tempfile.mkdtemp(prefix="oc-e2e-")
        self.tokens = {name: secrets.token_urlsafe(32) for name in names}
        users = os.path.join(self.dir, "users")
        with open(users, "w") as f:
            for name, token in self.tokens.items():
                f.write("%s supervisor %s\n" % (name, hashlib.sha256(token.encode()).hexdigest()))
        self.stderr = open(os.path.join(self.dir, "stderr"), "w+")
        self.proc = subprocess.Popen([os.environ["OC_SERVER_BINARY"], "--port", "0", "--users", users,
                                      "--seed", "1", "--speed", "0"] + list(args),
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        self.url = wait_for(self._url, 20, "oc-server to listen")

    def _url(self):
        if self.proc.poll() is not None:
            fail("oc-server exited with %d" % self.proc.returncode)
        with open(self.stderr.name) as f:
            m = re.search(r"Listening on (http://\S+)", f.read())
        return m.group(1).rstrip("/") if m else None

    def token_file(self, name):
        path = os.path.join(self.dir, name + ".token")
        with open(path, "w") as f:
            f.write(self.tokens[name])
        os.chmod(path, 0o600)
        return path

    def get(self, user, path):
        request = urllib.request.Request(self.url + path,
                                         headers={"Authorization": "Bearer " + self.tokens[user]})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def post(self, user, path, body=None):
        request = urllib.request.Request(self.url + path, data=json.dumps(body or {}).encode(), method="POST",
                                         headers={"Authorization": "Bearer " + self.tokens[user],
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def close(self):
        stop_process(self.proc)


class Watcher:
    """@user monitoring one conversation: its transcript socket held open
    (answering the server's pings) until close()."""

    def __init__(self, server, user, conversation_id):
        host, port = re.match(r"http://([^:/]+):(\d+)", server.url).groups()
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET /api/v1/conversations/%s/transcript HTTP/1.1\r\n"
                           "Host: %s:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                           "Authorization: Bearer %s\r\n\r\n"
                           % (conversation_id, host, port, key, server.tokens[user])).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                fail("the transcript socket of %s closed during the upgrade" % conversation_id)
            head += chunk
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status:
            fail("the transcript socket of %s was refused: %r" % (conversation_id, status))
        self.buffer = head.split(b"\r\n\r\n", 1)[1]
        self.closed = False
        self.sock.settimeout(None)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _recv(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _read(self):
        try:
            while True:
                first, second = self._recv(2)
                length = second & 0x7F
                if length == 126:
                    length = struct.unpack("!H", self._recv(2))[0]
                elif length == 127:
                    length = struct.unpack("!Q", self._recv(8))[0]
                payload = self._recv(length)
                opcode = first & 0x0F
                if opcode == 0x9:
                    self._send(0xA, payload)
                elif opcode == 0x8:
                    break
        except (EOFError, OSError):
            pass
        self.closed = True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

