#!/usr/bin/python3
"""Flaky webhook receiver for the soak test (bench/soak.sh): python3 stdlib only.

Listens on --ports loopback ports (the emulator limits posts per receiver, scheme://host:port,
so several ports spread the load) and answers each POST: 500 with probability --fail, hangs
--hang-s seconds (past the emulator's --webhook-timeout, then 200) with probability --hang,
otherwise 200. GET /stats answers the counts as JSON. Prints "listening on P1,P2,..." once
ready. Stops by itself after --max-seconds (a bound in case its parent dies).
"""
import argparse
import json
import random
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {"ok": 0, "fail": 0, "hang": 0, "bad_json": 0}

    def add(self, kind):
        with self.lock:
            self.counts[kind] += 1

    def snapshot(self):
        with self.lock:
            return dict(self.counts)


def make_handler(args, counts, rng, rng_lock):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):  # quiet: one line per webhook would flood the log
            pass

        def _reply(self, code, body=b"{}"):
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path == "/stats":
                self._reply(200, json.dumps(counts.snapshot()).encode())
            else:
                self._reply(404)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            try:
                json.loads(body or b"null")
            except ValueError:
                counts.add("bad_json")
            with rng_lock:
                roll = rng.random()
            try:
                if roll < args.fail:
                    counts.add("fail")
                    self._reply(500, b'{"error": "flaky receiver"}')
                elif roll < args.fail + args.hang:
                    counts.add("hang")
                    time.sleep(args.hang_s)
                    self._reply(200)
                else:
                    counts.add("ok")
                    self._reply(200)
            except OSError:  # the emulator gave up on a hung post and closed the socket
                self.close_connection = True

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--ports", type=int, default=3)
    p.add_argument("--fail", type=float, default=0.2)
    p.add_argument("--hang", type=float, default=0.01)
    p.add_argument("--hang-s", type=float, default=3.0)
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--max-seconds", type=float, default=7200)
    args = p.parse_args()
    counts, rng, rng_lock = Counts(), random.Random(args.seed), threading.Lock()
    handler = make_handler(args, counts, rng, rng_lock)
    servers = []
    for _ in range(args.ports):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    print("listening on " + ",".join(str(s.server_address[1]) for s in servers), flush=True)
    deadline = time.monotonic() + args.max_seconds

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while time.monotonic() < deadline:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    print("receiver counts " + json.dumps(counts.snapshot()), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
