#!/usr/bin/env python3
"""Opens N TCP connections to 127.0.0.1:PORT, keeps them idle, prints "held N" and waits for
stdin to close. Used by net.sh to measure what an idle connection costs the guest's host."""
import socket
import sys

port, n = int(sys.argv[1]), int(sys.argv[2])
held = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    held.append(s)
print(f"held {len(held)}", flush=True)
sys.stdin.read()
