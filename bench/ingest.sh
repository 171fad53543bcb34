#!/usr/bin/env bash
# Ingest benchmark: the same CT study sent by dcmtk storescu to dcmtk storescp, to Orthanc and to
# Varde (fsync on, journaled), one after the other, several rounds, with 1 and with 4 parallel
# associations. Prints wall-time ratios Varde/storescp and Varde/Orthanc, and Varde's peak RSS.
# Not a test: numbers on a shared 2-core machine are noisy, which is why only ratios of runs
# interleaved in one session are reported.
#
#   bench/ingest.sh [--slices 300] [--matrix 512] [--rounds 3] [--xmx 256m]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
slices=300; matrix=512; rounds=3; xmx=256m
while [ $# -gt 0 ]; do
  case "$1" in
    --slices) slices=$2; shift 2;; --matrix) matrix=$2; shift 2;;
    --rounds) rounds=$2; shift 2;; --xmx) xmx=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
export TCP_NODELAY=1   # dcmtk honours it; without it Nagle adds 40-90 ms per instance
work="$(mktemp -d /tmp/varde-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
now_ms() { date +%s%3N; }

"$here/varde" --help >/dev/null   # builds the jar when stale
data="$here/bench/.data/ct-${slices}x${matrix}"
if [ ! -d "$data" ]; then
  echo "generating CT study: $slices slices of ${matrix}x${matrix} into $data"
  "$here/varde" generate --out "$data" --kind ct-thorax --studies 1 --slices "$slices" --matrix "$matrix" --seed 42 >/dev/null
fi
mapfile -t files < <(find "$data" -name '*.dcm' | sort)
bytes=$(du -sb "$data" | cut -f1)
echo "study: ${#files[@]} instances, $((bytes / 1048576)) MiB"

# --- the three receivers -------------------------------------------------------------------
scp_port=$(free_port); mkdir -p "$work/storescp"
storescp --fork +xa -od "$work/storescp" "$scp_port" >/dev/null 2>&1 & pids+=($!)

orthanc_dicom=$(free_port); orthanc_http=$(free_port); mkdir -p "$work/orthanc"
cat > "$work/orthanc/orthanc.json" <<JSON
{ "Name": "bench", "DicomAet": "ORTHANC", "DicomPort": $orthanc_dicom, "HttpPort": $orthanc_http,
  "StorageDirectory": "$work/orthanc/storage", "IndexDirectory": "$work/orthanc/index",
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomCheckCalledAet": false,
  "Plugins": [], "ConcurrentJobs": 2, "HttpServerEnabled": true }
JSON
Orthanc "$work/orthanc/orthanc.json" >"$work/orthanc/log" 2>&1 & pids+=($!)

varde_port=$(free_port); varde_http=$(free_port); mkdir -p "$work/varde"
cat > "$work/varde/varde.yaml" <<YAML
dicom: { aeTitle: VARDE, bind: 127.0.0.1, port: $varde_port, maxAssociations: 64, allowedCallers: [] }
http: { bind: 127.0.0.1, port: $varde_http, apiTokens: [bench-token] }
storage: { dir: $work/varde/data, fsync: true }
YAML
VARDE_JAVA_OPTS="-Xmx$xmx" "$here/varde" serve --config "$work/varde/varde.yaml" >"$work/varde/log" 2>&1 & varde_pid=$!; pids+=($varde_pid)

wait_port "$scp_port"; wait_port "$orthanc_dicom"; wait_port "$varde_port"

# send FILES over N parallel storescu processes; prints elapsed ms
send() { # aet port parallel
  local aet=$1 port=$2 par=$3 start end i
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

declare -A total
for par in 1 4; do
  for target in storescp orthanc varde; do total[$target.$par]=0; done
  for ((r = 1; r <= rounds; r++)); do
    t=$(send ANY "$scp_port" "$par");          total[storescp.$par]=$((total[storescp.$par] + t))
    t=$(send ORTHANC "$orthanc_dicom" "$par"); total[orthanc.$par]=$((total[orthanc.$par] + t))
    t=$(send VARDE "$varde_port" "$par");      total[varde.$par]=$((total[varde.$par] + t))
    rm -rf "$work/storescp"/* 2>/dev/null || true
    echo "round $r, $par association(s): storescp / orthanc / varde done"
  done
done

rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$(pgrep -f -n "varde.jar serve --config $work")/status 2>/dev/null || echo 0)
echo
printf '%-26s %12s %12s\n' "ratio (sum of $rounds rounds)" "1 assoc" "4 assoc"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-26s %12s %12s\n' "Varde / storescp" "$(ratio ${total[varde.1]} ${total[storescp.1]})" "$(ratio ${total[varde.4]} ${total[storescp.4]})"
printf '%-26s %12s %12s\n' "Varde / Orthanc" "$(ratio ${total[varde.1]} ${total[orthanc.1]})" "$(ratio ${total[varde.4]} ${total[orthanc.4]})"
echo "Varde peak RSS: $((rss_kb / 1024)) MiB (heap limit -Xmx$xmx, fsync on)"
