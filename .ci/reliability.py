#!/usr/bin/env python3
"""Crash-durability and bounded-load checks against the built API, over loopback only (stdlib only).

  reliability.py crash   start the server on a fresh SQLite file, run concurrent submitters, kill -9 the server
                         mid-stream, restart it, and check that every batch that got a 201 is there in full with its
                         revisions and receipt, that no batch is there in part, and that refused batches left nothing.
  reliability.py load    a mixed read/write run; ends with zero 5xx and a history whose counts match the accepted
                         requests.

Both print what they measured and exit non-zero on the first broken guarantee. Settings come from the
environment (see the ARGS below); every loop is bounded in time and count, and the server is always stopped.
"""
import argparse
import collections
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Keys written by the runs: flows whose min is 0, so any whole number is valid whatever the indicator's decimals;
# districts and the city, valid in 2021; periods that have started.
INDICATORS = ["INDUSTRIAL_OUTPUT", "RETAIL_SALES", "TOURIST_ARRIVALS", "BUDGET_REVENUE", "INVESTMENT_PROJECTS"]
UNITS = ["TQ-TP", "TQ-SD", "TQ-YS", "TQ-HY", "TQ-CH", "TQ-NH", "TQ-LB"]
PERIODS = [f"2021-M{m:02d}" for m in range(1, 13)] + [f"2022-Q{q}" for q in range(1, 5)]
KEYSPACE = [(i, u, p) for i in INDICATORS for u in UNITS for p in PERIODS]


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def fail(message):
    log("FAILED:", message)
    raise SystemExit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The built API run as `dotnet <dll>` (not `dotnet run`, which forks), in Production, on a loopback port."""

    def __init__(self, dll, data_dir, port, extra, log_path):
        self.dll, self.data_dir, self.port, self.extra, self.log_path = dll, data_dir, port, extra, log_path
        self.process = None
        self.env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")

    def command(self, *args):
        """Runs a command of the service's executable against the data directory; returns its stdout."""
        result = subprocess.run(["dotnet", self.dll, *args, f"--Database:DataDirectory={self.data_dir}"],
                                env=self.env, cwd=os.path.dirname(self.dll), capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            fail(f"command {args} exited {result.returncode}: {result.stderr[-2000:]}")
        return result.stdout

    def start(self):
        out = open(self.log_path, "a")
        out.write(f"\n==== start {time.strftime('%H:%M:%S')}\n")
        out.flush()
        self.process = subprocess.Popen(
            ["dotnet", self.dll, f"--Database:DataDirectory={self.data_dir}", "--urls", f"http://127.0.0.1:{self.port}", *self.extra],
            env=self.env, cwd=os.path.dirname(self.dll), stdout=out, stderr=subprocess.STDOUT)  # as deployed: appsettings.json beside the dll
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.process.poll() is not None:
                fail(f"the server exited {self.process.returncode} at start; see {self.log_path}")
            try:
                status, _, _ = request(self.port, "GET", "/health/ready", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        fail("the server did not become ready within 90 s")

    def kill9(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


def request(port, method, path, body=None, key=None, headers=None, timeout=30, connection=None):
    """One HTTP request; returns (status, headers, parsed JSON or text). Raises OSError on a broken connection."""
    own = connection is None
    c = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        h = {"Accept": "application/json"}
        if key:
            h["X-Api-Key"] = key
        if body is not None:
            h["Content-Type"] = "application/json"
            body = json.dumps(body).encode()
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        raw = r.read()
        text = raw.decode("utf-8", "replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return r.status, dict(r.getheaders()), parsed
    except (http.client.HTTPException, OSError) as e:
        if not own:
            c.close()
        raise OSError(str(e)) from e
    finally:
        if own:
            c.close()


def prepare(args, name):
    """A fresh data directory, seeded, with keys; returns (server, keys by name)."""
    dll = os.path.join(ROOT, "Indicators.Api", "bin", args.configuration, "net10.0", "Indicators.Api.dll")
    if not os.path.exists(dll):
        fail(f"{dll} is missing: build first (dotnet build Indicators.Api)")
    data_dir = tempfile.mkdtemp(prefix=f"indicators-{name}-")
    extra = [f"--RateLimit:PermitsPerMinute={args.permits}"]
    server = Server(dll, data_dir, free_port(), extra, os.path.join(args.out, f"{name}-server.log"))
    open(server.log_path, "w").close()
    log(f"data directory {data_dir}; seeding and creating keys")
    server.command("seed")
    keys = {}
    for key_name, unit, role in args.keys:
        keys[key_name] = server.command("keys", "create", "--org-unit", unit, "--role", role, "--name", key_name).strip().splitlines()[-1]
    return server, keys


def open_db(server):
    c = sqlite3.connect(f"file:{os.path.join(server.data_dir, 'indicators.db')}?mode=ro", uri=True, timeout=30)
    c.row_factory = sqlite3.Row
    return c


def check_history_is_consistent(db):
    """Every key's current row is its newest revision, and revisions run 1..n without a gap."""
    revisions = collections.defaultdict(list)
    for r in db.execute("SELECT indicator, org_unit, period, revision, value, status, note FROM actual_revisions"):
        revisions[(r["indicator"], r["org_unit"], r["period"])].append(r)
    current = {(r["indicator"], r["org_unit"], r["period"]): r for r in
               db.execute("SELECT indicator, org_unit, period, revision, value, status, note FROM actual_values")}
    if set(current) != set(revisions):
        fail(f"keys with revisions and keys with a current value differ: {len(set(current) ^ set(revisions))} keys")
    for key, revs in revisions.items():
        numbers = sorted(r["revision"] for r in revs)
        if numbers != list(range(1, len(numbers) + 1)):
            fail(f"{key}: revisions {numbers} are not 1..{len(numbers)}")
        newest = max(revs, key=lambda r: r["revision"])
        now = current[key]
        if (now["revision"], now["value"], now["status"], now["note"]) != (newest["revision"], newest["value"], newest["status"], newest["note"]):
            fail(f"{key}: the current row {dict(now)} is not the newest revision {dict(newest)}")
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        fail(f"integrity_check: {integrity}")
    return sum(len(v) for v in revisions.values())


class Batch:
    def __init__(self, tag, key_name, items):
        self.tag, self.key_name, self.items = tag, key_name, items
        self.status = None  # None: no answer (the server died under it)
        self.receipt = None
        self.replayed = False
        self.round = None


def make_batch(tag, key_name, rng, size):
    chosen = rng.sample(KEYSPACE, size)
    items = [{"indicator": i, "orgUnit": u, "period": p, "value": rng.randint(0, 10**9), "status": rng.choice(["estimate", "preliminary", "official"]), "note": tag}
             for (i, u, p) in chosen]
    return Batch(tag, key_name, items)


def submit(port, batch, key, connection, idempotency_key=None):
    try:
        status, headers, body = request(port, "POST", "/api/v1/submissions", {"values": batch.items}, key=key, connection=connection,
                                        headers={"Idempotency-Key": idempotency_key} if idempotency_key else None)
    except OSError:
        return False
    batch.status = status
    batch.replayed = headers.get("Idempotent-Replayed") == "true"
    if status == 201:
        batch.receipt = body
    return True


def retry_after_restart(server, keys, batches, round_no):
    """The client's side of a crash: a batch that got no answer is sent again with its Idempotency-Key. One that was
    committed is answered with its original receipt (replayed); one that was not is written now, or answered 409
    while the dead process's claim is fresh. An acknowledged batch sent again is replayed, never written twice."""
    outcomes = collections.Counter()
    db = open_db(server)
    try:
        committed = {r[0] for r in db.execute("SELECT DISTINCT note FROM actual_revisions WHERE note LIKE ?", (f"%-{round_no}-%",))}
    finally:
        db.close()
    for b in [b for b in batches if b.status is None and b.round == round_no]:
        was_committed = b.tag in committed
        retry = Batch(b.tag, b.key_name, b.items)
        if not submit(server.port, retry, keys[b.key_name], None, idempotency_key=b.tag):
            fail(f"retrying {b.tag} after the restart lost its connection")
        if was_committed and not (retry.status == 201 and retry.replayed):
            fail(f"{b.tag} was committed before the crash, but its retry answered {retry.status} (replayed: {retry.replayed})")
        if not was_committed and retry.status not in (201, 409):
            fail(f"{b.tag} was not committed before the crash; its retry answered {retry.status}")
        if retry.status == 201:
            b.status, b.receipt = 201, retry.receipt
        outcomes["replayed" if retry.replayed else f"retry {retry.status}"] += 1
    for b in [b for b in batches if b.status == 201 and b.round == round_no][:10]:
        again = Batch(b.tag, b.key_name, b.items)
        if not submit(server.port, again, keys[b.key_name], None, idempotency_key=b.tag):
            fail(f"re-sending {b.tag} lost its connection")
        if again.status != 201 or not again.replayed or again.receipt["id"] != b.receipt["id"]:
            fail(f"re-sending the acknowledged {b.tag} answered {again.status} (replayed: {again.replayed}), not its receipt")
        outcomes["acknowledged re-sent, replayed"] += 1
    return outcomes


def verify_batches(server, keys, batches, prefix):
    """Each acknowledged batch is present in full with its receipt; each refused one left nothing; none is partial."""
    db = open_db(server)
    try:
        total_revisions = check_history_is_consistent(db)
        by_note = collections.defaultdict(list)
        for r in db.execute("SELECT indicator, org_unit, period, value, status, note FROM actual_revisions WHERE note LIKE ?", (prefix + "%",)):
            by_note[r["note"]].append(r)
        key_ids = [k.split(".")[0][3:] for k in keys.values()]
        receipts = {r["id"]: r for r in db.execute(
            f"SELECT id, received, created, updated, unchanged FROM submissions WHERE api_key_id IN ({','.join('?' * len(key_ids))})", key_ids)}
    finally:
        db.close()

    counts = collections.Counter()
    unknown_present = 0
    for b in batches:
        found = by_note.pop(b.tag, [])
        expected = {(i["indicator"], i["orgUnit"], i["period"], str(i["value"]), i["status"]) for i in b.items}
        got = {(r["indicator"], r["org_unit"], r["period"], r["value"], r["status"]) for r in found}
        if b.status == 201:
            counts["acknowledged"] += 1
            if got != expected or len(found) != len(b.items):
                fail(f"batch {b.tag} was acknowledged (201) but {len(found)} of its {len(b.items)} revisions are stored")
            receipt = receipts.get(b.receipt["id"])
            if receipt is None or receipt["received"] != len(b.items) or receipt["created"] + receipt["updated"] != len(b.items):
                fail(f"batch {b.tag}: receipt {b.receipt['id']} missing or wrong: {dict(receipt) if receipt else None}")
        elif b.status is None:
            counts["unanswered"] += 1
            if found and got != expected:
                fail(f"batch {b.tag} (no answer: the server died under it) is stored in part: {len(found)} of {len(b.items)}")
            if found:
                unknown_present += 1
        else:
            counts[f"refused {b.status}"] += 1
            if found:
                fail(f"batch {b.tag} was refused ({b.status}) but {len(found)} of its revisions are stored")
    if by_note:
        fail(f"revisions of batches never sent: {sorted(by_note)[:5]}")
    if len(receipts) != counts["acknowledged"] + unknown_present:
        fail(f"{len(receipts)} receipts stored for {counts['acknowledged']} acknowledged and {unknown_present} unanswered-but-committed batches")
    return counts, unknown_present, total_revisions


def api_spot_checks(server, keys, batches, rng):
    """Through the API after the restart: receipts of acknowledged batches, and revision histories where served."""
    key = keys["admin-0"]
    acknowledged = [b for b in batches if b.status == 201]
    for b in rng.sample(acknowledged, min(25, len(acknowledged))):
        status, _, body = request(server.port, "GET", f"/api/v1/submissions/{b.receipt['id']}", key=key)
        if status != 200 or body["received"] != len(b.items):
            fail(f"GET /api/v1/submissions/{b.receipt['id']} answered {status}: {body}")
        item = rng.choice(b.items)
        q = f"indicator={item['indicator']}&orgUnit={item['orgUnit']}&period={item['period']}"
        # The history is paged, newest first: a busy key's early revisions are on later pages.
        found, page, served = False, 1, True
        while not found:
            status, _, body = request(server.port, "GET", f"/api/v1/values/history?{q}&pageSize=1000&page={page}", key=key)
            if status == 404 and (not isinstance(body, dict) or "errors" not in body) and "no resource at this address" in json.dumps(body or "no resource at this address"):
                served = False  # this build does not serve the history endpoint
                break
            if status != 200:
                fail(f"GET /api/v1/values/history?{q} answered {status}: {body}")
            found = b.tag in json.dumps(body)
            if not body.get("items") or page * 1000 >= body.get("total", 0):
                break
            page += 1
        if served and not found:
            fail(f"the history of {q} does not show the acknowledged batch {b.tag}")


def run_crash(args):
    rng = random.Random(args.seed)
    server, keys = prepare(args, "crash")
    run = uuid.uuid4().hex[:8]
    prefix = f"crash-{run}-"
    batches = []
    lock = threading.Lock()
    try:
        for round_no in range(args.rounds):
            server.start()
            stop = threading.Event()

            def worker(w):
                wr = random.Random(f"{args.seed}-{round_no}-{w}")
                key_name = f"admin-{w % args.key_count}"
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                seq = 0
                while not stop.is_set() and seq < 100_000:
                    seq += 1
                    size = wr.choice([1, 5, 20, 20, 50, 400])
                    b = make_batch(f"{prefix}{round_no}-{w}-{seq}", key_name, wr, size)
                    b.round = round_no
                    with lock:
                        batches.append(b)
                    if not submit(server.port, b, keys[key_name], connection, idempotency_key=b.tag):
                        return  # the server is gone
                connection.close()

            threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(args.workers)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(args.kill_after * 0.5, args.kill_after * 1.5))
            acknowledged_before = sum(1 for b in batches if b.status == 201)
            server.kill9()
            log(f"round {round_no + 1}: kill -9 after {acknowledged_before} acknowledged batches")
            stop.set()
            for t in threads:
                t.join(timeout=60)
            if any(t.is_alive() for t in threads):
                fail("a submitter did not stop after the kill")
            server.start()
            counts, committed_unanswered, revisions = verify_batches(server, keys, batches, prefix)
            log(f"round {round_no + 1}: after restart {dict(counts)}; {committed_unanswered} unanswered batches were committed in full; "
                f"{revisions} revisions in all; none partial")
            api_spot_checks(server, keys, batches, rng)
            retried = retry_after_restart(server, keys, batches, round_no)
            counts, committed_unanswered, revisions = verify_batches(server, keys, batches, prefix)
            log(f"round {round_no + 1}: retries with the same Idempotency-Key: {dict(retried)}; then {dict(counts)}, none partial, none twice")
            server.stop()
        acknowledged = sum(1 for b in batches if b.status == 201)
        if acknowledged < args.rounds:
            fail(f"only {acknowledged} batches were acknowledged: the run proves nothing")
        log(f"OK: {len(batches)} batches sent over {args.rounds} kill -9 rounds, {acknowledged} acknowledged and all present in full")
        shutil.rmtree(server.data_dir, ignore_errors=True)
    finally:
        server.stop()


def served(server, keys, paths):
    """The read paths this build serves (an endpoint another change has not landed yet answers a route 404)."""
    kept = []
    for p in paths:
        status, _, body = request(server.port, "GET", p() if callable(p) else p, key=keys["reader"])
        if status == 404 and "no resource at this address" in json.dumps(body):
            log(f"  not served by this build, left out: {(p() if callable(p) else p).split('?')[0]}")
            continue
        kept.append(p)
    return kept


def check_wire(server, keys):
    """What only the real server (Kestrel) shows: headers, and limits met before the service reads a body."""
    status, headers, _ = request(server.port, "GET", "/health/live")
    lower = {k.lower(): v for k, v in headers.items()}
    for name, value in [("x-content-type-options", "nosniff"), ("x-frame-options", "DENY"), ("referrer-policy", "no-referrer")]:
        if lower.get(name) != value:
            fail(f"{name} is {lower.get(name)!r} on /health/live")
    if "server" in lower:
        fail(f"a Server header is sent: {lower['server']}")
    status, headers, body = request(server.port, "GET", "/api/v1/values?indicator=" + "A" * 20000, key=keys["reader"])
    if status != 414 or body.get("type") != "urn:indicators:problem:uri-too-long":
        fail(f"a 20 KB query string answered {status}: {str(body)[:200]}")
    big = os.path.join(server.data_dir, "big.json")
    with open(big, "w") as f:
        f.write('{"values":[{"indicator":"INDUSTRIAL_OUTPUT","orgUnit":"TQ-SD","period":"2021-M01","value":1,"status":"estimate","note":"')
        f.write("x" * (20 * 1024 * 1024))
        f.write('"}]}')
    for how, extra in [("declared", []), ("chunked", ["-H", "Transfer-Encoding: chunked"])]:
        out = subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code} %{content_type}", "-X", "POST", "-H", f"X-Api-Key: {keys['sd']}",
                              "-H", "Content-Type: application/json", *extra, "--data-binary", f"@{big}",
                              f"http://127.0.0.1:{server.port}/api/v1/submissions"], capture_output=True, text=True, timeout=120).stdout
        body, _, tail = out.rpartition("\n")
        if not tail.startswith("413 application/problem+json") or "payload-too-large" not in body:
            fail(f"a 20 MB {how} body answered {tail}: {body[:200]}")
    os.remove(big)
    log("wire: security headers and no Server header; 20 KB query → 414 problem; 20 MB body, declared or chunked → 413 problem")


