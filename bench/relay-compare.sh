#!/usr/bin/env bash
# Relay throughput: jdesk's relay against haproxy (TCP mode) and socat, same client, same run.
#
#   bench/relay-compare.sh                  # 1 GiB per measurement, 3 rounds
#   MIB=2048 ROUNDS=5 bench/relay-compare.sh
#
# Environment:
#   MIB=1024           bytes per measurement, in MiB
#   ROUNDS=3           rounds; each round measures haproxy, socat, jdesk, then the client straight
#                      to the sink ("direct", the ceiling) in turn (interleaved, so
#                      drift on a shared machine hits all three alike)
#   HAPROXY_NBTHREAD=  empty: haproxy's default (one thread per CPU); or a number
#   HAPROXY_SPLICE=0   1: `option splice-auto` (haproxy's default is no splice)
#   JDESK_ARGS=        extra bench flags for the jdesk relay JVM (e.g. "--transport nio", "--splice")
#   JAVA_OPTS=         JVM flags for the jdesk relay JVM
#
# Only 127.0.0.1. Installs haproxy and socat with apt-get when missing (needs root). Every process it
# starts is stopped on exit. The client and the sink are the same Java program for all three
# (bench/target/jdesk-bench.jar); jdesk's relay runs in its own JVM, like haproxy and socat.
set -euo pipefail

cd "$(dirname "$0")/.."
MIB=${MIB:-1024}
ROUNDS=${ROUNDS:-3}
HAPROXY_NBTHREAD=${HAPROXY_NBTHREAD:-}
HAPROXY_SPLICE=${HAPROXY_SPLICE:-0}
JDESK_ARGS=${JDESK_ARGS:-}
JAVA_OPTS=${JAVA_OPTS:-}
JAR=bench/target/jdesk-bench.jar

if ! command -v haproxy >/dev/null || ! command -v socat >/dev/null; then
    echo "installing haproxy and socat" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy socat >/dev/null
fi
if [[ ! -f $JAR ]]; then
    mvn -B -q -DskipTests package
fi

TMP=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
wait_port() {
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$1" >&2
    exit 1
}

SINK=$(free_port)
HAP=$(free_port)
SOC=$(free_port)
REL=$(free_port)

{
    echo "global"
    [[ -n $HAPROXY_NBTHREAD ]] && echo "    nbthread $HAPROXY_NBTHREAD"
    echo "    maxconn 1000"
    echo "defaults"
    echo "    mode tcp"
    echo "    timeout connect 5s"
    echo "    timeout client 1h"
    echo "    timeout server 1h"
    [[ $HAPROXY_SPLICE == 1 ]] && echo "    option splice-auto"
    echo "frontend fe"
    echo "    bind 127.0.0.1:$HAP"
    echo "    default_backend be"
    echo "backend be"
    echo "    server sink 127.0.0.1:$SINK"
} >"$TMP/haproxy.cfg"

haproxy -db -f "$TMP/haproxy.cfg" >"$TMP/haproxy.log" 2>&1 &
PIDS+=($!)
socat "TCP-LISTEN:$SOC,bind=127.0.0.1,reuseaddr,fork" "TCP:127.0.0.1:$SINK" 2>"$TMP/socat.log" &
PIDS+=($!)
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --serve-relay "$REL" $JDESK_ARGS >"$TMP/relay.out" 2>"$TMP/relay.err" &
RELAY_PID=$!
PIDS+=($RELAY_PID)
wait_port "$HAP"
wait_port "$SOC"
wait_port "$REL"

echo "haproxy $(haproxy -v | head -1 | awk '{print $3}') nbthread=${HAPROXY_NBTHREAD:-default} splice=$HAPROXY_SPLICE;" \
     "socat $(socat -V | awk '/socat version/{print $3}'); jdesk relay pid $RELAY_PID $(head -1 "$TMP/relay.err")"
echo "$MIB MiB per measurement, $ROUNDS rounds, $(nproc) cores, client+sink+forwarder on the same cores"

for r in $(seq "$ROUNDS"); do
    java -jar "$JAR" --target "127.0.0.1:$HAP" --sink-port "$SINK" --label haproxy --mib "$MIB" --rounds 1 \
        | sed "s/ 1 / $r /" | tee -a "$TMP/results"
    java -jar "$JAR" --target "127.0.0.1:$SOC" --sink-port "$SINK" --label socat --mib "$MIB" --rounds 1 \
        | sed "s/ 1 / $r /" | tee -a "$TMP/results"
    java -jar "$JAR" --relay "127.0.0.1:$REL" --label jdesk --mib "$MIB" --rounds 1 \
        | sed "s/ 1 / $r /" | tee -a "$TMP/results"
    # ceiling: the same client straight to the sink, no forwarder
    java -jar "$JAR" --target "127.0.0.1:$SINK" --sink-port "$SINK" --label direct --mib "$MIB" --rounds 1 \
        | sed "s/ 1 / $r /" | tee -a "$TMP/results"
done

median() {
    awk -v l="$1" '$1=="RESULT" && $2==l {print $4}' "$TMP/results" | sort -n \
        | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}
echo
printf '%-8s %s\n' forwarder "MiB/s (rounds) -> median"
for l in haproxy socat jdesk direct; do
    printf '%-8s %s -> %s\n' "$l" "$(awk -v l=$l '$1=="RESULT" && $2==l {printf "%s ", $4}' "$TMP/results")" "$(median $l)"
done
awk -v j="$(median jdesk)" -v h="$(median haproxy)" -v s="$(median socat)" \
    'BEGIN {printf "ratio jdesk/haproxy = %.2f (target >= 0.9), jdesk/socat = %.2f\n", j/h, j/s}'
