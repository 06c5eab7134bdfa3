#!/usr/bin/python3
"""Soak load driver (bench/soak.sh runs it): python3 stdlib only, loopback only.

Several worker threads, each on its own tenant (Bearer key), run a weighted mix for
--minutes: create/patch/delete agents (webhook_url on the flaky receiver ports or the
built-in sink), POST /call (magic numbers, retry_config, scheduled calls and stops), poll
GET /executions/{id}, list executions, batch CSV uploads + schedule + list their executions,
clock advances and run-until-idle (which drive webhook retries), faults added and cleared
(status, delay, drop), webhook journal, flush, timeline, request journal, wallet top-ups.
Worker 0's tenant runs the realtime clock (speed 60); the others the manual clock.

State stays bounded the way a CI user's does: each worker resets its tenant (and clears
its sink) every --reset-s seconds and moves to a fresh key every --rotate-s seconds,
leaving the old tenant for the emulator's --max-tenants LRU eviction; the workers' resets
and rotations are staggered evenly.

Every response is checked. An error is a status not expected for that request (an answer
carrying X-Emulator-Fault, or a dropped connection while a drop fault is set, is expected),
a connection error, a timeout or a body that is not valid JSON; errors are counted by kind.
A sampler thread writes elapsed_s,rss_kib,requests,errors to --csv every 10 s (VmRSS of
--pid) and a few emulator gauges from /__emulator/metrics to --metrics-csv. At the end it
prints the summary and exits 1 if there was any error or if RSS after the warm-up spread
more than --max-spread percent, else 0.
"""
import argparse
import collections
import datetime
import http.client
import json
import random
import socket
import sys
import threading
import time
import uuid

TERMINAL = {"completed", "no-answer", "busy", "failed", "canceled", "stopped", "error", "balance-low"}
STATUSES = TERMINAL | {"scheduled", "queued", "rescheduled", "prepared", "initiated", "ringing",
                       "in-progress", "call-disconnected"}
OUTCOME_DIGITS = list(range(0, 21))  # +1 202 555-01XX: 00 completed ... 20 balance-low
GAUGES = ["bolna_emulator_tenants", "bolna_emulator_executions", "bolna_emulator_batches",
          "bolna_emulator_webhook_journal_entries", "bolna_emulator_request_journal_entries",
          "bolna_emulator_sink_bodies", "bolna_emulator_webhook_backlog",
          "bolna_emulator_process_threads", "bolna_emulator_heap_allocated_bytes",
          "bolna_emulator_heap_free_bytes"]