def run_load(args):
    rng = random.Random(args.seed)
    server, keys = prepare(args, "load")
    run = uuid.uuid4().hex[:8]
    prefix = f"load-{run}-"
    batches, lock = [], threading.Lock()
    statuses = collections.Counter()
    latencies = collections.defaultdict(list)
    errors = []
    receipts = []
    try:
        server.start()
        reads = [("read", p) for p in served(server, keys, [
            "/api/v1/org-units?pageSize=100",
            "/api/v1/indicators",
            lambda: f"/api/v1/values?year=2021&orgUnit={random.choice(UNITS)}&pageSize=200",
            "/api/v1/plan-vs-actual?period=2021-S1&children=true",
            lambda: f"/api/v1/series?indicator={random.choice(INDICATORS)}&orgUnit=TQ&from=2021-M01&to=2021-M12&periodType=month",
            lambda: "/api/v1/values/history?indicator={}&orgUnit={}&period={}".format(*random.choice(KEYSPACE)),
        ])] + [("receipt", None)]
        deadline = time.time() + args.seconds

        def worker(w):
            wr = random.Random(f"{args.seed}-{w}")
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            seq = 0
            while time.time() < deadline and seq < 1_000_000:
                seq += 1
                roll = wr.random()
                started = time.perf_counter()
                try:
                    if roll < 0.30:
                        kind = "write"
                        key_name = f"admin-{w % args.key_count}"
                        b = make_batch(f"{prefix}{w}-{seq}", key_name, wr, wr.choice([1, 5, 20, 50]))
                        if wr.random() < 0.1:  # a value out of the indicator's range: the whole batch is refused (400)
                            b.items[-1]["value"] = -1
                        with lock:
                            batches.append(b)
                        ok = submit(server.port, b, keys[key_name], connection)
                        if not ok:
                            raise OSError("connection lost")
                        status = b.status
                        if status == 201:
                            with lock:
                                receipts.append(b.receipt["id"])
                    elif roll < 0.35:
                        kind = "write-other-unit"
                        b = make_batch(f"{prefix}{w}-{seq}", "sd", wr, 3)
                        periods = wr.sample(PERIODS, 3)
                        for item, unit, period in zip(b.items, ["TQ-HY", "TQ-SD", "TQ-SD"], periods):
                            # a district writing another's figure: the whole batch is 403, nothing stored
                            item["orgUnit"], item["period"] = unit, period
                        with lock:
                            batches.append(b)
                        if not submit(server.port, b, keys["sd"], connection):
                            raise OSError("connection lost")
                        status = b.status
                    else:
                        kind, path = wr.choice(reads)
                        path = path() if callable(path) else path
                        if kind == "receipt":
                            with lock:
                                rid = wr.choice(receipts) if receipts else None
                            path = f"/api/v1/submissions/{rid or uuid.uuid4()}"
                        status, _, _ = request(server.port, "GET", path, key=keys["reader" if kind == "read" else "admin-0"], connection=connection)
                except OSError as e:
                    with lock:
                        errors.append(f"{kind}: {e}")
                    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    statuses[(kind, status)] += 1
                    latencies[kind].append(elapsed)
            connection.close()

        threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(args.connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 120)
        if any(t.is_alive() for t in threads):
            fail("a load worker did not finish in time")

        total = sum(statuses.values())
        log(f"{total} requests in {args.seconds} s over {args.connections} connections: {total / args.seconds:.0f}/s")
        for kind, values in sorted(latencies.items()):
            values.sort()
            pct = lambda p: values[min(len(values) - 1, int(p * len(values)))] * 1000
            log(f"  {kind:17} n={len(values):6}  p50={pct(0.50):7.1f} ms  p95={pct(0.95):7.1f} ms  p99={pct(0.99):7.1f} ms")
        for (kind, status), n in sorted(statuses.items(), key=lambda x: (x[0][0], x[0][1] or 0)):
            log(f"  {kind:17} {status}: {n}")
        if errors:
            fail(f"{len(errors)} requests lost their connection, e.g. {errors[:3]}")
        server_errors = {k: n for k, n in statuses.items() if k[1] is None or k[1] >= 500}
        if server_errors:
            fail(f"5xx answers under load: {server_errors}")
        unexpected = {k: n for k, n in statuses.items()
                      if (k[0] == "write" and k[1] not in (201, 400)) or (k[0] == "write-other-unit" and k[1] != 403)
                      or (k[0] == "read" and k[1] != 200) or (k[0] == "receipt" and k[1] not in (200, 404))}
        if unexpected:
            fail(f"unexpected answers: {unexpected}")
        counts, _, revisions = verify_batches(server, keys, batches, prefix)
        accepted_items = sum(len(b.items) for b in batches if b.status == 201)
        db = open_db(server)
        try:
            stored = db.execute("SELECT COUNT(*) FROM actual_revisions WHERE note LIKE ?", (prefix + "%",)).fetchone()[0]
        finally:
            db.close()
        if stored != accepted_items:
            fail(f"{stored} revisions stored for {accepted_items} accepted items")
        check_wire(server, keys)
        log(f"OK: zero 5xx; {dict(counts)}; {stored} revisions stored = {accepted_items} items of accepted batches; "
            f"{revisions} revisions in all, current rows consistent")
        shutil.rmtree(server.data_dir, ignore_errors=True)
    finally:
        server.stop()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["crash", "load"])
    p.add_argument("--configuration", default=os.environ.get("CONFIGURATION", "Debug"))
    p.add_argument("--out", default=os.environ.get("OUT", os.path.join(ROOT, ".ci", "out")))
    p.add_argument("--seed", default=os.environ.get("SEED", str(random.randrange(10**6))))
    p.add_argument("--workers", type=int, default=int(os.environ.get("CRASH_WORKERS", "6")))
    p.add_argument("--rounds", type=int, default=int(os.environ.get("CRASH_ROUNDS", "3")))
    p.add_argument("--kill-after", type=float, default=float(os.environ.get("CRASH_KILL_AFTER", "3")))
    p.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "20")))
    p.add_argument("--connections", type=int, default=int(os.environ.get("LOAD_CONNECTIONS", "16")))
    # The limiter is tested on its own; here it must not turn load into 429s.
    p.add_argument("--permits", default=os.environ.get("PERMITS_PER_MINUTE", "1000000"))
    args = p.parse_args()
    args.key_count = 3
    args.keys = [(f"admin-{i}", "TQ", "admin") for i in range(args.key_count)] + [("reader", "TQ", "reader"), ("sd", "TQ-SD", "submitter")]
    os.makedirs(args.out, exist_ok=True)
    log(f"{args.mode}: seed {args.seed}")
    (run_crash if args.mode == "crash" else run_load)(args)


if __name__ == "__main__":
    main()
