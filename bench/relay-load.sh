#!/usr/bin/env bash
# Relay under many slow pairs: PAIRS concurrent TCP/TCP pairs, each sending RATE bytes/s one way for
# SECONDS (after WARMUP seconds not counted), through jdesk's relay in its own JVM on 127.0.0.1.
# Reports the delivered rate and the relay JVM's CPU share (utime+stime from /proc/PID/stat over the
# measured window, in cores) and RSS (VmRSS at the end, VmHWM as the peak).
#
#   bench/relay-load.sh                      # 1000 pairs x 180 kB/s x 30 s
#   PAIRS=2000 JAVA_OPTS=-Xmx128m bench/relay-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${PAIRS:-1000}
RATE=${RATE:-180000}
SECONDS_=${SECONDS_:-30}
WARMUP=${WARMUP:-5}
JAVA_OPTS=${JAVA_OPTS:-}
JDESK_ARGS=${JDESK_ARGS:-}
JAR=bench/target/jdesk-bench.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package
ulimit -n 65536 2>/dev/null || true

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --serve-relay "$PORT" $JDESK_ARGS >/dev/null 2>&1 &
RELAY_PID=$!
trap 'kill $RELAY_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

echo "jdesk relay JVM pid $RELAY_PID (JAVA_OPTS='$JAVA_OPTS'), $(nproc) cores shared with the client"
java -jar "$JAR" --pairs "$PAIRS" --rate "$RATE" --seconds "$SECONDS_" --warmup "$WARMUP" \
    --relay "127.0.0.1:$PORT" --relay-pid "$RELAY_PID" 2>&1 | grep -v '^RESULT'
