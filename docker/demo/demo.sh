#!/bin/sh
# Demo client for docker-compose.yml, standing in for an application that already uses
# Bolna: it is configured with the agent id it calls and the caller numbers it owns
# (BOLNA_AGENT_ID, BOLNA_FROM_NUMBERS) and creates nothing itself; the emulator knows that
# agent and those numbers from its fixtures file (fixtures/compose-demo.json). It places
# two calls and a batch campaign, runs the virtual clock until nothing is pending, and
# prints the executions, the batch and the webhooks the sink received. POSIX sh + curl
# only; exits non-zero on the first unexpected answer.
# Settings: BOLNA_BASE_URL, BOLNA_API_KEY, BOLNA_AGENT_ID, BOLNA_FROM_NUMBERS.
set -eu
BASE=${BOLNA_BASE_URL:-http://127.0.0.1:8080}
KEY=${BOLNA_API_KEY:-bn-demo}
AGENT_ID=${BOLNA_AGENT_ID:?set BOLNA_AGENT_ID to the agent id your app calls}
FROM_NUMBERS=${BOLNA_FROM_NUMBERS:?set BOLNA_FROM_NUMBERS to your caller numbers (comma-separated)}

# call METHOD PATH [JSON]: prints the body; fails on a non-2xx status.
call() {
  curl -sS --fail-with-body -m 10 -X "$1" "$BASE$2" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' ${3:+-d "$3"}
}
# field NAME: the first string value of "NAME" in the JSON on stdin.
field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" | head -n 1; }

echo "== emulator at $BASE"
call GET /__emulator/ready; echo

echo "== the agent the app is configured with: $AGENT_ID"
echo "agent_name: $(call GET "/v2/agent/$AGENT_ID" | field agent_name)"

echo "== manual clock at a fixed time: calls move only when told to"
call POST /__emulator/clock '{"mode": "manual"}' > /dev/null
call POST /__emulator/clock '{"now": "2026-06-23T12:00:00+00:00"}'; echo

first_number=${FROM_NUMBERS%%,*}
for number in +15550100001 +15550100002; do
  execution_id=$(call POST /call '{"agent_id": "'"$AGENT_ID"'", "recipient_phone_number":
    "'"$number"'", "from_phone_number": "'"$first_number"'"}' | field execution_id)
  echo "placed a call to $number from $first_number: execution $execution_id"
  executions="${executions:-} $execution_id"
done

echo "== a batch campaign from every number of the app ($FROM_NUMBERS)"
printf 'contact_number,name\n+14155550100,Ana\n+14155550110,Bo\n+14155550114,Cy\n' > /tmp/contacts.csv
set -- -F "agent_id=$AGENT_ID" -F file=@/tmp/contacts.csv
for n in $(echo "$FROM_NUMBERS" | tr ',' ' '); do set -- "$@" -F "from_phone_numbers=$n"; done
batch_id=$(curl -sS --fail-with-body -m 10 -X POST "$BASE/batches" -H "Authorization: Bearer $KEY" \
  "$@" | field batch_id)
echo "batch $batch_id"
curl -sS --fail-with-body -m 10 -X POST "$BASE/batches/$batch_id/schedule" \
  -H "Authorization: Bearer $KEY" -F scheduled_at=2026-06-23T12:10:00+00:00; echo

echo "== running the clock until nothing is pending"
call POST /__emulator/clock/run-until-idle > /dev/null

for id in $executions; do
  echo "execution $id: status $(call GET "/executions/$id" | field status)"
done
echo "batch $batch_id:"
call GET "/batches/$batch_id"; echo

echo "== webhooks received by the sink (the fixture agent's webhook_url)"
call POST /__emulator/webhooks/flush '{"timeout_ms": 5000}' > /dev/null
call GET /__emulator/sink/demo; echo
