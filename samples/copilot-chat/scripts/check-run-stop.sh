#!/usr/bin/env bash
# Checks that ./scripts/run.sh starts the chat sample and that Ctrl-C stops it with its Copilot CLI:
# starts run.sh in a process group of its own (as a terminal does), waits for the URL, answers one prompt through
# the REST API, opens two event streams as a page does (the session's events and the session panel), sends SIGINT
# to the whole process group (what Ctrl-C does) while they are open, and verifies that run.sh exits, that neither
# the JVM nor any Copilot CLI process it started is left, and that the stop logged no error and no failed client.
#
#   samples/copilot-chat/scripts/check-run-stop.sh        (PORT defaults to 18080 here)
set -uo pipefail
cd "$(dirname "$0")/../../.."
port="${PORT:-18080}"
log="$(mktemp -t copilot-chat-run.XXXXXX)"
fail() { echo "FAIL: $*" >&2; echo "--- run.sh output:" >&2; cat "$log" >&2; exit 1; }

set -m   # background jobs get their own process group and keep SIGINT, like a command started in a terminal
started=$(date +%s%N)
PORT="$port" ./scripts/run.sh >"$log" 2>&1 &
runner=$!
set +m

for _ in $(seq 1 600); do
  grep -q "Copilot chat is ready: open http://localhost:$port" "$log" && break
  kill -0 "$runner" 2>/dev/null || fail "run.sh exited before the application was ready"
  sleep 0.1
done
grep -q "Copilot chat is ready" "$log" || fail "the application was not ready within 60 s"
ready=$(date +%s%N)
echo "ready after $(( (ready - started) / 1000000 )) ms: http://localhost:$port"

java_pid=$(pgrep -f "copilot-chat.jar --server.port=$port" | head -1)
[[ -n "$java_pid" ]] || fail "no JVM found"
cli_pids=$(pgrep -P "$java_pid" | tr '\n' ' ')
[[ -n "$cli_pids" ]] || fail "the JVM $java_pid has no child process (the Copilot CLI)"
echo "JVM $java_pid, Copilot CLI $cli_pids"

session=$(curl -sf -X POST "http://localhost:$port/api/sessions" | sed -E 's/.*"id":"([^"]+)".*/\1/')
answer=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"prompt":"Hello!"}' \
  "http://localhost:$port/api/sessions/$session/messages")
answered=$(date +%s%N)
[[ "$answer" == *'"answer":"Hello!'* ]] || fail "unexpected answer: $answer"
echo "first answer after $(( (answered - started) / 1000000 )) ms"

# the two streams a page holds open while it is shown
curl -sN "http://localhost:$port/api/sessions/$session/events" >/dev/null 2>&1 &
events_stream=$!
curl -sN "http://localhost:$port/api/sessions/stream" >/dev/null 2>&1 &
panel_stream=$!
sleep 0.5
kill -0 "$events_stream" 2>/dev/null && kill -0 "$panel_stream" 2>/dev/null || fail "the event streams did not stay open"

kill -INT -- "-$runner"   # Ctrl-C: SIGINT to the foreground process group
for _ in $(seq 1 300); do
  kill -0 "$runner" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$runner" 2>/dev/null && fail "run.sh still runs 30 s after SIGINT"
wait "$runner"; code=$?
stopped=$(date +%s%N)
echo "run.sh exited with $code, $(( (stopped - answered) / 1000000 )) ms after SIGINT"
[[ $code -eq 0 ]] || fail "run.sh exit code $code"
kill -0 "$java_pid" 2>/dev/null && fail "the JVM $java_pid is still running"
for pid in $cli_pids; do
  kill -0 "$pid" 2>/dev/null && fail "the Copilot CLI $pid is still running"
done
for pid in $events_stream $panel_stream; do
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
grep -q "Lost the Copilot CLI" "$log" && fail "the CLI died under the client instead of being stopped by it"
grep -q "FAILED" "$log" && fail "the client went FAILED during the stop"
grep -Eq "^[0-9T:.+-]+ +ERROR|ERROR " "$log" && fail "the stop logged an error"
echo "OK: the application and its Copilot CLI are gone"
rm -f "$log"
