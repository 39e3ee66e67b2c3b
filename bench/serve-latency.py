#!/usr/bin/env python3
"""Measures `advocate serve`: from a saved post to the reload event.

usage: serve-latency.py ADVOCATE_BINARY LIBRARY_ROOT [EDITS]

Starts the server on a free port against LIBRARY_ROOT, listens to its
server-sent events, then saves one post EDITS times the way editors do (a
temporary file renamed over the original) and times each save until its
`reload` event arrives. Prints p50 and p95 in milliseconds.
"""
import glob
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

binary, root = sys.argv[1], sys.argv[2]
edits = int(sys.argv[3]) if len(sys.argv) > 3 else 40
server = subprocess.Popen([binary, "--root", root, "serve", "--port", "0"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline()
    address = next(w for w in line.split() if w.startswith("http://"))[7:].rstrip("/")
    host, port = address.split(":")
    events = []
    arrived = threading.Condition()

    def listen():
        s = socket.create_connection((host, int(port)))
        s.sendall(f"GET /__advocate/events HTTP/1.1\r\nHost: {address}\r\n\r\n".encode())
        buffer = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                return
            buffer += chunk
            while b"\n" in buffer:
                row, buffer = buffer.split(b"\n", 1)
                if row.startswith(b"data: "):
                    with arrived:
                        events.append(time.perf_counter())
                        arrived.notify_all()

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(1.0)
    post = sorted(glob.glob(os.path.join(root, "library", "**", "*.md"), recursive=True))[0]
    original = open(post, encoding="utf-8").read()
    latencies = []
    try:
        for n in range(edits):
            text = original.replace("{link}", f"edit {n} {{link}}", 1)
            temporary = post + ".tmp"
            with open(temporary, "w", encoding="utf-8") as f:
                f.write(text)
            with arrived:
                seen = len(events)
                start = time.perf_counter()
                os.replace(temporary, post)
                if not arrived.wait_for(lambda: len(events) > seen, timeout=10):
                    raise SystemExit(f"no reload event after edit {n}")
                latencies.append((events[seen] - start) * 1000)
            time.sleep(0.1)
    finally:
        with open(post, "w", encoding="utf-8") as f:
            f.write(original)
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(f"{root}: {edits} saves, save → reload event p50 {p50:.1f} ms, p95 {p95:.1f} ms")
finally:
    server.terminate()
    server.wait()
