# test_calls.py; conftest.py has: pytest_plugins = ["bolna_emulator.pytest"]


def test_busy_number_ends_busy(bolna_tenant):
    sink = bolna_tenant.sink()
    agent_id = bolna_tenant.create_agent(webhook_url=sink.url)
    execution_id = bolna_tenant.place_call(agent_id, "+12025550110")
    bolna_tenant.run_until_idle()
    body = sink.wait_for(lambda b: b["status"] == "busy", timeout=10)
    assert body["id"] == execution_id
