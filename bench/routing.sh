#!/usr/bin/env bash
# Routing benchmark: N synthetic studies of mixed kinds (CT thorax, chest X-ray, MR head, wrist;
# small matrix) are sent to Varde and held (idle timeout of an hour), then completed through the API
# at a steady rate (POST /api/studies/{uid}/complete, default 10 studies/s) and routed to a dcmtk
# storescp playing the vendors. Prints, for the embedded H2 store and then for PostgreSQL:
#   - studies per second: studies / (first completion .. last job DONE)
#   - p50/p95/p99 of "completion fired -> dispatch starts", from the gateway's own log lines:
#     "study U generation 0 complete: API" (the assembler, when the completion is durable) and
#     "dispatch key=.. study=U .." (the DICOM adapter, as it opens the association to the vendor,
#     i.e. just before the first byte goes out). Millisecond timestamps of one process's log.
# Target (issue 3): p99 under 200 ms at 10 studies/s on this machine.
# Not a test: numbers on a shared 2-core machine are noisy.
#
#   bench/routing.sh [--studies 100] [--rate 10] [--store h2|postgres|both] [--xmx 256m]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
studies=100; rate=10; stores=both; xmx=256m
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies=$2; shift 2;; --rate) rate=$2; shift 2;;
    --store) stores=$2; shift 2;; --xmx) xmx=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
case "$stores" in h2) stores="h2";; postgres) stores="postgres";; both) stores="h2 postgres";;
  *) echo "--store h2|postgres|both" >&2; exit 2;; esac
source "$here/bench/lib.sh"
bench_setup routing-bench
schema="routing_bench_$$"
bench_on_exit() { psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; }
token=   # made per run by ./varde token create, in that run's store
api() { curl -s -H "Authorization: Bearer $token" "$@"; }

"$here/varde" --help >/dev/null   # builds the jar when stale

# --- the studies: a quarter of each kind, each its own folder ----------------------------------
data="$here/bench/.data/routing-mix-$studies"
if [ ! -d "$data" ]; then
  echo "generating $studies studies into $data"
  per=$(( (studies + 3) / 4 ))
  seed=1000
  for kind in ct-thorax cxr mr-head wrist; do
    "$here/varde" generate --out "$data/.$kind" --kind "$kind" --studies "$per" --slices 6 --matrix 64 \
      --seed $((seed++)) >/dev/null 2>&1
  done
  # the generator writes <kind>/<n>/<series>/<image>.dcm: each <n> is one study; name it by its UID
  python3 - "$data" "$studies" <<'PY'
import os, sys, subprocess, shutil
root, wanted = sys.argv[1], int(sys.argv[2])
kinds = {}
for kind in sorted(k for k in os.listdir(root) if k.startswith(".")):
    for n in sorted(os.listdir(os.path.join(root, kind)), key=int):
        study = os.path.join(root, kind, n)
        first = next(os.path.join(d, f) for d, _, fs in sorted(os.walk(study)) for f in sorted(fs) if f.endswith(".dcm"))
        out = subprocess.run(["dcmdump", "-q", "+P", "0020,000d", first], capture_output=True, text=True).stdout
        kinds.setdefault(kind, []).append((out.split("[", 1)[1].split("]", 1)[0], study))
# interleave the kinds so the mix is even over time
order = []
while any(kinds.values()) and len(order) < wanted:
    for kind in sorted(kinds):
        if kinds[kind] and len(order) < wanted:
            order.append(kinds[kind].pop(0))
for i, (uid, study) in enumerate(order):
    shutil.move(study, os.path.join(root, "%04d-%s" % (i, uid)))
for kind in [k for k in os.listdir(root) if k.startswith(".")]:
    shutil.rmtree(os.path.join(root, kind))
PY
fi
mapfile -t study_dirs < <(find "$data" -mindepth 1 -maxdepth 1 -type d | sort)
instances=$(find "$data" -name '*.dcm' | wc -l)
echo "studies: ${#study_dirs[@]} (mixed CT thorax, chest X-ray, MR head, wrist), $instances instances"

# --- the vendor: one storescp (forking) behind every algorithm ---------------------------------
vendor_port=$(free_port); mkdir -p "$work/vendor"
storescp --fork -od "$work/vendor" "$vendor_port" >"$work/vendor.log" 2>&1 & pids+=($!)
wait_port "$vendor_port"

cat > "$work/algorithms.yaml" <<YAML
algorithms:
$(for id in ct-bench cxr-bench mr-bench wrist-bench; do
    case $id in ct-*) m="[CT]";; cxr-*) m="[DX, CR]";; mr-*) m="[MR]";; wrist-*) m="[DX, CR]";; esac
    cat <<ENTRY
  - id: $id
    vendor: Bench Vendor (sandbox)
    product: $id
    approvedVersion: "1.0"
    ceClass: IIa
    notifiedBody: "NB 0000 Bench"
    certificateId: BENCH-$id
    regulatoryStatus: ce-marked
    intendedUse: {modalities: $m}
    endpoint: {protocol: dicom, host: 127.0.0.1, port: $vendor_port, aeTitle: BENCH}
    concurrency: 8
    timeoutSeconds: 60
ENTRY
  done)