class Stats:
    """Thread-safe counters shared by the workers and the sampler."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.errors = collections.Counter()
        self.expected = collections.Counter()
        self.ops = collections.Counter()
        self.logged = collections.Counter()

    def request(self):
        with self.lock:
            self.requests += 1

    def error(self, kind, detail=""):
        detail = f"{time.strftime('%H:%M:%S')} {detail}"
        with self.lock:
            self.errors[kind] += 1
            self.logged[kind] += 1
            show = self.logged[kind] <= 5
        if show:
            print(f"soak: error {kind}: {detail[:300]}", file=sys.stderr, flush=True)

    def expect(self, kind):
        with self.lock:
            self.expected[kind] += 1

    def op(self, name):
        with self.lock:
            self.ops[name] += 1

    def totals(self):
        with self.lock:
            return self.requests, sum(self.errors.values())


class Client:
    """One keep-alive connection to the emulator; every answer is checked against `expect`."""

    IDLE_REOPEN_S = 2.0  # well under the server's --keep-alive-timeout (5 s)

    def __init__(self, host, port, stats):
        self.host, self.port, self.stats = host, port, stats
        self.conn, self.last_used = None, 0.0

    def close(self):
        if self.conn:
            self.conn.close()
        self.conn = None

    def call(self, method, path, label, key=None, body=None, expect=(200,), timeout=20,
             headers=None, drop_ok=False, raw=None, content_type="application/json",
             fault_ok=True):
        """Returns (status, parsed JSON or None, headers) or (None, None, None) on a failure."""
        hdrs = {"Accept": "application/json"}
        if key:
            hdrs["Authorization"] = "Bearer " + key
        payload = raw
        if body is not None:
            payload = json.dumps(body).encode()
        if payload is not None:
            hdrs["Content-Type"] = content_type
        hdrs.update(headers or {})
        if self.conn is None or time.monotonic() - self.last_used > self.IDLE_REOPEN_S:
            self.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        self.conn.timeout = timeout
        if self.conn.sock is not None:
            self.conn.sock.settimeout(timeout)
        self.stats.request()
        try:
            self.conn.request(method, path, body=payload, headers=hdrs)
            resp = self.conn.getresponse()
            data = resp.read()
            status, rh = resp.status, {k.lower(): v for k, v in resp.getheaders()}
            if resp.will_close:
                self.close()
        except (socket.timeout, TimeoutError) as e:
            self.close()
            self.stats.error(f"timeout {label}", f"key {key} {path}: {e!r}")
            return None, None, None
        except (OSError, http.client.HTTPException) as e:
            self.close()
            if drop_ok:
                self.stats.expect(f"dropped by fault {label}")
            else:
                self.stats.error(f"connection {label}", f"key {key} {path}: {e!r}")
            return None, None, None
        finally:
            self.last_used = time.monotonic()
        parsed = None
        if "json" in rh.get("content-type", "") and data:
            try:
                parsed = json.loads(data)
            except ValueError as e:
                self.stats.error(f"invalid JSON {label}", f"key {key} {path}: {e}: {data[:200]!r}")
                return None, None, None
        if "x-emulator-fault" in rh and fault_ok:
            self.stats.expect(f"fault {status}")
            return None, None, None
        if status not in expect:
            self.stats.error(f"status {status} {label}",
                             f"key {key} {path}: " + data[:300].decode("utf-8", "replace"))
            return None, None, None
        return status, parsed, rh


def iso_after(now_iso, seconds):
    t = datetime.datetime.fromisoformat(now_iso) + datetime.timedelta(seconds=seconds)
    return t.astimezone(datetime.timezone.utc).isoformat()  # "+00:00", never "Z"


def multipart(fields, files):
    boundary = "soak" + uuid.uuid4().hex
    out = []
    for name, value in fields:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                   f"{value}\r\n".encode())
    for name, filename, content in files:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                   f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                   + content + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


class Worker(threading.Thread):
    """One tenant's user: a weighted mix of API and control calls until `deadline`."""

    def __init__(self, index, args, stats, deadline, stop):
        super().__init__(daemon=True, name=f"worker-{index}")
        self.i, self.args, self.stats, self.deadline, self.stop = index, args, stats, deadline, stop
        self.rng = random.Random(args.seed * 1000 + index)
        self.c = Client("127.0.0.1", args.port, stats)
        self.realtime = index == 0
        self.generation = 0
        self.key = None  # set by rotate() when run() starts

    # --- tenant state -------------------------------------------------------------
    def fresh_tenant(self):
        self.agents = {}          # agent_id -> [execution ids]
        self.scheduled = []       # (execution id, agent id) placed with scheduled_at
        self.batches = {}         # batch_id -> (agent_id, valid rows, scheduled?)
        self.drop_fault = False
        self.faults = False
        self.last_reset = time.monotonic()
        if self.realtime:
            self.c.call("POST", "/__emulator/clock", "POST /__emulator/clock", self.key,
                        {"mode": "realtime", "speed": 60})

    def rotate(self):
        if self.key:
            self.c.call("DELETE", f"/__emulator/sink/soak-w{self.i}", "DELETE /__emulator/sink/{name}")
        self.generation += 1
        self.key = f"w{self.i}g{self.generation}-soak"  # distinct in the log's 6-character key prefix
        self.fresh_tenant()

    def executions(self):
        return [e for ids in self.agents.values() for e in ids]

    def tenant_now(self):
        _, body, _ = self.c.call("GET", "/__emulator/clock", "GET /__emulator/clock", self.key)
        return body["now"] if body else None

    # --- actions ------------------------------------------------------------------
    def create_agent(self):
        if len(self.agents) >= 4:
            return self.delete_agent()
        r = self.rng.random()
        if r < 0.75:
            url = f"http://127.0.0.1:{self.rng.choice(self.args.receiver_ports)}/hook/w{self.i}"
        elif r < 0.9:
            url = f"http://127.0.0.1:{self.args.port}/__emulator/sink/soak-w{self.i}"
        else:
            url = None
        config = {"agent_name": f"Soak {self.i}", "agent_welcome_message": "Hello {name}",
                  "tasks": [{"task_type": "conversation", "toolchain": {
                      "execution": "parallel", "pipelines": [["transcriber", "llm", "synthesizer"]]}}]}
        if url:
            config["webhook_url"] = url
        _, body, _ = self.c.call("POST", "/v2/agent", "POST /v2/agent", self.key,
                                 {"agent_config": config,
                                  "agent_prompts": {"task_1": {"system_prompt": "Be brief."}}},
                                 expect=(201,))
        if body:
            self.agents[body["agent_id"]] = []

    def delete_agent(self):
        if not self.agents:
            return
        agent = self.rng.choice(list(self.agents))
        self.c.call("DELETE", f"/v2/agent/{agent}", "DELETE /v2/agent/{id}", self.key)
        self.agents.pop(agent, None)
        self.scheduled = [s for s in self.scheduled if s[1] != agent]
        self.batches = {b: v for b, v in self.batches.items() if v[0] != agent}

    def patch_agent(self):
        if not self.agents:
            return self.create_agent()
        agent = self.rng.choice(list(self.agents))
        self.c.call("PATCH", f"/v2/agent/{agent}", "PATCH /v2/agent/{id}", self.key,
                    {"agent_config": {"agent_name": f"Soak {self.i} v{self.rng.randrange(100)}"}})
        self.c.call("GET", f"/v2/agent/{agent}", "GET /v2/agent/{id}", self.key)

    def place_call(self):
        if not self.agents:
            return self.create_agent()
        agent = self.rng.choice(list(self.agents))
        body = {"agent_id": agent,
                "recipient_phone_number": f"+1202555{100 + self.rng.choice(OUTCOME_DIGITS):04d}",
                "user_data": {"name": "Ana", "n": self.rng.randrange(10**6)}}
        headers = {}
        r = self.rng.random()
        if r < 0.15:
            body["retry_config"] = {"enabled": True, "max_retries": 2,
                                    "retry_on_statuses": ["busy", "no-answer"],
                                    "retry_intervals_minutes": [1, 2]}
        elif r < 0.25:
            headers["X-Emulator-Outcome"] = self.rng.choice(["completed", "busy", "voicemail",
                                                             "hangup-early", "no-answer"])
        scheduled = False
        if self.rng.random() < 0.1:
            now = self.tenant_now()
            if now:
                body["scheduled_at"] = iso_after(now, self.rng.randrange(180, 3600))
                scheduled = True
        _, resp, _ = self.c.call("POST", "/call", "POST /call", self.key, body, headers=headers)
        if resp:
            self.agents[agent].append(resp["execution_id"])
            if scheduled:
                self.scheduled.append((resp["execution_id"], agent))
            del self.agents[agent][:-50]  # poll the recent ones only

    def stop_call(self):
        if not self.scheduled:
            return self.place_call()
        execution, _ = self.scheduled.pop(self.rng.randrange(len(self.scheduled)))
        # A scheduled call may already have been dialled by a clock move: 400 is fine then.
        self.c.call("POST", f"/call/{execution}/stop", "POST /call/{id}/stop", self.key,
                    expect=(200, 400))

    def poll(self):
        ids = self.executions()
        if not ids:
            return self.place_call()
        for execution in self.rng.sample(ids, min(3, len(ids))):
            _, body, _ = self.c.call("GET", f"/executions/{execution}", "GET /executions/{id}",
                                     self.key)
            if body is not None and (body.get("id") != execution or body.get("status") not in STATUSES):
                self.stats.error("check GET /executions/{id}", json.dumps(body)[:300])

    def poll_realtime(self):
        """Realtime tenant: a call at speed 60 ends in about 1.2 s; poll it to the end."""
        if not self.agents:
            return self.create_agent()
        agent = self.rng.choice(list(self.agents))
        digits = self.rng.choice([0, 10, 12, 13, 14, 15, 19])  # short outcomes only
        _, resp, _ = self.c.call("POST", "/call", "POST /call", self.key,
                                 {"agent_id": agent, "recipient_phone_number": f"+1202555{100 + digits:04d}"})
        if not resp:
            return
        execution = resp["execution_id"]
        self.agents[agent].append(execution)
        del self.agents[agent][:-50]
        end = time.monotonic() + 15
        while time.monotonic() < end and not self.stop.is_set():
            _, body, _ = self.c.call("GET", f"/executions/{execution}", "GET /executions/{id}", self.key)
            if body and body.get("status") in TERMINAL:
                return
            time.sleep(0.1)
        if not self.stop.is_set() and not self.faults:
            self.stats.error("check realtime call did not end in 15 s", execution)

    def lists(self):
        self.c.call("GET", "/v2/agent/all", "GET /v2/agent/all", self.key)
        self.c.call("GET", "/user/me", "GET /user/me", self.key, drop_ok=self.drop_fault)
        if self.agents:
            agent = self.rng.choice(list(self.agents))
            self.c.call("GET", f"/v2/agent/{agent}/executions?page_size=10&page_number=1",
                        "GET /v2/agent/{id}/executions", self.key)

    def upload_batch(self):
        if not self.agents:
            return self.create_agent()
        agent = self.rng.choice(list(self.agents))
        rows = self.rng.randrange(5, 40)
        lines = ["contact_number,name,city"]
        valid = 0
        for n in range(rows):
            if self.rng.random() < 0.05:
                lines.append(f"not-a-number,Row {n},Pune")
            else:
                lines.append(f"+1202555{100 + self.rng.choice(OUTCOME_DIGITS):04d},Row {n},Pune")
                valid += 1
        fields = [("agent_id", agent)]
        if self.rng.random() < 0.5:
            fields.append(("webhook_url",
                           f"http://127.0.0.1:{self.rng.choice(self.args.receiver_ports)}/batch/w{self.i}"))
        raw, ctype = multipart(fields, [("file", "contacts.csv", ("\n".join(lines) + "\n").encode())])
        _, body, _ = self.c.call("POST", "/batches", "POST /batches", self.key, raw=raw,
                                 content_type=ctype, expect=(201,))
        if not body:
            return
        batch = body["batch_id"]
        self.batches[batch] = (agent, valid, False)
        _, got, _ = self.c.call("GET", f"/batches/{batch}", "GET /batches/{id}", self.key)
        if got is not None and (got.get("valid_contacts") != valid or got.get("total_contacts") != rows):
            self.stats.error("check GET /batches/{id} counts", json.dumps(got)[:300])
        now = self.tenant_now()
        if not now:
            return
        raw, ctype = multipart([("scheduled_at", iso_after(now, self.rng.randrange(150, 1200))),
                                ("bypass_call_guardrails", "true")], [])
        status, _, _ = self.c.call("POST", f"/batches/{batch}/schedule", "POST /batches/{id}/schedule",
                                   self.key, raw=raw, content_type=ctype)
        if status:
            self.batches[batch] = (agent, valid, True)

    def check_batches(self):
        if not self.batches:
            return self.upload_batch()
        batch = self.rng.choice(list(self.batches))
        agent, valid, _ = self.batches[batch]
        _, rows, _ = self.c.call("GET", f"/batches/{batch}/executions", "GET /batches/{id}/executions",
                                 self.key)
        if rows is not None and len(rows) != valid:
            self.stats.error("check batch executions count", f"{len(rows)} != {valid}")
        self.c.call("GET", f"/batches/{agent}/all", "GET /batches/{agent_id}/all", self.key)
        _, got, _ = self.c.call("GET", f"/batches/{batch}", "GET /batches/{id}", self.key)
        if got and got.get("status") in ("completed", "stopped"):
            if self.rng.random() < 0.5:
                self.c.call("DELETE", f"/batches/{batch}", "DELETE /batches/{id}", self.key)
            self.batches.pop(batch, None)
        elif got and got.get("status") == "running" and self.rng.random() < 0.1:
            # Stopping races the clock: a batch that just completed answers 404 (documented).
            self.c.call("POST", f"/batches/{batch}/stop", "POST /batches/{id}/stop", self.key,
                        expect=(200, 404))

    def advance(self):
        if self.rng.random() < 0.25:
            _, body, _ = self.c.call("POST", "/__emulator/clock/run-until-idle",
                                     "POST /__emulator/clock/run-until-idle", self.key,
                                     {"max_events": 20}, timeout=120)
        else:
            _, body, _ = self.c.call("POST", "/__emulator/clock/advance", "POST /__emulator/clock/advance",
                                     self.key, {"seconds": self.rng.randrange(10, 900), "max_events": 20},
                                     timeout=120)
        if body is not None and "now" not in body:
            self.stats.error("check clock move", json.dumps(body)[:300])

    def faults_toggle(self):
        if self.faults:
            self.c.call("DELETE", "/__emulator/faults", "DELETE /__emulator/faults", self.key)
            self.faults = self.drop_fault = False
            return
        kind = self.rng.choice(["status", "status", "delay", "drop"])
        spec = {"status": {"method": "GET", "path": "/executions/*", "status": 503,
                           "probability": 0.3, "count": 30},
                "delay": {"method": "GET", "path": "/v2/agent/all", "delay_ms": 200, "count": 5},
                "drop": {"method": "GET", "path": "/user/me", "drop": True, "count": 2}}[kind]
        status, _, _ = self.c.call("POST", "/__emulator/faults", "POST /__emulator/faults", self.key,
                                   spec, expect=(201,))
        if status:
            self.faults = True
            self.drop_fault = self.drop_fault or kind == "drop"
            self.c.call("GET", "/__emulator/faults", "GET /__emulator/faults", self.key)

    def webhooks(self):
        ids = self.executions()
        if ids:
            execution = self.rng.choice(ids)
            self.c.call("GET", f"/__emulator/webhooks?execution_id={execution}",
                        "GET /__emulator/webhooks", self.key)
            self.c.call("GET", f"/__emulator/executions/{execution}/timeline",
                        "GET /__emulator/executions/{id}/timeline", self.key)
        if self.rng.random() < 0.3:
            self.c.call("POST", "/__emulator/webhooks/flush", "POST /__emulator/webhooks/flush",
                        self.key, {"timeout_ms": 3000}, timeout=30)
        if self.rng.random() < 0.3:
            self.c.call("GET", f"/__emulator/sink/soak-w{self.i}", "GET /__emulator/sink/{name}")
        if self.rng.random() < 0.05:
            self.c.call("DELETE", f"/__emulator/sink/soak-w{self.i}", "DELETE /__emulator/sink/{name}")

    def account(self):
        self.c.call("GET", "/__emulator/requests?limit=5", "GET /__emulator/requests", self.key)
        if self.rng.random() < 0.3:
            self.c.call("PUT", "/__emulator/wallet", "PUT /__emulator/wallet", self.key, {"balance": 100})
        if self.rng.random() < 0.2:
            self.c.call("GET", "/__emulator/overview", "GET /__emulator/overview", self.key)

    def reset(self):
        """Between "tests": wipe the tenant and clear its sink, as the helpers' cleanup() does."""
        self.c.call("POST", "/__emulator/reset", "POST /__emulator/reset", self.key)
        self.c.call("DELETE", f"/__emulator/sink/soak-w{self.i}", "DELETE /__emulator/sink/{name}")
        self.fresh_tenant()

    # --- loop ---------------------------------------------------------------------
    def run(self):
        self.rotate()
        mix = [(self.create_agent, 4), (self.patch_agent, 2), (self.place_call, 20), (self.poll, 20),
               (self.stop_call, 2), (self.lists, 8), (self.upload_batch, 4), (self.check_batches, 6),
               (self.advance, 0 if self.realtime else 10), (self.faults_toggle, 3),
               (self.webhooks, 6), (self.account, 3)]
        if self.realtime:
            mix += [(self.poll_realtime, 15), (self.advance, 1)]
        actions = [a for a, w in mix for _ in range(w)]
        # Stagger the workers' rotations and resets evenly: rotations in a burst would make
        # the tenants just left the most recently used ones, and LRU eviction would then take
        # an active tenant that happens to be idle for a moment (documented behaviour).
        offset = self.i / self.args.workers
        last_rotate = time.monotonic() - self.args.rotate_s * offset
        self.last_reset = time.monotonic() - self.args.reset_s * offset
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            now = time.monotonic()
            if now - last_rotate > self.args.rotate_s:
                self.rotate()
                last_rotate = now
                self.stats.op("rotate")
            elif now - self.last_reset > self.args.reset_s:
                self.reset()
                self.stats.op("reset")
            action = self.rng.choice(actions)
            self.stats.op(action.__name__)
            try:
                action()
            except Exception as e:  # a bug in the driver itself: count it, keep going
                self.stats.error(f"driver {action.__name__}", repr(e))
            if self.args.think_ms:
                time.sleep(self.args.think_ms / 1000)
        self.c.close()


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def gauges(args):
    """A few emulator gauges summed over their labels, for diagnosis (metrics CSV)."""
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
    try:
        conn.request("GET", "/__emulator/metrics", headers={"X-Emulator-Admin-Token": args.admin_token})
        text = conn.getresponse().read().decode()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()
    sums = dict.fromkeys(GAUGES, 0.0)
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name = line.split("{", 1)[0].split(" ", 1)[0]
        if name in sums:
            sums[name] += float(line.rsplit(" ", 1)[1])
    return sums


