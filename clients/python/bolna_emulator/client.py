"""Test helpers for the bolna-emulator: start or connect to an emulator (Emulator), and
drive one tenant of it (Tenant: clock, reset, wallet, scenario, sink, journal, faults,
webhooks, timeline). Standard library only. For tests and scripts; the pytest fixtures in
bolna_emulator.pytest build on it."""

from __future__ import annotations

import collections
import datetime as _dt
import itertools
import json
import os
import pathlib
import shutil
import signal
import subprocess
import threading
import time
import urllib.parse
import uuid
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Union

from ._http import EmulatorError, encode_query, request

__all__ = [
    "Emulator",
    "Tenant",
    "Sink",
    "Faults",
    "Webhooks",
    "Wallet",
    "EmulatorError",
    "EmulatorTimeout",
    "find_binary",
    "MINIMAL_AGENT",
]

BINARY_NAME = "bolna-emulator"

# The smallest agent the emulator (and Bolna) accepts; create_agent() copies it.
MINIMAL_AGENT: Dict[str, Any] = {
    "agent_config": {
        "agent_name": "Test agent",
        "tasks": [
            {
                "task_type": "conversation",
                "toolchain": {
                    "execution": "parallel",
                    "pipelines": [["transcriber", "llm", "synthesizer"]],
                },
            }
        ],
    },
    "agent_prompts": {"task_1": {"system_prompt": "You are helpful."}},
}


class EmulatorTimeout(EmulatorError, TimeoutError):
    """A bounded wait (ready, sink.wait_for, webhooks.flush) ran out of time."""

    def __init__(self, what: str, seen: Any = None):
        self.seen = seen
        Exception.__init__(self, what)
        self.method, self.url, self.status, self.body, self.headers = "", "", 0, seen, {}
        self.message = what


def _repo_root() -> pathlib.Path:
    # clients/python/bolna_emulator/client.py -> the repository root
    return pathlib.Path(__file__).resolve().parents[3]


def find_binary(binary: Optional[str] = None) -> str:
    """The emulator executable: ``binary`` if given, else $BOLNA_EMULATOR_BINARY, else
    ``bolna-emulator`` on PATH, else ``build/bolna-emulator`` under the current directory
    or the repository these helpers live in."""
    tried = []
    candidates = []
    if binary:
        candidates.append(("argument", binary))
    elif os.environ.get("BOLNA_EMULATOR_BINARY"):
        candidates.append(("BOLNA_EMULATOR_BINARY", os.environ["BOLNA_EMULATOR_BINARY"]))
    else:
        on_path = shutil.which(BINARY_NAME)
        if on_path:
            candidates.append(("PATH", on_path))
        candidates.append(("build/", str(pathlib.Path.cwd() / "build" / BINARY_NAME)))
        candidates.append(("build/", str(_repo_root() / "build" / BINARY_NAME)))
    for source, path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        tried.append(f"{path} ({source})")
    raise FileNotFoundError(
        "bolna-emulator binary not found; tried: " + ", ".join(tried)
        + ". Pass binary=..., set BOLNA_EMULATOR_BINARY, or build it (scripts/build.sh)."
    )


def _option_args(options: Mapping[str, Any]) -> List[str]:
    """{"scenarios_dir": "x", "rate_limits": True, "seed": 7} -> ["--scenarios-dir", "x",
    "--rate-limits", "--seed", "7"]; None and False are left out."""
    args: List[str] = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            for item in value:
                args += [flag, str(item)]
        else:
            args += [flag, str(value)]
    return args


def _iso(value: Union[str, _dt.datetime]) -> str:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.isoformat()
    return str(value)


def _seconds(value: Union[int, float, _dt.timedelta]) -> float:
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    return float(value)


