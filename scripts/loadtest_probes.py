"""Two probes for `make loadtest` (see loadtest.sh): slow-header clients, and
a flood of sign-ins from many loopback addresses while a visitor reads
pages, with the server's peak memory read from /proc.
Usage: loadtest_probes.py BASE_URL SERVER_PID"""

import http.client
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

# 2. 1,500 sign-ins at once from 1,000 addresses (127.0.x.y, wrong
# passwords) while a visitor keeps reading pages: sign-ins have a budget of
# their own, so the visitor's pages never fail, whatever the sign-ins get
# (a refused sign-in is a 503 with Retry-After), and memory stays bounded.
statuses = {}
lock = threading.Lock()
flood_over = threading.Event()
body = urllib.parse.urlencode({"email": "someone@nhs.net", "password": "not the right password"})


def sign_in(i):
    address = f"127.0.{1 + (i % 1000) // 250}.{1 + (i % 1000) % 250}"
    try:
        connection = http.client.HTTPConnection(host, port, timeout=60, source_address=(address, 0))
        connection.request(
            "POST",
            "/staff/sign-in",
            body=body,
            headers={"Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
        )
        code = connection.getresponse().status
        connection.close()
    except Exception as error:  # noqa: BLE001 - any failure is a finding
        code = type(error).__name__
    with lock:
        statuses[code] = statuses.get(code, 0) + 1


visits = {"ok": 0, "failed": 0}


def visitor():
    paths = ["/", "/services?q=heart", "/services/cardiology", "/centres"]
    n = 0
    while not flood_over.is_set():
        try:
            status, _ = timed_get(paths[n % len(paths)])
        except Exception:  # noqa: BLE001 - any failure is a finding
            status = 0
        visits["ok" if status == 200 else "failed"] += 1
        n += 1
        time.sleep(0.02)


before = peak_rss_mb()
prober = threading.Thread(target=visitor)
prober.start()
threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(1500)]
started = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
flood_over.set()
prober.join()
after = peak_rss_mb()
print(
    f"1,500 sign-ins at once from 1,000 addresses in {time.monotonic() - started:.1f} s: "
    f"answers {dict(sorted(statuses.items(), key=str))}; a visitor's pages meanwhile: "
    f"{visits['ok']} ok, {visits['failed']} failed; server peak RSS {before:.0f} MB before, "
    f"{after:.0f} MB after (limit 200 MB)"
)
failed |= after >= 200 or visits["failed"] > 0 or visits["ok"] == 0
failed |= any(isinstance(k, str) or k not in (400, 429, 503) for k in statuses)
sys.exit(1 if failed else 0)
