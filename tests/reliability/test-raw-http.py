#!/usr/bin/env python3
"""Hostile bytes on the wire, below what an HTTP client library lets one
send: header injection (CR/LF, bare CR, NUL in header values), malformed
request lines and headers, a body shorter or longer than its
Content-Length, pipelined requests, a signed request whose signed header
was smuggled in a second header line. Each gets an HTTP error or an API
error and none changes data; the server keeps answering. TAP on stdout."""

import json
import socket
import sys

from imcapi import Client, Server, Tap, sign_headers


def raw(server, data, timeout=10):
    """Sends @data on a fresh connection and returns what came back until
    the server closes it (every request here asks it to), b"" when it just
    closes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        chunks = []
        try:
            s.sendall(data)
            # Nothing more is coming: a server waiting for a promised body
            # sees the end of it.
            s.shutdown(socket.SHUT_WR)
        except OSError:
            # The server refused and closed before it read everything.
            pass
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (ConnectionResetError, socket.timeout):
            pass
    return b"".join(chunks)


def signed_request(key, extra=b"", action="DescribeApps", body=b"{}"):
    """A correctly signed read-only request, with @extra header lines."""
    headers = sign_headers(key["SecretId"], key["SecretKey"], "127.0.0.1", action, body)
    head = b"POST / HTTP/1.1\r\nConnection: close\r\n"
    for name, value in headers.items():
        head += f"{name}: {value}\r\n".encode()
    head += f"Content-Length: {len(body)}\r\n".encode()
    return head + extra + b"\r\n" + body


def status_of(answer):
    line = answer.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def response_of(answer):
    try:
        return json.loads(answer.split(b"\r\n\r\n", 1)[1])["Response"]
    except (IndexError, ValueError, KeyError):
        return None


def main():
    tap = Tap()
    server = Server("--rate-limit", "0")
    try:
        server.start()
        key = server.create_key("raw")
        client = Client(server, key)
        before = client.call("DescribeApps", {"Limit": 100})
        assert before["TotalCount"] == 0

        # Each case tries to turn a signed, read-only DescribeApps into a
        # write the key holder never signed.
        cases = [
            ("CR/LF injected into a header value",
             signed_request(key).replace(b"X-TC-Region: ap-guangzhou",
                                         b"X-TC-Region: ap-guangzhou\r\nX-TC-Action: CreateApp")),
            ("bare CR inside a header value",
             signed_request(key, b"X-TC-TraceId: a\rX-TC-Action: CreateApp\r\n")),
            ("NUL inside a header value",
             signed_request(key, b"X-TC-TraceId: a\x00X-TC-Action: CreateApp\r\n")),
            ("header line without a colon",
             signed_request(key, b"X-TC-Action CreateApp\r\n")),
            ("obsolete line folding",
             signed_request(key, b"X-TC-TraceId: a\r\n X-TC-Action: CreateApp\r\n")),
            ("a second X-TC-Action header",
             signed_request(key, b"X-TC-Action: CreateApp\r\n")),
            ("a second Host header",
             signed_request(key, b"Host: evil.example.com\r\n")),
            ("two Content-Length headers that disagree",
             signed_request(key, b"Content-Length: 3\r\n")),
            ("a body shorter than its Content-Length",
             signed_request(key)[:-1]),
            ("a request line of 100 KiB",
             b"POST /" + b"a" * 102400 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
            ("an HTTP/0.9 request", b"GET /\r\n\r\n"),
            ("not HTTP at all", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64),
            ("GET instead of POST", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
            ("a path other than /",
             signed_request(key).replace(b"POST / HTTP/1.1", b"POST /admin HTTP/1.1")),
        ]
        for name, data in cases:
            answer = raw(server, data)
            status = status_of(answer)
            response = response_of(answer)
            outcome = (response.get("Error", {}).get("Code", "ran as signed") if response
                       else f"HTTP {status}" if status else "connection closed")
            print(f"# {name}: {outcome}")
            # Refused (an HTTP error, a closed connection, an API error) or
            # run as exactly what was signed: never as an injected write.
            harmless = (status is None or status >= 400 or response is None or "Error" in response
                        or ("TotalCount" in response and "SdkAppId" not in response))
            tap.ok(harmless, f"{name}: refused or run as signed", f"status {status}: {answer[:300]!r}")

        # A smuggled second request after a complete one runs as a request
        # of its own, signed or not: the unsigned one is refused.
        first = signed_request(key).replace(b"Connection: close\r\n", b"")
        smuggled = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-TC-Action: CreateApp\r\n"
                    b"X-TC-Version: 2026-11-01\r\nContent-Type: application/json\r\nContent-Length: 19\r\n\r\n"
                    b'{"AppName": "evil"}')
        answer = raw(server, first + smuggled)
        tap.ok(b'"SdkAppId"' not in answer and (b"AuthFailure" in answer or b"MissingParameter" in answer),
               "a pipelined unsigned request is refused on its own", answer[:600])

        after = client.call("DescribeApps", {"Limit": 100})
        tap.ok(after["TotalCount"] == before["TotalCount"] and after["Apps"] == before["Apps"],
               "no hostile request changed any data", (before["TotalCount"], after["TotalCount"]))
        tap.ok(client.call("CreateApp", {"AppName": "after"})["SdkAppId"] > 0,
               "the server still serves a good request")
        tap.ok(server.stop() == 0, "the server stops cleanly")
    finally:
        server.cleanup()
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
