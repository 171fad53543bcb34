#!/usr/bin/env bash
# Where the time of one association goes, per instance, seen from the wire: the bench study sent by
# storescu to storescp and to Varde (fsync on and off), each send captured with tcpdump on loopback.
# For every instance it splits the time between two answers into
#   sender   first to last packet of the instance (storescu pushing it; paced by the receiver's reads)
#   tail     last packet of the instance to the receiver's answer (what is left to do after the last byte)
#   gap      the answer to the sender's next packet (storescu's own turn-around)
# and prints their percentiles per receiver, the ratio of the spans (first to last packet of the
# association), and the sum of the instances over 10 ms (stalls). The whole-send times of
# bench/ingest.sh include process start and association set-up; this shows what happens inside.
# Not a test; needs tcpdump (apt-get install tcpdump) and root (the capture).
#
#   bench/timeline.sh --jar PATH [--rounds 2] [--warmup 6] [--slices 240]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar=""; rounds=2; warmups=6; slices=240; matrix=512
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$(readlink -f "$2"); shift 2;; --rounds) rounds=$2; shift 2;;
    --warmup) warmups=$2; shift 2;; --slices) slices=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
[ -n "$jar" ] || { echo "--jar PATH is required (the gateway's varde.jar)" >&2; exit 2; }
command -v tcpdump >/dev/null || { echo "tcpdump is missing: apt-get install tcpdump" >&2; exit 2; }
source "$here/bench/lib.sh"
bench_setup timeline

