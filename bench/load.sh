#!/usr/bin/env bash
# Load benchmark: the server as `make run` starts it (waitress), driven by wrk on loopback
# for 30 s at 64 connections against the home page, an intake step and a search.
# Prints requests/s, p99 latency and errors per target, and the server's peak memory.
# Usage: bench/load.sh [seconds] [connections]     (needs Debian's wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
CONNS=${2:-64}
PORT=${PORT:-5099}
# A request is an error when it fails or takes longer than this (wrk's own default is 2 s;
# a phone browser waits far longer, so we count only what a person would see fail).
TIMEOUT=${TIMEOUT:-10s}
BASE="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
make -s setup
# The search limit protects a real site from scripts; this run is such a script, on purpose.
LOKETWIJZER_SEARCH_LIMIT=100000000 .venv/bin/loketwijzer serve --port "$PORT" >/tmp/loketwijzer-load.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "$BASE/" >/dev/null && break; sleep 0.2; done

# An intake step needs the person's cookie: answer the first question once, keep the cookie.
JAR=$(mktemp)
TOKEN=$(curl -s -c "$JAR" "$BASE/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "csrf=$TOKEN&question=gevaar&value=nee" "$BASE/antwoord"
COOKIE=$(awk '$6=="lw"{print "lw="$7}' "$JAR")

peak() { awk '/VmHWM/{print $2/1024 " MB"}' "/proc/$SERVER/status" 2>/dev/null || echo "?"; }
run() {
  local name=$1 url=$2 header=${3:-}
  local out
  if [ -n "$header" ]; then
    out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --timeout "$TIMEOUT" --latency -H "$header" "$url")
  else
    out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --timeout "$TIMEOUT" --latency "$url")
  fi
  local rps p99 errors non2xx
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  max=$(awk '$1=="Latency"{print $4}' <<<"$out")
  errors=$(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10}' <<<"$out")
  detail=$(awk '/Socket errors/{sub(/^ +/,"");print}' <<<"$out")
  non2xx=$(awk '/Non-2xx/{print $5}' <<<"$out")
  printf '%-8s %8s req/s  p50 %8s  p99 %8s  max %8s  errors %s  non-2xx %s  %s\n' \
    "$name" "$rps" "$p50" "$p99" "$max" "${errors:-0}" "${non2xx:-0}" "$detail"
}
echo "wrk: ${SECONDS_RUN}s, $CONNS connections, 2 threads, timeout $TIMEOUT; waitress 8 threads; $(nproc) cores"
run home "$BASE/"
run intake "$BASE/" "Cookie: $COOKIE"
run search "$BASE/api/search?q=waar%20kan%20ik%20vannacht%20slapen&lang=nl&municipality=utrecht"
echo "server peak memory (VmHWM): $(peak)"
