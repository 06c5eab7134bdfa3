#!/bin/sh
# Demo client for docker-compose.yml: creates an agent whose webhook goes to the emulator's
# sink, places two calls, runs the virtual clock until nothing is pending, and prints the
# executions and the webhooks the sink received. POSIX sh + curl only; exits non-zero on
# the first unexpected answer. Settings: BOLNA_BASE_URL, BOLNA_API_KEY.
set -eu
BASE=${BOLNA_BASE_URL:-http://127.0.0.1:8080}
KEY=${BOLNA_API_KEY:-bn-demo}
SINK="$BASE/__emulator/sink/demo"

# call METHOD PATH [JSON]: prints the body; fails on a non-2xx status.
call() {
  curl -sS --fail-with-body -m 10 -X "$1" "$BASE$2" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' ${3:+-d "$3"}
}
# field NAME: the first string value of "NAME" in the JSON on stdin.
field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" | head -n 1; }

echo "== emulator at $BASE"
call GET /__emulator/ready; echo

echo "== creating an agent with webhook_url $SINK"
agent_id=$(call POST /v2/agent '{"agent_config": {"agent_name": "Compose demo",
  "webhook_url": "'"$SINK"'", "tasks": [{"task_type": "conversation", "toolchain":
  {"execution": "parallel", "pipelines": [["transcriber", "llm", "synthesizer"]]}}]},
  "agent_prompts": {"task_1": {"system_prompt": "You are a helpful assistant."}}}' | field agent_id)
echo "agent_id: $agent_id"

echo "== manual clock: calls move only when told to"
call POST /__emulator/clock '{"mode": "manual"}'; echo

for number in +15550100001 +15550100002; do
  execution_id=$(call POST /call '{"agent_id": "'"$agent_id"'", "recipient_phone_number": "'"$number"'"}' |
                 field execution_id)
  echo "placed a call to $number: execution $execution_id"
  executions="${executions:-} $execution_id"
done

echo "== running the clock until nothing is pending"
call POST /__emulator/clock/run-until-idle; echo

for id in $executions; do
  echo "execution $id: status $(call GET "/executions/$id" | field status)"
done

echo "== webhooks received by the sink"
call GET /__emulator/sink/demo; echo
