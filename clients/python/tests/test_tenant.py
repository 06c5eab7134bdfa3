# Tenant: every control-API helper against the real binary, on the manual clock.
import datetime as dt
import json

import pytest

from bolna_emulator import EmulatorError, EmulatorTimeout

from conftest import REPO


def test_clock_show_advance_and_set(bolna_tenant):
    clock = bolna_tenant.clock()
    assert clock["mode"] == "manual" and clock["pending"] == 0
    bolna_tenant.set_clock("2026-06-23T12:00:00+00:00")
    assert bolna_tenant.clock()["now"].startswith("2026-06-23T12:00:00")
    moved = bolna_tenant.advance(90)
    assert moved["now"].startswith("2026-06-23T12:01:30")
    moved = bolna_tenant.advance(dt.timedelta(minutes=10))
    assert moved["now"].startswith("2026-06-23T12:11:30")
    moved = bolna_tenant.advance(to=dt.datetime(2026, 6, 24, tzinfo=dt.timezone.utc))
    assert moved["now"].startswith("2026-06-24T00:00:00")
    assert bolna_tenant.set_clock(mode="realtime", speed=5)["speed"] == 5
    assert bolna_tenant.set_clock(mode="manual")["mode"] == "manual"
    with pytest.raises(ValueError):
        bolna_tenant.advance()


def test_advance_moves_a_call_through_its_statuses(bolna_tenant):
    agent_id = bolna_tenant.create_agent()
    execution_id = bolna_tenant.place_call(agent_id)
    assert bolna_tenant.execution(execution_id)["status"] == "queued"
    moved = bolna_tenant.advance(3)
    assert [e["to"] for e in moved["events"]] == ["initiated", "ringing"]
    assert all(e["execution_id"] == execution_id for e in moved["events"])
    idle = bolna_tenant.run_until_idle()
    assert idle["idle"] is True and idle["pending"] == 0
    assert bolna_tenant.execution(execution_id)["status"] == "completed"
    timeline = bolna_tenant.timeline(execution_id)
    assert timeline["outcome"] == "completed"
    assert [c["to"] for c in timeline["timeline"]] == [
        "queued", "initiated", "ringing", "in-progress", "call-disconnected", "completed"]


def test_errors_carry_the_emulator_error_body(bolna_tenant):
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.timeline("no-such-execution")
    assert err.value.status == 404
    assert err.value.body == {"error": 404, "message": "Execution not found"}
    assert err.value.message == "Execution not found"
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.post("/call", {})
    assert err.value.body["error"] == 1001
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.advance(-1)
    assert err.value.status == 400 and "seconds must be" in err.value.message


def test_reset_wipes_the_tenant(bolna_tenant):
    bolna_tenant.create_agent()
    bolna_tenant.wallet.set(1.5)
    bolna_tenant.reset()
    assert bolna_tenant.get("/v2/agent/all") == []
    assert bolna_tenant.wallet.balance == 100


def test_wallet_get_and_set(bolna_tenant):
    assert bolna_tenant.wallet.get() == {"balance": 100.0, "balance_cents": 10000.0}
    assert bolna_tenant.wallet.set(12.5)["balance_cents"] == 1250
    assert bolna_tenant.wallet.set(cents=99)["balance"] == 0.99
    assert bolna_tenant.wallet.balance_cents == 99
    with pytest.raises(ValueError):
        bolna_tenant.wallet.set()


def test_concurrency(bolna_tenant):
    assert bolna_tenant.set_concurrency(2)["max"] == 2
    assert bolna_tenant.concurrency()["max"] == 2


def test_load_scenario_by_name_by_dict_and_by_file(bolna_tenant, tmp_path):
    loaded = bolna_tenant.load_scenario("voicemail-heavy")
    assert loaded["scope"] == "tenant" and loaded["name"] == "voicemail-heavy"
    loaded = bolna_tenant.load_scenario({"magic_numbers": False, "default": "busy"})
    assert loaded["default"] == "busy"
    agent_id = bolna_tenant.create_agent()
    execution_id = bolna_tenant.place_call(agent_id, "+12025550100")
    bolna_tenant.run_until_idle()
    assert bolna_tenant.execution(execution_id)["status"] == "busy"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"name": "mine", "default": "no-answer"}))
    assert bolna_tenant.load_scenario(path)["name"] == "mine"
    assert bolna_tenant.load_scenario(str(path))["default"] == "no-answer"
    assert bolna_tenant.scenario()["name"] == "mine"
    assert bolna_tenant.reset_scenario()["scope"] == "startup"
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.load_scenario("no-such-scenario")
    assert err.value.status == 404
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.load_scenario({"default": "nope"})
    assert err.value.status == 400 and err.value.body["path"].startswith("$")


def test_load_scenario_for_every_tenant_with_the_admin_token(bolna_emulator, bolna_tenant):
    try:
        assert bolna_tenant.load_scenario("carrier-outage", all=True)["scope"] == "startup"
        assert bolna_emulator.tenant().scenario()["name"] == "carrier-outage"
    finally:
        bolna_tenant.load_scenario(str(REPO / "scenarios" / "default.json"), all=True)
    assert bolna_emulator.tenant().scenario()["name"] != "carrier-outage"