class Emulator:
    """One emulator: started by ``Emulator.start()`` (and stopped by ``stop()`` or the
    ``with`` block) or already running (``Emulator.connect(url)``)."""

    def __init__(self, url: str, *, process: Optional[subprocess.Popen] = None,
                 admin_token: Optional[str] = None, output: Optional[collections.deque] = None):
        self.url = url.rstrip("/")
        self.admin_token = admin_token
        self.process = process
        self._output = output if output is not None else collections.deque(maxlen=200)
        self._keys = itertools.count(1)

    # -- lifecycle -----------------------------------------------------------------------

    @classmethod
    def start(cls, binary: Optional[str] = None, *, host: str = "127.0.0.1", port: int = 0,
              clock: Optional[str] = "manual", args: Iterable[str] = (),
              env: Optional[Mapping[str, str]] = None, ready_timeout: float = 30.0,
              **options: Any) -> "Emulator":
        """Starts the binary on a free loopback port (``--port 0``) and waits until it is
        ready. ``clock`` is the clock mode of new tenants (``"manual"`` by default, so that
        nothing moves unless the test moves it; ``None`` keeps the binary's default).
        Other keyword options become flags: ``scenarios_dir="scenarios"`` ->
        ``--scenarios-dir scenarios``, ``rate_limits=True`` -> ``--rate-limits``. ``env``
        is added to the environment (BOLNA_EMULATOR_* variables of this process are not
        passed on, so only what you give applies)."""
        path = find_binary(binary)
        options = dict(options)
        admin_token = options.get("admin_token")
        if clock is not None:
            options["clock"] = clock
        options.setdefault("log_level", "warn")
        argv = [path, "--host", host, "--port", str(port)] + _option_args(options) + list(args)
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("BOLNA_EMULATOR_")}
        child_env.update(env or {})
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=child_env, text=True,
                                errors="replace", bufsize=1)
        output: collections.deque = collections.deque(maxlen=200)
        found: Dict[str, str] = {}
        listening = threading.Event()

        def drain():  # keeps the pipe empty for the emulator's whole life
            for line in proc.stdout:
                output.append(line.rstrip("\n"))
                if "url" not in found and line.startswith("listening on "):
                    found["url"] = line[len("listening on "):].strip()
                    listening.set()
            listening.set()

        threading.Thread(target=drain, name="bolna-emulator-output", daemon=True).start()
        deadline = time.monotonic() + ready_timeout
        listening.wait(ready_timeout)
        if "url" not in found:
            try:  # the output ended: the binary is exiting
                code = proc.wait(min(5.0, max(0.1, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                code = None
            _stop_process(proc)
            text = "\n".join(output)
            why = f"exited with code {code}" if code is not None else f"did not listen within {ready_timeout} s"
            raise EmulatorError("START", " ".join(argv), 0, f"bolna-emulator {why}:\n{text}")
        emulator = cls(found["url"], process=proc, admin_token=admin_token, output=output)
        try:
            emulator.wait_ready(max(0.5, deadline - time.monotonic()))
        except Exception:
            emulator.stop()
            raise
        return emulator

    @classmethod
    def connect(cls, url: Optional[str] = None, *, admin_token: Optional[str] = None,
                ready_timeout: float = 10.0) -> "Emulator":
        """Uses an emulator that is already running (``url`` or $BOLNA_EMULATOR_URL),
        after waiting until it answers ready."""
        url = url or os.environ.get("BOLNA_EMULATOR_URL")
        if not url:
            raise ValueError("connect() needs a url (or BOLNA_EMULATOR_URL)")
        emulator = cls(url, admin_token=admin_token or os.environ.get("BOLNA_EMULATOR_ADMIN_TOKEN"))
        emulator.wait_ready(ready_timeout)
        return emulator

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Polls GET /__emulator/ready (every 50 ms) until it answers 200."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while True:
            try:
                if self.ready():
                    return
            except EmulatorError as err:
                last = err
            if self.process is not None and self.process.poll() is not None:
                raise EmulatorError("GET", self.url + "/__emulator/ready", 0,
                                    f"the emulator exited with code {self.process.returncode}:\n"
                                    + self.output)
            if time.monotonic() >= deadline:
                raise EmulatorTimeout(f"{self.url} was not ready within {timeout} s ({last})")
            time.sleep(0.05)

    def ready(self) -> bool:
        status, _, _ = request("GET", self.url + "/__emulator/ready", raw=True, timeout=2)
        return status == 200

    def health(self) -> Any:
        return request("GET", self.url + "/__emulator/health")

    @property
    def output(self) -> str:
        """The last lines the started binary printed (stdout and stderr)."""
        return "\n".join(self._output)

    def stop(self, timeout: float = 10.0) -> Optional[int]:
        """Stops a started emulator (SIGTERM, then SIGKILL after ``timeout``); returns its
        exit code. Does nothing for a connected one."""
        if self.process is None:
            return None
        code = _stop_process(self.process, timeout)
        return code

    def __enter__(self) -> "Emulator":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- tenants and global actions ------------------------------------------------------

    def new_key(self, prefix: str = "bn-test") -> str:
        """A key no other test uses: its own tenant."""
        return f"{prefix}-{uuid.uuid4().hex[:12]}-{next(self._keys)}"

    def tenant(self, key: Optional[str] = None, *, clock: Optional[str] = None) -> "Tenant":
        """A handle on one tenant; a fresh unique key unless ``key`` is given. With
        ``clock="manual"`` (or ``"realtime"``) its clock mode is set at once."""
        tenant = Tenant(self, key or self.new_key())
        if clock is not None:
            tenant.set_clock(mode=clock)
        return tenant

    def sink(self, name: Optional[str] = None) -> "Sink":
        """The built-in webhook sink ``name`` (global; a fresh unique name by default)."""
        return Sink(self, name or f"sink-{uuid.uuid4().hex[:12]}")

    def reset_all(self, admin_token: Optional[str] = None) -> Any:
        """POST /__emulator/reset {"all": true}: every tenant and every sink (admin)."""
        token = admin_token or self.admin_token
        if not token:
            raise ValueError("reset_all() needs the admin token (start(admin_token=...))")
        return request("POST", self.url + "/__emulator/reset", {"all": True},
                       headers={"X-Emulator-Admin-Token": token})

    def __repr__(self) -> str:
        return f"Emulator({self.url!r})"


def _stop_process(proc: subprocess.Popen, timeout: float = 10.0) -> Optional[int]:
    if proc.poll() is None:
        try:
            proc.send_signal(signal.SIGTERM)
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait(timeout)
    return proc.returncode


class Tenant:
    """One tenant (API key) of an emulator. Every method sends one request (a few send
    several) and returns the parsed answer; a non-2xx answer raises EmulatorError."""

    def __init__(self, emulator: Emulator, key: str):
        self.emulator = emulator
        self.api_key = key
        self.base_url = emulator.url
        self.faults = Faults(self)
        self.webhooks = Webhooks(self)
        self.wallet = Wallet(self)
        self._sinks: List[Sink] = []
        self._sink_numbers = itertools.count(1)

    @property
    def key(self) -> str:
        return self.api_key

    def headers(self, outcome: Optional[str] = None) -> Dict[str, str]:
        """The Authorization header (and X-Emulator-Outcome when ``outcome`` is given)."""
        h = {"Authorization": f"Bearer {self.api_key}"}
        if outcome:
            h.update(self.force_outcome(outcome))
        return h

    # -- raw requests (the real API or the control API) ----------------------------------

    def request(self, method: str, path: str, body: Any = None, *,
                query: Optional[Mapping[str, Any]] = None,
                headers: Optional[Mapping[str, str]] = None, timeout: float = 30.0) -> Any:
        all_headers = self.headers()
        all_headers.update(headers or {})
        return request(method, self.base_url + path + encode_query(query), body,
                       headers=all_headers, timeout=timeout)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("POST", path, {} if body is None else body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("PUT", path, {} if body is None else body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("PATCH", path, {} if body is None else body, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)

    # -- shortcuts for the real API ------------------------------------------------------

    def create_agent(self, name: str = "Test agent", *, webhook_url: Optional[str] = None,
                     **agent_config: Any) -> str:
        """POST /v2/agent with a minimal valid agent; returns its agent_id."""
        body = json.loads(json.dumps(MINIMAL_AGENT))
        body["agent_config"]["agent_name"] = name
        if webhook_url:
            body["agent_config"]["webhook_url"] = webhook_url
        body["agent_config"].update(agent_config)
        return self.post("/v2/agent", body)["agent_id"]

    def place_call(self, agent_id: str, to: str = "+919876543210", *,
                   outcome: Optional[str] = None, **fields: Any) -> str:
        """POST /call (with X-Emulator-Outcome when ``outcome`` is given); returns the
        execution_id."""
        body = {"agent_id": agent_id, "recipient_phone_number": to, **fields}
        headers = self.force_outcome(outcome) if outcome else None
        return self.post("/call", body, headers=headers)["execution_id"]

    def execution(self, execution_id: str) -> Any:
        return self.get(f"/executions/{_q(execution_id)}")

    def force_outcome(self, outcome: str) -> Dict[str, str]:
        """The header that forces a call's outcome: pass it to POST /call."""
        return {"X-Emulator-Outcome": outcome}

    # -- clock ---------------------------------------------------------------------------

    def clock(self) -> Any:
        """{"now", "mode", "speed", "pending", "next_due"}"""
        return self.get("/__emulator/clock")

    def advance(self, seconds: Union[int, float, _dt.timedelta, None] = None, *,
                to: Union[str, _dt.datetime, None] = None, max_events: Optional[int] = None) -> Any:
        """Moves the clock forward by ``seconds`` or to ``to``; every transition due on the
        way has happened when it returns (the answer lists them)."""
        if (seconds is None) == (to is None):
            raise ValueError("advance() takes seconds or to=, not both")
        body: Dict[str, Any] = {"seconds": _seconds(seconds)} if seconds is not None else {"to": _iso(to)}
        if max_events is not None:
            body["max_events"] = max_events
        return self.post("/__emulator/clock/advance", body)

    def run_until_idle(self, *, max_seconds: Optional[float] = None,
                       max_events: Optional[int] = None) -> Any:
        """Advances until nothing is pending; the answer has ``idle``."""
        body: Dict[str, Any] = {}
        if max_seconds is not None:
            body["max_seconds"] = _seconds(max_seconds)
        if max_events is not None:
            body["max_events"] = max_events
        return self.post("/__emulator/clock/run-until-idle", body)

    def set_clock(self, now: Union[str, _dt.datetime, None] = None, *, mode: Optional[str] = None,
                  speed: Optional[float] = None, force: Optional[bool] = None) -> Any:
        """POST /__emulator/clock: set the time (``now``), the mode (``"manual"`` or
        ``"realtime"``) and/or the realtime ``speed``."""
        body: Dict[str, Any] = {}
        if now is not None:
            body["now"] = _iso(now)
        if mode is not None:
            body["mode"] = mode
        if speed is not None:
            body["speed"] = speed
        if force is not None:
            body["force"] = force
        return self.post("/__emulator/clock", body)

    # -- state ---------------------------------------------------------------------------

    def reset(self) -> Any:
        """Wipes the tenant (agents, executions, clock, wallet, scenario, journal, faults,
        webhooks...). Sinks are global: see Sink.clear()."""
        return self.post("/__emulator/reset", {})

    def cleanup(self) -> None:
        """reset() and clear every sink made with sink(): what the pytest fixture does
        after each test."""
        try:
            self.reset()
        finally:
            for sink in self._sinks:
                sink.clear()

    def concurrency(self) -> Any:
        return self.get("/__emulator/concurrency")

    def set_concurrency(self, max_calls: int) -> Any:
        return self.put("/__emulator/concurrency", {"max": max_calls})

    # -- scenarios -----------------------------------------------------------------------

    def scenario(self) -> Any:
        return self.get("/__emulator/scenario")

    def load_scenario(self, scenario: Union[str, pathlib.Path, Mapping[str, Any]], *,
                      all: bool = False, admin_token: Optional[str] = None) -> Any:
        """Loads a scenario for this tenant: a dict (the scenario itself), a path to a
        local JSON file (a ``pathlib.Path``, or a string naming an existing file), or the
        name of a file in the emulator's --scenarios-dir (``"sales-campaign"``). With
        ``all=True`` (admin token) it becomes every tenant's startup scenario."""
        if isinstance(scenario, Mapping):
            body: Any = dict(scenario)
        elif isinstance(scenario, pathlib.Path) or (
                isinstance(scenario, str) and os.path.isfile(scenario)):
            body = json.loads(pathlib.Path(scenario).read_text(encoding="utf-8"))
        else:
            body = {"file": str(scenario)}
        headers = None
        query = None
        if all:
            token = admin_token or self.emulator.admin_token
            if not token:
                raise ValueError("load_scenario(all=True) needs the admin token")
            headers, query = {"X-Emulator-Admin-Token": token}, {"all": "true"}
        return self.put("/__emulator/scenario", body, headers=headers, query=query)

    def reset_scenario(self) -> Any:
        """Back to the startup scenario."""
        return self.delete("/__emulator/scenario")

    # -- sink, journal, timeline ---------------------------------------------------------

    def sink(self, name: Optional[str] = None) -> "Sink":
        """A built-in webhook sink; a name unique to this tenant by default. Its ``url``
        is what to set as an agent's webhook_url; wait_for() flushes this tenant's
        webhooks before it reads."""
        sink = Sink(self.emulator, name or f"{self.api_key}-{next(self._sink_numbers)}", tenant=self)
        self._sinks.append(sink)
        return sink

    def requests(self, method: Optional[str] = None, path: Optional[str] = None,
                 status: Union[int, str, None] = None, since: Union[int, str, None] = None,
                 limit: Optional[int] = None) -> List[Any]:
        """The request journal's entries (oldest first), filtered like
        GET /__emulator/requests."""
        return self.journal(method=method, path=path, status=status, since=since,
                            limit=limit)["entries"]

    def journal(self, **filters: Any) -> Any:
        """The whole journal answer: capacity, size, dropped, last_seq, count, entries."""
        return self.get("/__emulator/requests", query=filters)

    def clear_requests(self) -> Any:
        return self.delete("/__emulator/requests")

    def timeline(self, execution_id: str) -> Any:
        """{"execution_id", "status", "outcome", "timeline": [...], "deliveries": [...]}"""
        return self.get(f"/__emulator/executions/{_q(execution_id)}/timeline")

    def __repr__(self) -> str:
        return f"Tenant({self.base_url!r}, key={self.api_key!r})"


def _q(segment: str) -> str:
    return urllib.parse.quote(str(segment), safe="")


class Wallet:
    """GET/PUT /__emulator/wallet of one tenant."""

    def __init__(self, tenant: Tenant):
        self._tenant = tenant

    def get(self) -> Any:
        """{"balance": <dollars>, "balance_cents": <cents>}"""
        return self._tenant.get("/__emulator/wallet")

    @property
    def balance(self) -> float:
        return self.get()["balance"]

    @property
    def balance_cents(self) -> float:
        return self.get()["balance_cents"]

    def set(self, balance: Optional[float] = None, *, cents: Optional[float] = None) -> Any:
        if (balance is None) == (cents is None):
            raise ValueError("wallet.set() takes dollars or cents=, not both")
        body = {"balance": balance} if balance is not None else {"balance_cents": cents}
        return self._tenant.put("/__emulator/wallet", body)


class Faults:
    """Fault injection of one tenant (/__emulator/faults)."""

    def __init__(self, tenant: Tenant):
        self._tenant = tenant

    def add(self, spec: Optional[Mapping[str, Any]] = None, **fields: Any) -> Any:
        """Adds a fault: ``faults.add(method="POST", path="/call", status=503, count=2)``
        (or a dict). Returns the fault, with its ``id``."""
        body = dict(spec or {})
        body.update(fields)
        return self._tenant.post("/__emulator/faults", body)

    def list(self) -> List[Any]:
        return self._tenant.get("/__emulator/faults")["faults"]

    def remove(self, fault_id: str) -> Any:
        return self._tenant.delete(f"/__emulator/faults/{_q(fault_id)}")

    def clear(self) -> Any:
        return self._tenant.delete("/__emulator/faults")


class Webhooks:
    """The webhook journal and queues of one tenant (/__emulator/webhooks)."""

    def __init__(self, tenant: Tenant):
        self._tenant = tenant

    def flush(self, timeout: float = 10.0, *, check: bool = True) -> Any:
        """Waits (at most ``timeout`` seconds, server side) until every delivery due so
        far has finished. Raises EmulatorTimeout when it did not settle, unless
        ``check=False``."""
        answer = self._tenant.post("/__emulator/webhooks/flush",
                                   {"timeout_ms": int(max(0.0, timeout) * 1000)},
                                   timeout=timeout + 30)
        if check and not answer.get("done"):
            raise EmulatorTimeout(f"webhooks did not settle within {timeout} s: {answer}", answer)
        return answer

    def list(self, execution_id: Optional[str] = None, batch_id: Optional[str] = None) -> Any:
        """{"attempts": [...], "queued", "in_flight", "waiting_retry"}"""
        return self._tenant.get("/__emulator/webhooks",
                                query={"execution_id": execution_id, "batch_id": batch_id})

    def attempts(self, execution_id: Optional[str] = None, batch_id: Optional[str] = None) -> List[Any]:
        return self.list(execution_id, batch_id)["attempts"]

    def redeliver(self, attempt_id: int) -> Any:
        return self._tenant.post(f"/__emulator/webhooks/{int(attempt_id)}/redeliver", {})

    def set_headers(self, agent_id: str, headers: Mapping[str, str]) -> Any:
        return self._tenant.put(f"/__emulator/agents/{_q(agent_id)}/webhook-headers", dict(headers))

    def get_headers(self, agent_id: str) -> Any:
        return self._tenant.get(f"/__emulator/agents/{_q(agent_id)}/webhook-headers")


class Sink:
    """A named built-in webhook receiver (global to the emulator, no key)."""

    def __init__(self, emulator: Emulator, name: str, tenant: Optional[Tenant] = None):
        self.emulator = emulator
        self.name = name
        self.tenant = tenant
        self.url = f"{emulator.url}/__emulator/sink/{_q(name)}"

    def get(self) -> Any:
        """{"name", "received", "dropped", "bodies"}"""
        return request("GET", self.url)

    def bodies(self) -> List[Any]:
        """What arrived so far, oldest first (JSON bodies parsed)."""
        return self.get()["bodies"]

    def clear(self) -> Any:
        return request("DELETE", self.url)

    def wait_for(self, predicate: Optional[Callable[[Any], Any]] = None,
                 timeout: float = 10.0, *, interval: float = 0.05) -> Any:
        """Returns the first body for which ``predicate(body)`` is true (any body when
        there is no predicate), polling at most ``timeout`` seconds; raises
        EmulatorTimeout with the bodies seen. It flushes the tenant's webhooks first, so
        after a clock move it usually answers at once. It does not move the clock."""
        return self._wait(lambda bodies: next((b for b in bodies if predicate is None or predicate(b)),
                                              _MISSING), timeout, interval, "a matching body")

    def wait_for_count(self, count: int, timeout: float = 10.0, *, interval: float = 0.05) -> List[Any]:
        """Waits until at least ``count`` bodies arrived; returns them all."""
        return self._wait(lambda bodies: bodies if len(bodies) >= count else _MISSING,
                          timeout, interval, f"{count} bodies")

    def _wait(self, pick, timeout: float, interval: float, what: str):
        deadline = time.monotonic() + timeout
        bodies: List[Any] = []
        if self.tenant is not None:
            self.tenant.webhooks.flush(min(timeout, 10.0), check=False)
        while True:
            bodies = self.bodies()
            found = pick(bodies)
            if found is not _MISSING:
                return found
            if time.monotonic() >= deadline:
                raise EmulatorTimeout(
                    f"sink {self.name!r}: no {what} within {timeout} s; {len(bodies)} received: "
                    + json.dumps(bodies)[:2000], bodies)
            time.sleep(interval)

    def __repr__(self) -> str:
        return f"Sink({self.name!r})"


_MISSING = object()
