#!/usr/bin/env python3
"""The Python side of scripts/bench/webhooks: a Cashfree webhook receiver on the standard library's
http.server (threaded, HTTP/1.1 keep-alive), verifying each delivery as paysh listen does: the body read
whole, Base64(HMAC-SHA256(client secret, x-webhook-timestamp + raw body)) compared in constant time, the
timestamp within 5 minutes of now, the body parsed as JSON. It stores nothing (paysh stores every one).
Usage: webhooks-receiver.py PORT SECRET"""
import base64
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
SECRET = sys.argv[2].encode()
WINDOW_MS = 5 * 60 * 1000


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without this, Nagle's algorithm and the sender's delayed
    # ACK hold each answer ~40 ms, which would measure TCP, not the receiver.
    disable_nagle_algorithm = True

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        timestamp = self.headers.get("x-webhook-timestamp", "")
        sent = self.headers.get("x-webhook-signature", "")
        expected = base64.b64encode(hmac.new(SECRET, timestamp.encode() + body, hashlib.sha256).digest()).decode()
        ok = hmac.compare_digest(expected, sent)
        try:
            ok = ok and abs(time.time() * 1000 - int(timestamp)) <= WINDOW_MS
            json.loads(body)
        except ValueError:
            ok = False
        answer = b"ok\n" if ok else b"bad\n"
        self.send_response(200 if ok else 401)
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Receiver).serve_forever()