def sampler(args, stats, start, stop, samples, heap):
    with open(args.csv, "w") as out, open(args.metrics_csv, "w") as mout:
        out.write("elapsed_s,rss_kib,requests,errors\n")
        mout.write("elapsed_s," + ",".join(g.replace("bolna_emulator_", "") for g in GAUGES) + "\n")
        next_at = start
        while True:
            elapsed = time.monotonic() - start
            rss = rss_kib(args.pid)
            if rss is None:
                stats.error("emulator process gone", str(args.pid))
                stop.set()
                return
            req, err = stats.totals()
            samples.append((round(elapsed), rss, req, err))
            out.write(f"{round(elapsed)},{rss},{req},{err}\n")
            out.flush()
            g = gauges(args)
            if g:
                heap.append((round(elapsed), rss, g["bolna_emulator_heap_allocated_bytes"] / 1024))
                mout.write(f"{round(elapsed)}," + ",".join(f"{v:g}" for v in g.values()) + "\n")
                mout.flush()
            next_at += args.sample_s
            if stop.wait(max(0.0, next_at - time.monotonic())):
                return


def receiver_stats(ports):
    total = collections.Counter()
    for port in ports:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/stats")
            total.update(json.loads(conn.getresponse().read()))
        except (OSError, ValueError, http.client.HTTPException):
            pass
        finally:
            conn.close()
    return dict(total)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, required=True, help="the emulator's loopback port")
    p.add_argument("--pid", type=int, required=True, help="the emulator's process id (for VmRSS)")
    p.add_argument("--receiver-ports", required=True, help="comma-separated flaky receiver ports")
    p.add_argument("--admin-token", required=True)
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--workers", type=int, default=6)
    p.add_argument("--warmup-s", type=float, default=None,
                   help="default: 300 s, or a third of the run when it is shorter than 15 minutes")
    p.add_argument("--reset-s", type=float, default=20)
    p.add_argument("--rotate-s", type=float, default=150)
    p.add_argument("--think-ms", type=float, default=0)
    p.add_argument("--sample-s", type=float, default=10)
    p.add_argument("--max-spread", type=float, default=5.0)
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--csv", required=True)
    p.add_argument("--metrics-csv", required=True)
    args = p.parse_args()
    args.receiver_ports = [int(x) for x in args.receiver_ports.split(",")]
    duration = args.minutes * 60
    warmup = args.warmup_s if args.warmup_s is not None else (300 if duration >= 900 else duration / 3)

    stats, stop, samples, heap = Stats(), threading.Event(), [], []
    start = time.monotonic()
    deadline = start + duration
    sample_thread = threading.Thread(target=sampler, args=(args, stats, start, stop, samples, heap),
                                     daemon=True)
    sample_thread.start()
    workers = [Worker(i, args, stats, deadline, stop) for i in range(args.workers)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=max(0.0, deadline - time.monotonic()) + 150)  # a clock move may take a while
    stuck = [w.name for w in workers if w.is_alive()]
    for name in stuck:
        stats.error("worker did not stop", name)
    time.sleep(max(0.0, min(args.sample_s, deadline + args.sample_s - time.monotonic())))
    stop.set()
    sample_thread.join(timeout=20)
    req, err = stats.totals()
    rss = rss_kib(args.pid)
    if rss is not None:
        samples.append((round(time.monotonic() - start), rss, req, err))
        with open(args.csv, "a") as out:
            out.write(f"{samples[-1][0]},{rss},{req},{err}\n")

    print(f"soak: {args.minutes:g} min, {args.workers} workers, {req} requests "
          f"({req / max(1.0, time.monotonic() - start):.0f}/s), {err} errors")
    for kind, n in sorted(stats.errors.items()):
        print(f"  error {kind}: {n}")
    for kind, n in sorted(stats.expected.items()):
        print(f"  expected (injected fault) {kind}: {n}")
    print("  actions: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.ops.items())))
    print("  receiver: " + json.dumps(receiver_stats(args.receiver_ports)))
    after = [s for s in samples if s[0] >= warmup]
    ok = err == 0
    if len(after) >= 2:
        lo, hi = min(s[1] for s in after), max(s[1] for s in after)
        spread = (hi - lo) / lo * 100
        print(f"  RSS: start {samples[0][1]} KiB, at warm-up end ({warmup:.0f} s) {after[0][1]} KiB, "
              f"after warm-up min {lo} KiB, max {hi} KiB, last {after[-1][1]} KiB, "
              f"spread {spread:.2f}% (aim <= {args.max_spread:g}%)")
        ok = ok and spread <= args.max_spread
        third = max(1, len(after) // 3)
        first = sum(s[1] for s in after[:third]) / third
        last = sum(s[1] for s in after[-third:]) / third
        print(f"  RSS trend: mean of the first third after warm-up {first / 1024:.1f} MiB, of the last "
              f"third {last / 1024:.1f} MiB (drift {(last - first) / first * 100:+.1f}%)")
        held = [h for h in heap if h[0] >= warmup]
        if held:
            print(f"  heap in use after warm-up (what the emulator holds; mallinfo2): "
                  f"min {min(h[2] for h in held) / 1024:.1f} MiB, max {max(h[2] for h in held) / 1024:.1f} MiB; "
                  f"RSS minus heap in use: min {min(h[1] - h[2] for h in held) / 1024:.1f} MiB, "
                  f"max {max(h[1] - h[2] for h in held) / 1024:.1f} MiB")
    else:
        print("  RSS: too few samples after the warm-up")
        ok = False
    print("soak: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
