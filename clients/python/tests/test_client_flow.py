# A real client flow: the kind of code an application has (its own small Bolna client,
# knowing nothing of the emulator) pointed at the tenant's base_url and api_key; the test
# drives the clock and reads the webhooks through the helpers.
import json
import urllib.request

import pytest


class AppBolnaClient:
    """What an application's Bolna client looks like: base URL and key from its config."""

    def __init__(self, base_url, api_key):
        self.base_url, self.api_key = base_url, api_key

    def _send(self, method, path, body=None):
        req = urllib.request.Request(
            self.base_url + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def create_agent(self, name, webhook_url):
        return self._send("POST", "/v2/agent", {
            "agent_config": {
                "agent_name": name, "webhook_url": webhook_url,
                "agent_welcome_message": "Hello {name}",
                "tasks": [{"task_type": "conversation", "toolchain": {
                    "execution": "parallel", "pipelines": [["transcriber", "llm", "synthesizer"]]}}]},
            "agent_prompts": {"task_1": {"system_prompt": "You sell solar panels."}}})["agent_id"]

    def call(self, agent_id, number, name):
        return self._send("POST", "/call", {"agent_id": agent_id, "recipient_phone_number": number,
                                            "user_data": {"name": name}})["execution_id"]

    def execution(self, execution_id):
        return self._send("GET", f"/executions/{execution_id}")


NUMBERS = {  # magic test numbers: the last two digits pick the outcome
    "+12025550100": "completed",
    "+12025550110": "busy",
    "+12025550111": "no-answer",
    "+14155550114": "completed",  # voicemail: completed, answered_by_voice_mail
}


def test_campaign_through_a_real_client(bolna_tenant):
    app = AppBolnaClient(bolna_tenant.base_url, bolna_tenant.api_key)
    sink = bolna_tenant.sink("campaign-" + bolna_tenant.api_key)
    agent_id = app.create_agent("Solar", sink.url)
    calls = {app.call(agent_id, number, f"Customer {i}"): number
             for i, number in enumerate(NUMBERS)}

    # Nothing moves until the test moves the clock.
    assert {app.execution(e)["status"] for e in calls} == {"queued"}
    moved = bolna_tenant.advance(10)
    assert {ev["execution_id"] for ev in moved["events"]} == set(calls)
    assert app.execution(next(e for e, n in calls.items() if n == "+12025550110"))["status"] == "busy"

    bolna_tenant.run_until_idle()
    for execution_id, number in calls.items():
        final = sink.wait_for(lambda b: b["id"] == execution_id and b["status"] == NUMBERS[number])
        assert final == app.execution(execution_id)  # the webhook body is the execution
    bodies = sink.bodies()
    by_call = {e: [b["status"] for b in bodies if b["id"] == e] for e in calls}
    for execution_id, statuses in by_call.items():
        assert statuses[0] == "queued" and statuses[-1] == NUMBERS[calls[execution_id]]
        assert len(statuses) == len(set(statuses))  # one webhook per status change

    answered = [b for b in bodies if b["status"] == "completed"]
    voicemail = [b for b in answered if b["answered_by_voice_mail"]]
    assert len(answered) == 2 and len(voicemail) == 1
    assert voicemail[0]["user_number"] == "+14155550114"
    human = next(b for b in answered if not b["answered_by_voice_mail"])
    assert human["transcript"] and "Customer 0" in human["transcript"]
    spent = sum(b["total_cost"] for b in answered)
    assert bolna_tenant.wallet.balance_cents == pytest.approx(10000 - spent, abs=0.01)
    posts = bolna_tenant.requests(method="POST", path="/call")
    assert [e["status"] for e in posts] == [200] * 4
