#!/usr/bin/env bash
# Ingest benchmark: the same CT study sent by dcmtk storescu to dcmtk storescp, to Orthanc and to
# Varde (fsync on, journaled), one after the other, several rounds, with 1 and with 4 parallel
# associations. Prints wall-time ratios Varde/storescp and Varde/Orthanc, and Varde's peak RSS.
# Not a test: numbers on a shared 2-core machine are noisy, which is why only ratios of runs
# interleaved in one session are reported, with the load average before and after.
#
#   bench/ingest.sh [--slices 240] [--matrix 512] [--rounds 3] [--xmx 256m] [--jar PATH]
#   bench/ingest.sh --big [--jar PATH]   heap and RSS of Varde (-Xmx256m) receiving ~500 MB, then ~2 GB
#
# What is compared: storescp writes each file and does not fsync; Orthanc (SyncStorageArea on by
# default) stores and indexes in SQLite; Varde fsyncs file and directory, renames and journals
# before it answers. Each receiver gets one untimed warm-up send first (page cache, JIT, SQLite):
# they are long-running servers, and a cold JVM measures its compiler, not its ingest.
# Every timed send is a study none of them has seen before (new instances, not resends).
# --jar runs a jar you built (e.g. mvn -Dvarde.buildDir=target-x package) instead of ./varde.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
slices=240; matrix=512; rounds=3; xmx=256m; jar=""; big=0
while [ $# -gt 0 ]; do
  case "$1" in
    --slices) slices=$2; shift 2;; --matrix) matrix=$2; shift 2;;
    --rounds) rounds=$2; shift 2;; --xmx) xmx=$2; shift 2;;
    --jar) jar=$(readlink -f "$2"); shift 2;; --big) big=1; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
source "$here/bench/lib.sh"
bench_setup bench

varde() { if [ -n "$jar" ]; then java ${VARDE_JAVA_OPTS:-} -jar "$jar" "$@"; else "$here/varde" "$@"; fi; }
[ -n "$jar" ] || "$here/varde" --help >/dev/null   # builds the jar when stale

