#!/usr/bin/env bash
# HTTP benchmark: the emulator against nginx serving the same response bytes, in one run.
#
# Builds Release (bolna-emulator, http_clients), starts the emulator (manual clock, free
# loopback port, default flags otherwise) and nginx (config and files in a temp dir, free
# loopback port, same body bytes from files), then runs wrk against both, alternating, for
# GET /executions/{id} (a completed call, ~2 KB of JSON), POST /call and
# GET /__emulator/health at 1, 16, 64 and 256 keep-alive connections. Prints req/s, p50,
# p99, max and errors per row and the emulator/nginx ratio; then per-client fairness at 64
# and 256 connections (bench/http_clients fair) and start-to-ready time (median of 10 cold
# starts, bench/http_clients ready).
#
# Usage: bench/http_bench.sh [seconds_per_row=3]
# Env:   BUILD_DIR (default build), EMULATOR_ARGS (extra emulator flags)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-3}"
BUILD_DIR="${BUILD_DIR:-build}"
EMULATOR_ARGS="${EMULATOR_ARGS:-}"
for tool in wrk nginx curl jq; do
  command -v "$tool" >/dev/null || { echo "http_bench: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j2 --target bolna-emulator http_clients >/dev/null

TMP="$(mktemp -d /tmp/http-bench.XXXXXX)"
chmod 755 "$TMP"  # nginx workers may run as another user
EMU_PID=""
cleanup() {
  [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null || true
  [ -f "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- emulator -----------------------------------------------------------------------
# shellcheck disable=SC2086
"$BUILD_DIR/bolna-emulator" --port 0 --clock manual $EMULATOR_ARGS >"$TMP/emulator.out" 2>"$TMP/emulator.err" &
EMU_PID=$!
for _ in $(seq 1 200); do
  grep -q '^listening on' "$TMP/emulator.out" 2>/dev/null && break
  sleep 0.05
done
EMU="$(sed -n 's/^listening on //p' "$TMP/emulator.out" | head -1)"
[ -n "$EMU" ] || { echo "http_bench: the emulator did not start" >&2; cat "$TMP/emulator.err" >&2; exit 1; }
KEY="bench-key"
AUTH="Authorization: Bearer $KEY"
AGENT_BODY='{"agent_config": {"agent_name": "Bench", "agent_welcome_message": "Hello",
  "tasks": [{"task_type": "conversation", "toolchain": {"execution": "parallel",
  "pipelines": [["transcriber", "llm", "synthesizer"]]}}]},
  "agent_prompts": {"task_1": {"system_prompt": "You are helpful."}}}'
AGENT="$(curl -sf -X POST "$EMU/v2/agent" -H "$AUTH" -H 'Content-Type: application/json' -d "$AGENT_BODY" | jq -r .agent_id)"
CALL_BODY="{\"agent_id\": \"$AGENT\", \"recipient_phone_number\": \"+919876543210\"}"
EXEC="$(curl -sf -X POST "$EMU/call" -H "$AUTH" -H 'Content-Type: application/json' -d "$CALL_BODY" | jq -r .execution_id)"
curl -sf -X POST "$EMU/__emulator/clock/run-until-idle" -H "$AUTH" >/dev/null

mkdir -p "$TMP/www"
curl -sf "$EMU/executions/$EXEC" -H "$AUTH" -o "$TMP/www/execution.json"
curl -sf -X POST "$EMU/call" -H "$AUTH" -H 'Content-Type: application/json' -d "$CALL_BODY" -o "$TMP/www/call.json"
curl -sf "$EMU/__emulator/health" -o "$TMP/www/health.json"

# --- nginx --------------------------------------------------------------------------
NGINX_PORT="$(free_port)"
cat >"$TMP/nginx.conf" <<EOF
worker_processes auto;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log $TMP/nginx-access.log;
  keepalive_requests 100000;
  client_body_temp_path $TMP/body;
  proxy_temp_path $TMP/proxy;
  fastcgi_temp_path $TMP/fastcgi;
  uwsgi_temp_path $TMP/uwsgi;
  scgi_temp_path $TMP/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    default_type application/json;
    location = /executions/$EXEC { alias $TMP/www/execution.json; }
    location = /__emulator/health { alias $TMP/www/health.json; }
    # POST to a static file is a 405 in nginx; serve the file as the 405's error page.
    location = /call { error_page 405 =200 /static/call.json; return 405; }
    location /static/ { internal; alias $TMP/www/; }
  }
}
EOF
nginx -c "$TMP/nginx.conf" -p "$TMP" 2>"$TMP/nginx.start"
NGX="http://127.0.0.1:$NGINX_PORT"
for _ in $(seq 1 100); do curl -sf "$NGX/__emulator/health" >/dev/null && break; sleep 0.05; done
cmp -s <(curl -sf "$NGX/executions/$EXEC") "$TMP/www/execution.json" || { echo "http_bench: nginx does not serve the execution" >&2; exit 1; }
cmp -s <(curl -sf -X POST "$NGX/call" -d "$CALL_BODY") "$TMP/www/call.json" || { echo "http_bench: nginx does not serve POST /call" >&2; exit 1; }

