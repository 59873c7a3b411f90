#!/usr/bin/env bash
# Rendezvous load: DEVICES simulated devices send RegisterPeer keep-alives over UDP on 127.0.0.1
# from THREADS client sockets, WINDOW requests in flight per socket, against jdesk's rendezvous
# server (its own JVM, the devices pre-stored; see RendezvousBench's javadoc) and against a
# one-thread UDP echo server answering the same 2-byte reply (its own JVM). ROUNDS rounds of
# echo-then-jdesk, each WARMUP s unmeasured + SECONDS_ s measured; prints per-round and median
# round trips/s, p50/p99/p999 latency and the ratio jdesk/echo.
#
#   bench/rendezvous-load.sh                          # 10000 devices, 4 x 32 in flight, 3 x 10 s
#   THREADS=2 WINDOW=64 ROUNDS=5 bench/rendezvous-load.sh
#   SERVER_JAVA_OPTS=-Xmx256m bench/rendezvous-load.sh   # flags for both server JVMs
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${DEVICES:-10000}
THREADS=${THREADS:-4}
WINDOW=${WINDOW:-32}
SECONDS_=${SECONDS_:-10}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-3}
JAVA_OPTS=${JAVA_OPTS:-}
export SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
JAR=bench/target/jdesk-bench.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package

echo "$(nproc) cores shared by the client and the server JVMs"
# shellcheck disable=SC2086
exec java $JAVA_OPTS -cp "$JAR" io.jdesk.bench.RendezvousBench --devices "$DEVICES" --threads "$THREADS" \
    --window "$WINDOW" --seconds "$SECONDS_" --warmup "$WARMUP" --rounds "$ROUNDS"