study() { # seed -> folder of a generated study (shared with bench/ingest.sh)
  local dir="${VARDE_BENCH_DATA:-$here/bench/.data}/ct-${slices}x${matrix}-seed$1"
  if [ ! -d "$dir" ]; then
    java -jar "$jar" generate --out "$dir.tmp" --kind ct-thorax --studies 1 --slices "$slices" --matrix "$matrix" \
      --seed "$1" >/dev/null
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

declare -A port
start_varde() { # name fsync
  local p h; p=$(free_port); h=$(free_port); mkdir -p "$work/$1"
  cat > "$work/$1/varde.yaml" <<YAML
dicom: { aeTitle: VARDE, bind: 127.0.0.1, port: $p, maxAssociations: 64, allowedCallers: ["STORESCU@127.0.0.1"] }
http: { bind: 127.0.0.1, port: $h }
storage: { dir: $work/$1/data, fsync: $2 }
YAML
  (exec java -Xmx256m $varde_gc ${VARDE_BENCH_JVM:-} -Xlog:gc,gc+phases=info:file="$work/$1/gc.log":timemillis -jar "$jar" serve --config "$work/$1/varde.yaml") >"$work/$1/log" 2>&1 &
  pids+=($!); wait_port "$p" "$!" "$work/$1/log"; port[$1]=$p
}
port[storescp]=$(free_port); mkdir -p "$work/storescp"
storescp --fork +xa -od "$work/storescp" "${port[storescp]}" >"$work/storescp.log" 2>&1 & pids+=($!)
start_varde varde-on true
start_varde varde-off false
wait_port "${port[storescp]}"
receivers=(storescp varde-on varde-off)
aet() { [ "$1" = storescp ] && echo ANY || echo VARDE; }

send() { # receiver seed
  mapfile -t files < <(find "$(study "$2")" -name '*.dcm' | sort)
  storescu -aec "$(aet "$1")" 127.0.0.1 "${port[$1]}" "${files[@]}" >"$work/send.log" 2>&1 \
    || { cat "$work/send.log" >&2; exit 1; }
}
seed=300
for ((i = 0; i < warmups; i++)); do for r in "${receivers[@]}"; do send "$r" $((seed + i)); done; done
seed=$((seed + warmups))
sync

for ((round = 1; round <= rounds; round++)); do
  for ((k = 0; k < ${#receivers[@]}; k++)); do
    r=${receivers[$(((k + round) % ${#receivers[@]}))]}
    sync
    tcpdump -i lo -n -s 96 -U -w "$work/$r.$round.pcap" "tcp port ${port[$r]}" 2>/dev/null & cap=$!
    sleep 0.5
    send "$r" $((seed + round))
    sleep 0.3; kill "$cap"; wait "$cap" 2>/dev/null || true
    tcpdump -r "$work/$r.$round.pcap" -tt -n 2>/dev/null > "$work/$r.$round.txt"
  done
done

python3 - "$work" "${port[storescp]}" "${port[varde-on]}" "${port[varde-off]}" "$rounds" <<'PY'
import re, sys, statistics
work, rounds = sys.argv[1], int(sys.argv[5])
ports = dict(zip(["storescp", "varde-on", "varde-off"], sys.argv[2:5]))
line = re.compile(r"(\d+\.\d+) IP 127\.0\.0\.1\.(\d+) > 127\.0\.0\.1\.(\d+): .*length (\d+)")
def split(path, port):
    packets = []
    for l in open(path):
        m = line.match(l)
        if m and int(m.group(4)) > 0:
            packets.append((float(m.group(1)) * 1000, m.group(2) == port))
    # an instance: the sender's packets since the previous answer; its answer: the receiver's first packet after them
    sender, tail, gap, per, windows = [], [], [], [], []
    first = last = answered = None
    for t, from_receiver in packets:
        if not from_receiver:
            if answered is not None and first is None:
                gap.append(t - answered)
            if first is None:
                first = t
            last = t
        elif last is not None and first is not None:
            sender.append(last - first); tail.append(t - last)
            if answered is not None:
                per.append(t - answered); windows.append((answered, t))
            answered, first, last = t, None, None
    return sender, tail, gap, per, windows, packets[-1][0] - packets[0][0]
stalls = {}
def pauses(r):  # (start, end) ms since the epoch of each GC pause of a Varde receiver
    out = []
    try:
        for l in open("%s/%s/gc.log" % (work, r)):
            m = re.match(r"\[(\d+)ms\].* Pause .* (\d+\.\d+)ms$", l.strip())
            if m:
                end = float(m.group(1)); out.append((end - float(m.group(2)), end))
    except FileNotFoundError:
        pass
    return out
def stall(gc_pauses, window, k, x):  # instance k over 10 ms, with the GC pause time inside its window
    a, b = window
    gc = sum(max(0, min(b, e) - max(a, s)) for s, e in gc_pauses)
    return "%d:%.0f" % (k + 1, x) + (" (gc %.0f)" % gc if gc >= 0.5 else "")
def q(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(len(v) * p))]
spans = {}
print("ms per instance over %d rounds (p50 / p90 / p99; mean)" % rounds)
for r, p in ports.items():
    s, t, g, per, span_all = [], [], [], [], []
    gc_pauses = pauses(r)
    for i in range(1, rounds + 1):
        a, b, c, d, windows, span = split("%s/%s.%d.txt" % (work, r, i), p)
        s += a; t += b; g += c; per += d; span_all.append(span)
        stalls.setdefault(r, []).append(" ".join(stall(gc_pauses, windows[k], k, x) for k, x in enumerate(d) if x > 10))
    spans[r] = statistics.median(span_all)
    f = lambda v: "%5.2f /%6.2f /%6.2f; %5.2f" % (q(v, .5), q(v, .9), q(v, .99), statistics.mean(v))
    print("%-10s instance %s | sender %s | tail %s | gap %s | over 10 ms: %d ms" % (
        r, f(per), f(s), f(t), f(g), sum(x for x in per if x > 10)))
print("instances over 10 ms, per round (number in the send: ms)")
for r, rows in stalls.items():
    for i, row in enumerate(rows):
        print("  %-10s round %d: %s" % (r, i + 1, row or "none"))
for r in ("varde-on", "varde-off"):
    print("span %s / storescp: %.2f" % (r, spans[r] / spans["storescp"]))
PY
echo "load average at the end: $(load)"
