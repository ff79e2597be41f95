#!/usr/bin/env bash
# Checks what a person sees from ./scripts/run.sh --demo: a prompt with quotes and a dollar sign arrives as typed,
# each answer is printed once, the offline model's conventions (magic prompts, raw tool results) do not show,
# and no colour codes from Maven precede the output.
#
#   samples/copilot-client-demo/scripts/check-demo.sh
set -uo pipefail
cd "$(dirname "$0")/../../.."
out="$(mktemp -t copilot-demo.XXXXXX)"
fail() { echo "FAIL: $*" >&2; echo "--- run.sh --demo output:" >&2; cat -v "$out" >&2; exit 1; }

prompt='Say "hi" and $HOME'
./scripts/run.sh --demo "$prompt" 'What time is it?' >"$out" 2>&1 || fail "run.sh --demo exited with $?"

[[ "$(head -c 1 "$out")" != $'\e' ]] || fail "the output starts with an escape sequence"
grep -q $'\e' "$out" && fail "the output holds escape sequences"
grep -qxF "> $prompt" "$out" || fail "the prompt did not arrive as typed"
answer="< Hello! This is the offline stand-in for Copilot. You said: \"$prompt\". Ask for the time to see a tool call."
grep -qxF "$answer" "$out" || fail "the answer to the first prompt is missing"
[[ $(grep -cF "This is the offline stand-in" "$out") -eq 1 ]] || fail "the first answer was printed more than once"
grep -qx '\[calls the tool local_time\]' "$out" || fail "the tool call is not shown"
grep -Eqx '< The local_time tool says it is [0-9]{2}:[0-9]{2}:[0-9]{2} on this machine\.' "$out" \
  || fail "the tool turn's answer is missing"
[[ $(grep -c "The local_time tool says" "$out") -eq 1 ]] || fail "the tool turn's answer was printed more than once"
grep -Eq 'CALL_TOOL|TOOL RESULT WAS' "$out" && fail "the fake model's conventions show"
grep -q "Stopped; the CLI process is gone." "$out" || fail "the demo did not stop cleanly"
echo "OK: the demo shows each prompt as typed and each answer once"
rm -f "$out"