study() { # slices seed -> folder with the generated study (generated once, kept in bench/.data)
  local dir="${VARDE_BENCH_DATA:-$here/bench/.data}/ct-${1}x${matrix}-seed$2"
  if [ ! -d "$dir" ]; then
    echo "generating CT study: $1 slices of ${matrix}x${matrix} into $dir" >&2
    varde generate --out "$dir.tmp" --kind ct-thorax --studies 1 --slices "$1" --matrix "$matrix" --seed "$2" >/dev/null
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

start_varde() { # name heap -> sets varde_pid, varde_port
  varde_port=$(free_port); local http_port; http_port=$(free_port); mkdir -p "$work/$1"
  cat > "$work/$1/varde.yaml" <<YAML
dicom: { aeTitle: VARDE, bind: 127.0.0.1, port: $varde_port, maxAssociations: 64, allowedCallers: ["STORESCU@127.0.0.1"] }
http: { bind: 127.0.0.1, port: $http_port }
storage: { dir: $work/$1/data, fsync: true }
YAML
  # exec in a subshell so $! is the JVM itself (its VmHWM is the RSS we report)
  if [ -n "$jar" ]; then
    (exec java -Xmx"$2" -jar "$jar" serve --config "$work/$1/varde.yaml") >"$work/$1/log" 2>&1 &
  else
    (VARDE_JAVA_OPTS="-Xmx$2" exec "$here/varde" serve --config "$work/$1/varde.yaml") >"$work/$1/log" 2>&1 &
  fi
  varde_pid=$!; pids+=("$varde_pid")
  wait_port "$varde_port" "$varde_pid" "$work/$1/log"
}

# send FILES over N parallel storescu processes; prints elapsed ms
send() { # aet port parallel
  local aet=$1 port=$2 par=$3 start end i j
  start=$(now_ms)
  local senders=() failed=0
  for ((i = 0; i < par; i++)); do
    local part=()
    for ((j = i; j < ${#files[@]}; j += par)); do part+=("${files[j]}"); done
    storescu -aec "$aet" 127.0.0.1 "$port" "${part[@]}" >"$work/send.$i.log" 2>&1 &
    senders+=($!)
  done
  for p in "${senders[@]}"; do wait "$p" || failed=1; done
  end=$(now_ms)
  [ $failed -eq 0 ] || { echo "storescu failed against $aet:"; cat "$work"/send.*.log; exit 1; } >&2
  echo $((end - start))
}

rss_mib() { awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

# --- --big: heap flat with -Xmx256m whatever the study size ------------------------------------
if [ $big -eq 1 ]; then
  printf '%-10s %9s %9s %8s %13s %14s %10s\n' study instances MiB "time s" "heap after GC" "max old gen" "peak RSS"
  for n in 1000 4000; do
    mapfile -t files < <(find "$(study $n $n)" -name '*.dcm' | sort)
    mib=$(( $(cat "${files[@]}" | wc -c) / 1048576 ))
    start_varde "big$n" 256m
    # old generation after each collection is what the heap keeps; sample it while receiving
    jstat -gc "$varde_pid" 500 > "$work/jstat.$n" 2>/dev/null & jstat_pid=$!; pids+=("$jstat_pid")
    t=$(send VARDE "$varde_port" 4)
    kill "$jstat_pid" 2>/dev/null || true
    jcmd "$varde_pid" GC.run >/dev/null
    after=$(jcmd "$varde_pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { print $(i+1); exit } }')
    old=$(awk 'NR > 1 && $8 ~ /^[0-9.]+$/ { if ($8 > m) m = $8 } END { printf "%dM", m / 1024 }' "$work/jstat.$n")
    printf '%-10s %9d %9d %8.1f %13s %14s %9s\n' "ct-$n" "${#files[@]}" "$mib" "$(awk -v t="$t" 'BEGIN{print t/1000}')" \
      "$after" "$old" "$(rss_mib "$varde_pid") MiB"
    kill "$varde_pid"; wait "$varde_pid" 2>/dev/null || true
  done
  echo "load average at the end: $(load); heap limit -Xmx256m, fsync on, 4 associations"
  exit 0
fi

# --- the ratio benchmark -----------------------------------------------------------------------
# Each send is a study the receivers have not seen (its own seed, so its own UIDs): new instances,
# as a modality sends them, not the update path of a resend. All three receive the same study.
use_study() { mapfile -t files < <(find "$(study "$slices" "$1")" -name '*.dcm' | sort); }
for seed in 42 $(seq 101 $((100 + 2 * rounds))); do use_study "$seed"; done   # generate up front
use_study 42
bytes=$(cat "${files[@]}" | wc -c)
echo "study: ${#files[@]} instances, $((bytes / 1048576)) MiB; load average $(load)"

scp_port=$(free_port); mkdir -p "$work/storescp"
storescp --fork +xa -od "$work/storescp" "$scp_port" >"$work/storescp.log" 2>&1 & scp_pid=$!; pids+=("$scp_pid")

orthanc_dicom=$(free_port); orthanc_http=$(free_port); mkdir -p "$work/orthanc"
# OverwriteInstances: every round stores again, as storescp and Varde do (Varde replaces the file)
cat > "$work/orthanc/orthanc.json" <<JSON
{ "Name": "bench", "DicomAet": "ORTHANC", "DicomPort": $orthanc_dicom, "HttpPort": $orthanc_http,
  "StorageDirectory": "$work/orthanc/storage", "IndexDirectory": "$work/orthanc/index",
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomCheckCalledAet": false,
  "OverwriteInstances": true, "Plugins": [], "ConcurrentJobs": 2, "HttpServerEnabled": true }
JSON
Orthanc "$work/orthanc/orthanc.json" >"$work/orthanc/log" 2>&1 & orthanc_pid=$!; pids+=("$orthanc_pid")

start_varde varde "$xmx"
wait_port "$scp_port" "$scp_pid" "$work/storescp.log"
wait_port "$orthanc_dicom" "$orthanc_pid" "$work/orthanc/log"

send ANY "$scp_port" 1 >/dev/null; send ORTHANC "$orthanc_dicom" 1 >/dev/null; send VARDE "$varde_port" 1 >/dev/null
rm -rf "$work/storescp"/* 2>/dev/null || true
echo "warm-up send to each receiver done (not timed)"

declare -A total
for par in 1 4; do
  for target in storescp orthanc varde; do total[$target.$par]=0; done
  for ((r = 1; r <= rounds; r++)); do
    use_study $((100 + (par == 1 ? 0 : rounds) + r))
    a=$(send ANY "$scp_port" "$par");          total[storescp.$par]=$((total[storescp.$par] + a))
    b=$(send ORTHANC "$orthanc_dicom" "$par"); total[orthanc.$par]=$((total[orthanc.$par] + b))
    c=$(send VARDE "$varde_port" "$par");      total[varde.$par]=$((total[varde.$par] + c))
    rm -rf "$work/storescp"/* 2>/dev/null || true
    echo "round $r, $par association(s): storescp $a ms, orthanc $b ms, varde $c ms (load $(load))"
  done
done

echo
printf '%-26s %12s %12s\n' "ratio (sum of $rounds rounds)" "1 assoc" "4 assoc"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-26s %12s %12s\n' "Varde / storescp" "$(ratio ${total[varde.1]} ${total[storescp.1]})" "$(ratio ${total[varde.4]} ${total[storescp.4]})"
printf '%-26s %12s %12s\n' "Varde / Orthanc" "$(ratio ${total[varde.1]} ${total[orthanc.1]})" "$(ratio ${total[varde.4]} ${total[orthanc.4]})"
printf '%-26s %12s %12s\n' "Varde ms per instance" "$(ratio ${total[varde.1]} $((rounds * ${#files[@]})))" "$(ratio ${total[varde.4]} $((rounds * ${#files[@]})))"
echo "Varde peak RSS: $(rss_mib "$varde_pid") MiB (heap limit -Xmx$xmx, fsync on); load average at the end $(load)"
