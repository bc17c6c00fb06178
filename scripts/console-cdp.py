#!/usr/bin/env python3
"""Loads console pages in headless Chromium with an API token and screenshots each one.

Talks to Chromium over the DevTools protocol (a minimal WebSocket client, standard library only):
every request carries `Authorization: Bearer TOKEN` (Network.setExtraHTTPHeaders), so the pages are
seen exactly as a signed-in browser sees them. Per page it records the HTTP status, the
Content-Security-Policy header, whether any script ran (window.__vigil_pwned, set by the hostile
test strings if they ever executed) and CSP violations reported on the console; it exits 1 when a
page fails to load, a script ran, or the CSP is missing.

usage: console-cdp.py DEVTOOLS_PORT BASE_URL TOKEN OUT_DIR PATH...
"""
import base64, json, os, socket, struct, sys, time, urllib.request

class WS:
    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, path = url[5:].split("/", 1)
        host, port = hostport.split(":")
        self.s = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.s.recv(1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.next_id = 0

    def _recv_exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.s.recv(n - len(out))
            if not chunk: raise EOFError
            out += chunk
        return out

    def send(self, obj):
        data = json.dumps(obj).encode()
        head = bytes([0x81])
        n = len(data)
        if n < 126: head += bytes([0x80 | n])
        elif n < 65536: head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else: head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7f
            if n == 126: n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127: n = struct.unpack(">Q", self._recv_exact(8))[0]
            payload = self._recv_exact(n)
            if b0 & 0x0f == 0x9: continue  # ping
            message += payload
            if b0 & 0x80: return json.loads(message)

    def call(self, method, params=None, events=None):
        self.next_id += 1
        my = self.next_id
        self.send({"id": my, "method": method, "params": params or {}})
        while True:
            m = self.recv()
            if m.get("id") == my:
                if "error" in m: raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            if events is not None: events.append(m)

def main():
    port, base, token, out_dir, *paths = sys.argv[1:]
    os.makedirs(out_dir, exist_ok=True)
    for _ in range(100):
        try:
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
            page = next(t for t in targets if t["type"] == "page")
            break
        except Exception:
            time.sleep(0.2)
    else:
        sys.exit("chromium's DevTools endpoint did not answer")
    ws = WS(page["webSocketDebuggerUrl"])
    events = []
    ws.call("Network.enable", events=events)
    ws.call("Page.enable", events=events)
    ws.call("Runtime.enable", events=events)
    ws.call("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Bearer {token}"}}, events=events)
    ws.call("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, events=events)
    failures = 0
    for path in paths:
        events.clear()
        ws.call("Page.navigate", {"url": base + path}, events=events)
        deadline = time.time() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in events) and time.time() < deadline:
            events.append(ws.recv())
        doc = next((e["params"]["response"] for e in events if e.get("method") == "Network.responseReceived"
                    and e["params"].get("type") == "Document"), None)
        status = doc["status"] if doc else None
        headers = {k.lower(): v for k, v in (doc or {}).get("headers", {}).items()}
        pwned = ws.call("Runtime.evaluate", {"expression": "String(window.__vigil_pwned === true)", "returnByValue": True},
                        events=events)["result"]["value"]
        violations = [e for e in events if e.get("method") in ("Runtime.consoleAPICalled", "Log.entryAdded")
                      and "Content Security Policy" in json.dumps(e)]
        ws.call("Page.stopLoading", events=events)
        shot = ws.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, events=events)["data"]
        name = (path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-") or "overview")[:80] + ".png"
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(base64.b64decode(shot))
        ok = status == 200 and pwned == "false" and "content-security-policy" in headers
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {status} {path} -> {name}" + (" SCRIPT RAN" if pwned != "false" else "")
              + ("" if "content-security-policy" in headers else " NO CSP") + (f" ({len(violations)} CSP report(s))" if violations else ""))
    print(f"{len(paths) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