YAML
cat > "$work/routes.yaml" <<'YAML'
routes:
  - name: ct
    match: {attribute: Modality, equals: CT}
    algorithms: [ct-bench]
    mode: clinical
  - name: chest
    match: {all: [{attribute: Modality, in: [DX, CR]}, {attribute: BodyPartExamined, equals: CHEST}]}
    algorithms: [cxr-bench]
    mode: clinical
  - name: mr
    match: {attribute: Modality, equals: MR}
    algorithms: [mr-bench]
    mode: clinical
  - name: extremity
    match: {all: [{attribute: Modality, in: [DX, CR]}, {not: {attribute: BodyPartExamined, equals: CHEST}}]}
    algorithms: [wrist-bench]
    mode: clinical
YAML

# ms since midnight of an HH:mm:ss.SSS log timestamp; the analysis copes with one midnight crossing
run() { # store
  local store=$1 dir="$work/$1" dicom http store_section=""
  mkdir -p "$dir"
  dicom=$(free_port); http=$(free_port)
  if [ "$store" = postgres ]; then
    pg_isready -q -h 127.0.0.1 -p 5432 || "$here/scripts/start-postgres.sh" >/dev/null
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
    store_section="store: {url: \"postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=$schema\"}"
  fi
  cat > "$dir/varde.yaml" <<YAML
dicom: {aeTitle: VARDE, port: $dicom, maxAssociations: 64, allowedCallers: ["STORESCU@127.0.0.1"]}
http: {port: $http}
storage: {dir: $dir/data, fsync: true}
$store_section
node: {id: bench-$store}
routing: {algorithms: $work/algorithms.yaml, routes: $work/routes.yaml}
completion: {defaultIdleSeconds: 3600}
YAML
  token=$("$here/varde" token create --config "$dir/varde.yaml" --name bench --role admin 2>>"$dir/log")
  VARDE_JAVA_OPTS="-Xmx$xmx" "$here/varde" serve --config "$dir/varde.yaml" >"$dir/log" 2>&1 & local pid=$!; pids+=($pid)
  wait_port "$http"; wait_port "$dicom"

  local uids=() d
  for d in "${study_dirs[@]}"; do
    storescu +sd +r -aec VARDE 127.0.0.1 "$dicom" "$d" >>"$dir/send.log" 2>&1 || { echo "storescu failed" >&2; cat "$dir/send.log" >&2; exit 1; }
    uids+=("${d##*-}")
  done
  echo "[$store] ${#uids[@]} studies received and held; completing at $rate/s"

  local interval=0 u
  [ "$rate" -gt 0 ] && interval=$(awk -v r="$rate" 'BEGIN { printf "%.4f", 1 / r }')
  local next; next=$(date +%s.%N)
  for u in "${uids[@]}"; do
    api -o /dev/null -X POST "http://127.0.0.1:$http/api/studies/$u/complete" &
    if [ "$rate" -gt 0 ]; then
      # pace by the clock, not by sleeps added up: the curl above runs in the background
      next=$(awk -v n="$next" -v i="$interval" 'BEGIN { printf "%.4f", n + i }')
      local wait_s; wait_s=$(awk -v n="$next" -v now="$(date +%s.%N)" 'BEGIN { w = n - now; printf "%.4f", (w > 0 ? w : 0) }')
      sleep "$wait_s"
    fi
  done
  wait_done() {
    local done_count
    for _ in $(seq 1 1200); do
      done_count=$(api "http://127.0.0.1:$http/api/jobs?state=DONE&limit=1000" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
      [ "$done_count" -ge "${#uids[@]}" ] && return 0
      sleep 0.25
    done
    echo "[$store] only $done_count of ${#uids[@]} jobs DONE" >&2; return 1
  }
  wait_done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$dir/log" "$store" "${#uids[@]}" <<'PY'
import re, sys
log, store, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def ms(t):
    h, m, s = t.split(":"); return (int(h) * 3600 + int(m) * 60) * 1000 + round(float(s) * 1000)
completed, dispatched, done = {}, {}, []
prev = None; day = 0
for line in open(log, errors="replace"):
    m = re.match(r"(\d\d:\d\d:\d\d\.\d\d\d) ", line)
    if not m:
        continue
    t = ms(m.group(1))
    if prev is not None and t < prev - 12 * 3600 * 1000:
        day += 24 * 3600 * 1000   # the log crossed midnight
    prev = t; t += day
    c = re.search(r"study (\S+) generation 0 complete: API", line)
    if c:
        completed.setdefault(c.group(1), t)
    d = re.search(r"dispatch key=\S+ algorithm=\S+ study=(\S+) ", line)
    if d:
        dispatched.setdefault(d.group(1), t)
    if re.search(r"job \S+ DONE", line):
        done.append(t)
lat = sorted(dispatched[u] - completed[u] for u in completed if u in dispatched)
if len(lat) < n:
    print("[%s] only %d of %d studies have both log lines" % (store, len(lat), n))
def pct(p):
    return lat[min(len(lat) - 1, max(0, int(round(p / 100.0 * len(lat) + 0.5)) - 1))]
span = (max(done) - min(completed.values())) / 1000.0
print("[%s] %d studies in %.1f s: %.1f studies/s; completion -> dispatch start: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms"
      % (store, len(lat), span, len(lat) / span, pct(50), pct(95), pct(99), lat[-1]))
PY
}

for s in $stores; do run "$s"; done
