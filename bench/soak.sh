#!/usr/bin/env bash
# Soak (issue 6): DEVICES simulated devices keep registering (RegisterPeer over UDP, as fast as
# RendezvousBench's window allows) against jdesk's rendezvous server for MINUTES minutes, while
# this script samples the server JVM every INTERVAL seconds: heap used after a full GC
# (jcmd GC.run + GC.heap_info), open file descriptors (/proc/PID/fd) and threads. A flat heap
# and a flat fd count over the run are the pass criteria; the table goes to stdout.
#
#   bench/soak.sh                                  # 100000 devices, 10 minutes, a sample every 30 s
#   DEVICES=20000 MINUTES=2 INTERVAL=10 bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${DEVICES:-100000}
MINUTES=${MINUTES:-10}
INTERVAL=${INTERVAL:-30}
THREADS=${THREADS:-2}
WINDOW=${WINDOW:-8}
JAR=bench/target/jdesk-bench.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package

SECONDS_TOTAL=$((MINUTES * 60))
LOG=$(mktemp)
java -cp "$JAR" io.jdesk.bench.RendezvousBench --devices "$DEVICES" --threads "$THREADS" --window "$WINDOW" \
    --seconds "$SECONDS_TOTAL" --warmup 5 --rounds 1 --skip-echo >"$LOG" 2>&1 &
CLIENT=$!
trap 'kill $CLIENT 2>/dev/null || true; pkill -f "serve-hbbs" 2>/dev/null || true' EXIT

PID=""
for _ in $(seq 1 600); do # the server pre-writes DEVICES rows before it is READY
    PID=$(pgrep -f -- "--serve-hbbs" | head -1 || true)
    [[ -n $PID ]] && grep -q READY "$LOG" 2>/dev/null && break
    sleep 1
done
[[ -n $PID ]] || { echo "no server JVM"; cat "$LOG"; exit 1; }
echo "soak: $DEVICES devices, $MINUTES min, server pid $PID, sample every $INTERVAL s"
printf "%8s %14s %8s %8s\n" "t(s)" "heap-after-GC" "fds" "threads"
START=$(date +%s)
while kill -0 "$CLIENT" 2>/dev/null; do
    T=$(( $(date +%s) - START ))
    jcmd "$PID" GC.run >/dev/null 2>&1 || break
    HEAP=$(jcmd "$PID" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
    FDS=$(ls "/proc/$PID/fd" 2>/dev/null | wc -l)
    THR=$(ls "/proc/$PID/task" 2>/dev/null | wc -l)
    printf "%8d %12s K %8s %8s\n" "$T" "${HEAP:-?}" "$FDS" "$THR"
    sleep "$INTERVAL"
done
wait "$CLIENT" || true
grep -E 'jdesk|round|lost|other' "$LOG" | tail -8
