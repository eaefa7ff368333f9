#!/usr/bin/env python3
"""The database goes away for 20 s under load (`scripts/cluster.sh outage`).

Two servers on PostgreSQL behind nginx (cluster.sh started them). wrk asks
for public pages and searches through nginx the whole time. A member of staff
(invited with `server user invite`, password and authenticator app set up as
a person would) is signed in first. Then PostgreSQL stops for 20 s and starts
again. Passes only if:

- no public request failed during the run (wrk: no non-2xx, no socket error);
- both servers' /readyz went not-ready during the outage and ready after;
- the staff member's edit during the outage was answered 503;
- an edit made after the database returned was on both servers' pages
  within 1 s.

Environment: CLUSTER_BASE (nginx), SERVER_A and SERVER_B (each server's own
address), TEST_POSTGRES_CTL (stops and starts the cluster), DATABASE_URL.
"""

import base64
import hashlib
import hmac
import http.cookiejar
import os
import re
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ["CLUSTER_BASE"]
SERVERS = {"A": os.environ["SERVER_A"], "B": os.environ["SERVER_B"]}
PG_CTL = os.environ["TEST_POSTGRES_CTL"]
WORK = os.environ.get("CLUSTER_WORK", "/tmp")
OUTAGE_SECONDS = 20
EMAIL = "outage-check@nhs.net"
PASSWORD = "a long password for the outage check"
# A service whose page every visitor may open; the edit archives it.
SERVICE = "dermatology"


def say(text):
    print(f"outage check: {text}", flush=True)


class Browser:
    """Cookies and same-origin form posts, as a browser sends them."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def send(self, path, form=None, base=BASE):
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(base + path, data=data)
        request.add_header("Origin", BASE)
        try:
            with self.opener.open(request, timeout=10) as answer:
                return answer.status, answer.read().decode(), answer.geturl()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode(), refused.geturl()


def totp(secret, at):
    """RFC 6238: SHA-1, 6 digits, 30-second steps."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def signed_in_editor():
    """An editor invited from the command line who sets up their account."""
    invited = subprocess.run(
        ["target/release/server", "user", "invite", "--email", EMAIL, "--role", "editor"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "SITE_URL": BASE},
    ).stdout
    link = re.search(r"https?://\S+/staff/invitation/\S+", invited).group(0)
    browser = Browser()
    path = urllib.parse.urlparse(link).path
    status, _, _ = browser.send(path)
    assert status == 200, f"the invitation page answered {status}"
    status, page, _ = browser.send(path, {"new-password": PASSWORD})
    secret = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page)
    assert secret, "the authenticator page shows the secret as text"
    secret = secret.group(1).replace(" ", "")
    status, page, _ = browser.send("/staff/authenticator-app", {"code": totp(secret, time.time())})
    assert "Save your recovery codes" in page, f"enrolment answered {status}"
    status, _, _ = browser.send("/staff")
    assert status == 200, f"the staff home answered {status}"
    return browser


def version_of(browser, slug):
    """The version of `slug` its edit page shows."""
    status, page, _ = browser.send(f"/staff/services/{slug}/edit")
    assert status == 200, f"the edit page of {slug} answered {status}"
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def archive(browser, slug, version):
    """Posts "Archive" for `slug` at `version`; the answer's status."""
    status, _, _ = browser.send(f"/staff/services/{slug}/archive", {"version": version})
    return status