# POST /call rows: each row gets its own tenant (key) and agent, so a row's calls never
# meet the previous rows' executions and the --max-executions bound (200,000 per tenant).
post_lua() {
  local key="bench-post-$1" agent body
  agent="$(curl -sf -X POST "$EMU/v2/agent" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$AGENT_BODY" | jq -r .agent_id)"
  body="{\"agent_id\": \"$agent\", \"recipient_phone_number\": \"+919876543210\"}"
  cat >"$TMP/post-$1.lua" <<EOF
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
EOF
  echo "$TMP/post-$1.lua"
}

# --- rows ---------------------------------------------------------------------------
# wrk's latency figures in ms.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
# run_wrk URL CONNS [wrk args...] -> "rps p50 p99 max errors"
run_wrk() {
  local url="$1" conns="$2"; shift 2
  local threads=2; [ "$conns" -lt 2 ] && threads=1
  local out; out="$(wrk -t"$threads" -c"$conns" -d"${SECS}s" --timeout 5s --latency "$@" "$url" 2>&1)"
  local rps p50 p99 max errors
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
  max="$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' <<<"$out")")"
  errors="$(awk '/Socket errors:/ { gsub(",", ""); e += $4 + $6 + $8 + $10 } /Non-2xx/ { e += $NF } END { print e + 0 }' <<<"$out")"
  echo "${rps:-0} $p50 $p99 $max $errors"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) (start)"
echo "emulator $EMU (pid $EMU_PID, args: --clock manual $EMULATOR_ARGS), nginx $NGX ($(nginx -v 2>&1 | cut -d/ -f2)), $SECS s per row"
echo
echo "| endpoint | conns | emulator req/s | p50 ms | p99 ms | max ms | errors | nginx req/s | p50 ms | p99 ms | max ms | errors | emulator/nginx |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
row=0
for endpoint in "GET /executions/{id}" "POST /call" "GET /__emulator/health"; do
  for conns in 1 16 64 256; do
    case "$endpoint" in
      "GET /executions/{id}") path="/executions/$EXEC"; args=(-H "$AUTH") ;;
      "POST /call") path="/call"; args=(-s "$(post_lua "$conns")") ;;
      *) path="/__emulator/health"; args=() ;;
    esac
    if [ $((row % 2)) -eq 0 ]; then
      e="$(run_wrk "$EMU$path" "$conns" "${args[@]}")"; n="$(run_wrk "$NGX$path" "$conns" "${args[@]}")"
    else
      n="$(run_wrk "$NGX$path" "$conns" "${args[@]}")"; e="$(run_wrk "$EMU$path" "$conns" "${args[@]}")"
    fi
    row=$((row + 1))
    read -r er ep50 ep99 emax eerr <<<"$e"
    read -r nr np50 np99 nmax nerr <<<"$n"
    ratio="$(awk -v a="$er" -v b="$nr" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
    echo "| $endpoint | $conns | $er | $ep50 | $ep99 | $emax | $eerr | $nr | $np50 | $np99 | $nmax | $nerr | $ratio |"
  done
done
echo
for conns in 64 256; do
  echo "fairness, $conns keep-alive clients, GET /executions/{id}, $SECS s:"
  echo "  emulator: $("$BUILD_DIR/http_clients" fair "${EMU##*:}" "/executions/$EXEC" "$conns" "$SECS" "$KEY")"
  echo "  nginx:    $("$BUILD_DIR/http_clients" fair "$NGINX_PORT" "/executions/$EXEC" "$conns" "$SECS")"
done
echo
kill "$EMU_PID"; wait "$EMU_PID" 2>/dev/null || true; EMU_PID=""
# shellcheck disable=SC2086
echo "$("$BUILD_DIR/http_clients" ready 10 "$(realpath "$BUILD_DIR")/bolna-emulator" --host 127.0.0.1 $EMULATOR_ARGS)"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) (end)"
