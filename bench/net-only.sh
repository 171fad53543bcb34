#!/usr/bin/env bash
# Varde's network layer alone against storescp: the bench study (bench/ingest.sh generates it into
# bench/.data) sent over 1 association to NetOnlyScp (association, PDU framing and DIMSE with a sink
# that drops every byte) and to storescp (which writes each file, no fsync), interleaved, several
# rounds. Separates what the network layer costs from what the durable store costs.
#
#   bench/net-only.sh --jar PATH [--study DIR] [--rounds 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar=""; study="$here/bench/.data/ct-240x512-seed42"; rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$(readlink -f "$2"); shift 2;; --study) study=$2; shift 2;; --rounds) rounds=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
[ -n "$jar" ] || { echo "--jar PATH is required (mvn -DskipTests -Dvarde.buildDir=target-x package)" >&2; exit 2; }
[ -d "$study" ] || { echo "no study at $study: run bench/ingest.sh once, or pass --study" >&2; exit 2; }
source "$here/bench/lib.sh"
bench_setup netonly
send() { # aet port -> elapsed ms
  local start; start=$(now_ms)
  storescu -aec "$1" 127.0.0.1 "$2" "${files[@]}" >"$work/send.log" 2>&1 || { cat "$work/send.log" >&2; exit 1; }
  echo $(($(now_ms) - start))
}

mapfile -t files < <(find "$study" -name '*.dcm' | sort)
net_port=$(free_port)
(exec java -cp "$jar" "$here/bench/NetOnlyScp.java" "$net_port") >"$work/netonly.log" 2>&1 &
net_pid=$!; pids+=("$net_pid")
scp_port=$(free_port); mkdir -p "$work/storescp"
storescp +xa -od "$work/storescp" "$scp_port" >"$work/storescp.log" 2>&1 & scp_pid=$!; pids+=("$scp_pid")
wait_port "$net_port" "$net_pid" "$work/netonly.log"; wait_port "$scp_port" "$scp_pid" "$work/storescp.log"
send NETONLY "$net_port" >/dev/null; send ANY "$scp_port" >/dev/null   # warm-up (JIT, page cache)
net_sum=0; scp_sum=0
for ((r = 1; r <= rounds; r++)); do
  n=$(send NETONLY "$net_port"); s=$(send ANY "$scp_port"); net_sum=$((net_sum + n)); scp_sum=$((scp_sum + s))
  echo "round $r, 1 association: net layer alone $n ms, storescp $s ms (load $(cut -d' ' -f1-3 /proc/loadavg))"
done
awk -v n="$net_sum" -v s="$scp_sum" -v c="${#files[@]}" -v r="$rounds" 'BEGIN {
  printf "%d instances; ms per instance: net layer alone %.2f, storescp %.2f; ratio %.2f\n", c, n / (c * r), s / (c * r), n / s }'