def test_force_outcome_header(bolna_tenant):
    agent_id = bolna_tenant.create_agent()
    execution_id = bolna_tenant.post(
        "/call", {"agent_id": agent_id, "recipient_phone_number": "+919876543210"},
        headers=bolna_tenant.force_outcome("no-answer"))["execution_id"]
    other = bolna_tenant.place_call(agent_id, outcome="voicemail")
    bolna_tenant.run_until_idle()
    assert bolna_tenant.execution(execution_id)["status"] == "no-answer"
    assert bolna_tenant.execution(other)["answered_by_voice_mail"] is True
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.place_call(agent_id, outcome="nonsense")
    assert err.value.status == 400


def test_sink_collects_webhooks_and_wait_for_is_bounded(bolna_tenant):
    sink = bolna_tenant.sink()
    assert sink.url == f"{bolna_tenant.base_url}/__emulator/sink/{sink.name}"
    assert sink.bodies() == []
    with pytest.raises(EmulatorTimeout) as err:
        sink.wait_for(timeout=0.2)
    assert err.value.seen == []
    agent_id = bolna_tenant.create_agent(webhook_url=sink.url)
    execution_id = bolna_tenant.place_call(agent_id, "+12025550114")
    first = sink.wait_for(lambda b: b["status"] == "queued")
    assert first["id"] == execution_id
    bolna_tenant.run_until_idle()
    done = sink.wait_for(lambda b: b["status"] == "completed")
    assert done["answered_by_voice_mail"] is True
    statuses = [b["status"] for b in sink.wait_for_count(6)]
    assert statuses == ["queued", "initiated", "ringing", "in-progress", "call-disconnected",
                        "completed"]
    sink.clear()
    assert sink.bodies() == []


def test_requests_journal_filters(bolna_tenant):
    agent_id = bolna_tenant.create_agent()
    with pytest.raises(EmulatorError):
        bolna_tenant.post("/call", {})
    bolna_tenant.place_call(agent_id)
    entries = bolna_tenant.requests(method="POST", path="/call")
    assert [e["status"] for e in entries] == [400, 200]
    assert [e["status"] for e in bolna_tenant.requests(status="4xx")] == [400]
    last = bolna_tenant.requests(limit=1)
    assert len(last) == 1 and last[0]["path"] == "/call"
    assert bolna_tenant.requests(since=last[0]["seq"]) == []
    assert bolna_tenant.journal()["size"] == 3
    assert bolna_tenant.clear_requests()["deleted"] == 3
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.requests(status="abc")
    assert err.value.status == 400


def test_faults_add_fire_list_remove(bolna_tenant):
    fault = bolna_tenant.faults.add(method="POST", path="/call", status=503, count=1)
    assert fault["id"] == "flt_1" and fault["remaining"] == 1
    agent_id = bolna_tenant.create_agent()
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.place_call(agent_id)
    assert err.value.status == 503
    assert err.value.headers.get("X-Emulator-Fault") == "flt_1"
    assert "injected fault flt_1" in err.value.message
    bolna_tenant.place_call(agent_id)  # count 1: gone
    assert bolna_tenant.faults.list() == []
    second = bolna_tenant.faults.add({"path": "/v2/agent/*", "status": 429})
    assert [f["id"] for f in bolna_tenant.faults.list()] == [second["id"]]
    assert bolna_tenant.faults.remove(second["id"]) == {"deleted": 1}
    bolna_tenant.faults.add(path="/executions/*", delay_ms=1)
    assert bolna_tenant.faults.clear() == {"deleted": 1}
    with pytest.raises(EmulatorError) as err:
        bolna_tenant.faults.add(path="/call")
    assert err.value.status == 400


def test_webhooks_flush_list_redeliver_headers(bolna_tenant):
    sink = bolna_tenant.sink()
    agent_id = bolna_tenant.create_agent(webhook_url=sink.url)
    assert bolna_tenant.webhooks.set_headers(agent_id, {"X-Api-Key": "abc"})["headers"] == {
        "X-Api-Key": "abc"}
    assert bolna_tenant.webhooks.get_headers(agent_id)["headers"] == {"X-Api-Key": "abc"}
    execution_id = bolna_tenant.place_call(agent_id, "+12025550110")
    bolna_tenant.run_until_idle()
    flushed = bolna_tenant.webhooks.flush()
    assert flushed["done"] is True and flushed["queued"] == 0
    attempts = bolna_tenant.webhooks.attempts(execution_id=execution_id)
    assert attempts and all(a["result"] == "delivered" for a in attempts)
    assert attempts[-1]["status"] == "busy"
    again = bolna_tenant.webhooks.redeliver(attempts[-1]["id"])
    assert again["redelivery_of"] == attempts[-1]["id"]
    bolna_tenant.webhooks.flush()
    assert [b["status"] for b in sink.bodies()][-2:] == ["busy", "busy"]
    timeline = bolna_tenant.timeline(execution_id)
    assert len(timeline["deliveries"]) == len(attempts) + 1
    assert bolna_tenant.webhooks.list()["waiting_retry"] == 0
