"""A small, independent TC3-HMAC-SHA256 client for black-box tests of
im-plan-server: written from the published algorithm, not from our C code,
so that it also cross-checks the server's verification."""

import hashlib
import hmac
import http.client
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time

SERVICE = "im"
VERSION = "2026-11-01"


def sign_headers(secret_id, secret_key, host, action, body, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    date = time.strftime("%Y-%m-%d", time.gmtime(timestamp))
    content_type = "application/json; charset=utf-8"
    canonical_headers = f"content-type:{content_type}\nhost:{host}\n"
    canonical_request = "\n".join([
        "POST", "/", "", canonical_headers, "content-type;host",
        hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{SERVICE}/tc3_request"
    to_sign = "\n".join([
        "TC3-HMAC-SHA256", str(timestamp), scope,
        hashlib.sha256(canonical_request.encode()).hexdigest()])

    def h(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    k = h(h(h(("TC3" + secret_key).encode(), date), SERVICE), "tc3_request")
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "Host": host,
        "X-TC-Action": action,
        "X-TC-Version": VERSION,
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Region": "ap-guangzhou",
        "Authorization": (f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
                          f"SignedHeaders=content-type;host, Signature={signature}"),
    }


class ApiError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code


class Server:
    """One im-plan-server process on loopback with its own database."""

    def __init__(self, *extra, db=None):
        self.binary = os.environ["IMC_PLAN_SERVER"]
        self.dir = tempfile.mkdtemp(prefix="imc-reliability-")
        self.db = db or os.path.join(self.dir, "plan.db")
        self.extra = list(extra)
        self.proc = None
        self.port = None
        self.lock = threading.Lock()

    def start(self, listen="127.0.0.1:0"):
        proc = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--listen", listen] + self.extra,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        # Waits for the server to say it is ready (or to exit), at most 60 s.
        ready = selectors.DefaultSelector()
        ready.register(proc.stdout, selectors.EVENT_READ)
        line = proc.stdout.readline() if ready.select(timeout=60) else ""
        ready.close()
        m = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)/\n", line)
        if not m:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"server did not start: {line!r}")
        with self.lock:
            self.proc = proc
            self.port = int(m.group(1))

    def kill(self):
        with self.lock:
            proc = self.proc
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()

    def stop(self):
        with self.lock:
            proc = self.proc
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
        proc.stdout.close()
        return code

    def create_key(self, account):
        out = subprocess.run([self.binary, "create-key", "--db", self.db, "--account", account],
                             check=True, capture_output=True, text=True, timeout=60).stdout
        return json.loads(out)

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class Client:
    def __init__(self, server, key, timeout=30):
        self.server = server
        self.key = key
        self.timeout = timeout

    def call(self, action, params):
        """The Response object, or ApiError; OSError/HTTPException when the
        connection fails (the outcome is then unknown)."""
        with self.server.lock:
            port = self.server.port
        body = json.dumps(params).encode()
        headers = sign_headers(self.key["SecretId"], self.key["SecretKey"],
                               "127.0.0.1", action, body)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)
        try:
            conn.request("POST", "/", body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        if resp.status != 200:
            raise http.client.HTTPException(f"HTTP {resp.status}")
        answer = json.loads(data)["Response"]
        if "Error" in answer:
            raise ApiError(answer["Error"]["Code"], answer["Error"]["Message"])
        return answer


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=None):
        self.n += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} {name}", flush=True)
        if not cond:
            self.failed += 1
            if detail is not None:
                for line in str(detail).splitlines():
                    print(f"# {line}")

    def done(self):
        print(f"1..{self.n}", flush=True)
        return 1 if self.failed else 0