def ready(server):
    try:
        with urllib.request.urlopen(f"http://{server}/readyz", timeout=5) as answer:
            return answer.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_for(condition, seconds, what):
    """When `condition` first held, asked at once and every 0.1 s for `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return time.monotonic()
        if time.monotonic() >= deadline:
            sys.exit(f"outage check: FAILED: {what}")
        time.sleep(0.1)


def main():
    editor = signed_in_editor()
    say(f"{EMAIL} signed in")
    # The edit page, opened before the outage: its form is posted during it.
    version = version_of(editor, SERVICE)
    _, a_to_z, _ = Browser().send("/services")
    slugs = sorted(set(re.findall(r'href="/services/([a-z0-9-]+)"', a_to_z)) - {"cardiology"})
    assert len(slugs) > 100, "the A to Z lists every service"
    lua = os.path.join(WORK, "public.lua")
    with open(lua, "w") as script:
        script.write(
            'local paths = {"/", "/services?q=heart", "/services", "/services/cardiology",\n'
            '  "/services?q=skin&site=st-jamess", "/centres", "/hospitals",\n'
            '  "/services.json?q=eye", "/services?q=x+ray"}\n'
            "local i = 0\n"
            "request = function()\n"
            "  i = i % #paths + 1\n"
            "  return wrk.format(nil, paths[i])\n"
            "end\n"
        )
    seconds = OUTAGE_SECONDS + 15
    wrk_out = open(os.path.join(WORK, "wrk-outage.txt"), "w")
    load = subprocess.Popen(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "5s", "-s", lua, BASE],
        stdout=wrk_out, stderr=subprocess.STDOUT,
    )
    time.sleep(3)

    say(f"stopping PostgreSQL for {OUTAGE_SECONDS} s")
    subprocess.run([PG_CTL, "stop"], check=True, capture_output=True)
    stopped = time.monotonic()
    for name, server in SERVERS.items():
        wait_for(lambda: not ready(server), 10, f"server {name}'s /readyz going not-ready within 10 s")
        say(f"server {name}: /readyz not ready")
    started_write = time.monotonic()
    status = archive(editor, SERVICE, version)
    say(f"a staff edit during the outage: {status} in {time.monotonic() - started_write:.1f} s")
    assert status == 503, f"a staff edit while the database is down answered {status}, not 503"

    # Pages no one asked for before the outage are rendered now, from what
    # the servers hold in memory (not from the page cache): every service
    # page, the A to Z, searches and exports.
    fresh = [f"/services/{slug}" for slug in slugs] + [
        "/services?group=childrens", "/services?age=children", "/services?q=kidney",
        "/services.csv?q=eye", "/centres/childrens-hospital", "/centres/cancer-centre",
        "/hospitals/st-jamess",
    ]
    visitor = Browser()
    for path in fresh:
        status, _, _ = visitor.send(path)
        assert status == 200, f"{path} answered {status} while the database was down"
    say(f"{len(fresh)} pages not asked for before, rendered while the database was down")

    time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
    subprocess.run([PG_CTL, "start"], check=True, capture_output=True)
    back = time.monotonic()
    say("PostgreSQL started again")
    for name, server in SERVERS.items():
        at = wait_for(lambda: ready(server), 30, f"server {name}'s /readyz ready again within 30 s")
        say(f"server {name}: /readyz ready {at - back:.1f} s after the database")

    status = archive(editor, SERVICE, version_of(editor, SERVICE))
    assert status in (200, 303), f"the edit after the outage answered {status}"
    edited = time.monotonic()
    for name, server in SERVERS.items():
        browser = Browser()
        gone = lambda: browser.send(f"/services/{SERVICE}", base=f"http://{server}")[0] == 404
        left = 1 - (time.monotonic() - edited)
        at = wait_for(gone, max(left, 0.0), f"the edit reaching server {name} within 1 s of saving it")
        say(f"server {name}: the edit shown {1000 * (at - edited):.0f} ms after it was saved")

    load.wait()
    wrk_out.close()
    report = open(os.path.join(WORK, "wrk-outage.txt")).read()
    print(report)
    total = int(re.search(r"(\d+) requests in", report).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    non2xx = int(non2xx.group(1)) if non2xx else 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    socket = sum(map(int, socket.groups())) if socket else 0
    say(
        f"{total} public requests, {OUTAGE_SECONDS} s without the database: "
        f"non-2xx {non2xx}, socket errors {socket}"
    )
    if non2xx or socket or not total:
        sys.exit("outage check: FAILED: public requests failed while the database was down")
    say("passed")


if __name__ == "__main__":
    main()
