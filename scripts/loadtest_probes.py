"""Two probes for `make loadtest` (see loadtest.sh): slow-header clients, and
a burst of sign-ins from one address with the server's peak memory read
from /proc. Usage: loadtest_probes.py BASE_URL SERVER_PID"""

import socket
import sys
import threading
import time
import urllib.parse
import urllib.request

base, pid = sys.argv[1], int(sys.argv[2])
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
failed = False


def peak_rss_mb():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def timed_get(path):
    started = time.monotonic()
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        answer.read()
        status = answer.status
    return status, time.monotonic() - started


# 1. 500 connections that send part of their headers and then wait.
slow = []
for _ in range(500):
    s = socket.create_connection((host, port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    slow.append(s)
times = []
for path in ["/healthz", "/", "/services?q=heart"] * 5:
    status, seconds = timed_get(path)
    times.append(seconds)
    if status != 200:
        failed = True
worst = max(times)
print(f"500 slow-header connections open: 15 normal requests, slowest {worst * 1000:.0f} ms (limit 1000 ms)")
failed |= worst >= 1.0
for s in slow:
    s.close()

# 2. 200 sign-ins at once from one address (wrong passwords).
statuses = {}
lock = threading.Lock()
body = urllib.parse.urlencode({"email": "someone@nhs.net", "password": "not the right password"}).encode()


def sign_in(i):
    request = urllib.request.Request(
        base + "/staff/sign-in",
        data=body,
        headers={"Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            code = answer.status
    except urllib.error.HTTPError as error:
        code = error.code
    except Exception as error:  # noqa: BLE001 - any failure is a finding
        code = type(error).__name__
    with lock:
        statuses[code] = statuses.get(code, 0) + 1


before = peak_rss_mb()
threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(200)]
started = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
after = peak_rss_mb()
print(
    f"200 sign-ins at once from one address in {time.monotonic() - started:.1f} s: answers {statuses}; "
    f"server peak RSS {before:.0f} MB before, {after:.0f} MB after (limit 200 MB)"
)
failed |= after >= 200 or any(isinstance(k, str) or k >= 500 for k in statuses)
sys.exit(1 if failed else 0)
