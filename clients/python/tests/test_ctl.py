# `bolna-emulator ctl` (the same binary) against the session's emulator, beside the
# helpers: a script can mix both. Skipped for a binary built before ctl existed.
import json
import subprocess

import pytest

from bolna_emulator import find_binary


def ctl(tenant, *args, env=None):
    argv = [find_binary(), "ctl", "--url", tenant.base_url, "--key", tenant.api_key, *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, env=env)


@pytest.fixture(scope="module", autouse=True)
def _needs_ctl():
    run = subprocess.run([find_binary(), "ctl", "--help"], capture_output=True, text=True, timeout=30)
    if run.returncode != 0 or "bolna-emulator ctl" not in run.stdout:
        pytest.skip("this bolna-emulator binary has no ctl verb")


def test_ctl_advance_and_timeline(bolna_tenant):
    execution_id = bolna_tenant.place_call(bolna_tenant.create_agent(), "+12025550110")
    moved = ctl(bolna_tenant, "--json", "clock", "advance", "1m")
    assert moved.returncode == 0, moved.stderr
    assert [e["to"] for e in json.loads(moved.stdout)["events"]] == ["initiated", "ringing", "busy"]
    assert bolna_tenant.execution(execution_id)["status"] == "busy"
    shown = ctl(bolna_tenant, "timeline", execution_id)
    assert shown.returncode == 0 and "status busy  outcome busy" in shown.stdout


def test_ctl_exit_codes(bolna_tenant):
    missing = ctl(bolna_tenant, "timeline", "nope")
    assert missing.returncode == 1 and "Execution not found" in missing.stderr
    assert ctl(bolna_tenant, "clock", "advance", "soon").returncode == 2
    assert ctl(bolna_tenant, "no-such-verb").returncode == 2
