#!/usr/bin/env bash
# Fuzz campaign (docs/reliability.md): hbbs + hbbr in one JVM on 127.0.0.1 (ephemeral ports), every
# listener fed with generated and mutated inputs while a well-formed client is checked all along;
# prints inputs per listener, crashes, probe rounds, heap after GC / threads / fds before and after.
# Exit status 0 when clean. Any other FuzzCampaign flag can be passed through (see its javadoc).
#
#   bench/fuzz-campaign.sh                                   # 100000 inputs per listener, seed 1
#   INPUTS=udp=10000000 LISTENERS=udp bench/fuzz-campaign.sh # the UDP listener alone, 10 M datagrams
#   SEED=7 INPUTS=300000 MAX_SECONDS=180 bench/fuzz-campaign.sh
#   bench/fuzz-campaign.sh --dump relay:4711                 # one input, to reproduce a finding
set -euo pipefail
cd "$(dirname "$0")/.."
INPUTS=${INPUTS:-100000}
LISTENERS=${LISTENERS:-all}
SEED=${SEED:-1}
THREADS=${THREADS:-}
MAX_SECONDS=${MAX_SECONDS:-0}
JAVA_OPTS=${JAVA_OPTS:-}
JAR=bench/target/jdesk-bench.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package

echo "$(nproc) cores shared by the fuzz clients and the servers"
# shellcheck disable=SC2086
exec java $JAVA_OPTS -cp "$JAR" io.jdesk.bench.FuzzCampaign --inputs "$INPUTS" --listeners "$LISTENERS" \
    --seed "$SEED" ${THREADS:+--threads "$THREADS"} --max-seconds "$MAX_SECONDS" "$@"
