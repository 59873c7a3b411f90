#!/usr/bin/env bash
# Punch brokering latency: DEVICES fake devices register over UDP on 127.0.0.1, then controllers
# send PunchHoleRequests over CONNECTIONS TCP connections at RATE per second; the time from each
# request's scheduled send to the server's FetchLocalAddr/PunchHole arriving at the device's UDP
# socket is measured (p50/p99/p999), against jdesk's rendezvous server and a minimal TCP->UDP
# forwarder (each in its own JVM). One JIT warm-up of JIT_WARMUP s per server, then ROUNDS rounds
# of forwarder-then-jdesk, each WARMUP s unmeasured + SECONDS_ s measured. See PunchBench's javadoc.
#
#   bench/punch-load.sh                          # 1000 devices, 10000/s, 4 connections, 2 x 10 s (~75 s)
#   RATE=5000 ROUNDS=3 bench/punch-load.sh
#   ARGS=--verbose bench/punch-load.sh           # per-second worst latency
#   SERVER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/punch.jfr bench/punch-load.sh   # both servers
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${DEVICES:-1000}
RATE=${RATE:-10000}
CONNECTIONS=${CONNECTIONS:-4}
SECONDS_=${SECONDS_:-10}
WARMUP=${WARMUP:-3}
JIT_WARMUP=${JIT_WARMUP:-5}
ROUNDS=${ROUNDS:-2}
TARGET=${TARGET:-both}
ARGS=${ARGS:-}   # e.g. --verbose, --server-workers 1
JAVA_OPTS=${JAVA_OPTS:-}
export SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
JAR=bench/target/jdesk-bench.jar
[[ -f $JAR ]] || mvn -B -q -pl bench -am package -DskipTests

echo "$(nproc) cores shared by the client and the server JVMs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
exec java $JAVA_OPTS -cp "$JAR" io.jdesk.bench.PunchBench --devices "$DEVICES" --rate "$RATE" \
    --connections "$CONNECTIONS" --seconds "$SECONDS_" --warmup "$WARMUP" --jit-warmup "$JIT_WARMUP" \
    --rounds "$ROUNDS" --target "$TARGET" $ARGS
