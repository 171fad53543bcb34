#!/usr/bin/env bash
# Ingest benchmark: the same CT study sent by dcmtk storescu to dcmtk storescp, to Orthanc and to
# Varde with fsync on and with fsync off (journaled either way), one after the other, several rounds,
# with 1 and with 4 parallel associations. Prints the median time of each receiver, the ratios of the
# medians (Varde/storescp, Varde/Orthanc), the spread of the per-round ratios, where Varde's time went
# (varde_ingest_stage_seconds, ms per instance) and Varde's peak RSS.
# Not a test: numbers on a shared 2-core machine are noisy, which is why only ratios of runs
# interleaved in one session are reported, with the load average before and after.
#
#   bench/ingest.sh [--slices 240] [--matrix 512] [--rounds 5] [--xmx 256m] [--jar PATH]
#                   [--assocs "1 4"] [--fsync "on off"] [--compare OLD.jar [--compare-gc FLAG]] [--warmup 2]
#   --warmup N untimed sends to every receiver before the rounds (default 2), each a study none has
#   seen: with more, Varde's JVM is older when timed (its JIT share, printed, falls towards steady state).
#   --compare runs a second pair of gateways from another build (e.g. main before a change) in the same
#   rounds, so that before and after are measured under the same load (rows "base"); --compare-gc
#   FLAG runs it with another collector (-XX:+UseG1GC: as Varde was launched before step 10).
#   bench/ingest.sh --big [--jar PATH] [--warmup N]   heap, RSS and GC (pauses, humongous regions) of
#                                        Varde (-Xmx256m) receiving a 1,000-slice CT, then one 300 MB
#                                        multi-frame instance, each in a new gateway warmed by N 240-slice sends
#
# What is compared: storescp writes each file and does not fsync; Orthanc (SyncStorageArea on by
# default) stores and indexes in SQLite; Varde fsyncs file and directory, renames and journals
# before it answers. Each receiver gets two untimed warm-up sends first (--warmup N for more) (page cache, JIT, SQLite), then
# each Varde's compile queue is drained: they are long-running servers, and a cold JVM measures its
# compiler, not its ingest. The JIT compiler's CPU in the timed rounds is printed apart.
# Every timed send is a study none of them has seen before (new instances, not resends).
# --jar runs a jar you built (e.g. mvn -Dvarde.buildDir=target-x package) instead of ./varde.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
slices=240; matrix=512; rounds=5; xmx=256m; jar=""; base_jar=""; big=0; assocs="1 4"; fsyncs="on off"; warmups=2
while [ $# -gt 0 ]; do
  case "$1" in
    --slices) slices=$2; shift 2;; --matrix) matrix=$2; shift 2;;
    --rounds) rounds=$2; shift 2;; --xmx) xmx=$2; shift 2;;
    --jar) jar=$(readlink -f "$2"); shift 2;; --big) big=1; shift;;
    --assocs) assocs=$2; shift 2;; --fsync) fsyncs=$2; shift 2;;
    --compare) base_jar=$(readlink -f "$2"); shift 2;;
    --compare-gc) base_gc=$2; shift 2;;
    --warmup) warmups=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
source "$here/bench/lib.sh"
bench_setup bench
base_gc=${base_gc:-$varde_gc}

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

start_varde() { # name heap [fsync true|false] -> sets varde_pid, varde_port, varde_http
  varde_port=$(free_port); varde_http=$(free_port); local http_port=$varde_http; mkdir -p "$work/$1"
  cat > "$work/$1/varde.yaml" <<YAML
dicom: { aeTitle: VARDE, bind: 127.0.0.1, port: $varde_port, maxAssociations: 64, allowedCallers: ["STORESCU@127.0.0.1"] }
http: { bind: 127.0.0.1, port: $http_port }
storage: { dir: $work/$1/data, fsync: ${3:-true} }
YAML
  # exec in a subshell so $! is the JVM itself (its VmHWM is the RSS we report)
  if [ -n "$jar" ]; then
    (exec java -Xmx"$2" $varde_gc ${VARDE_BENCH_JVM:-} -jar "$jar" serve --config "$work/$1/varde.yaml") >"$work/$1/log" 2>&1 &
  else
    (VARDE_JAVA_OPTS="-Xmx$2 $varde_gc ${VARDE_BENCH_JVM:-}" exec "$here/varde" serve --config "$work/$1/varde.yaml") >"$work/$1/log" 2>&1 &
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

# --- --big: heap flat with -Xmx256m whatever the study size, and what the collector did ----------
# A 1,000-slice CT over 4 associations, then one 300 MB multi-frame instance (bench/multiframe.py)
# over 1, each by a gateway warmed up first, with the collector it ships with (ZGC) and with G1. The GC
# log says how long the longest pause was and, under G1, whether any allocation was humongous (half a
# region or more; with -Xmx256m regions are 1 MiB).
if [ $big -eq 1 ]; then
  printf '%-22s %9s %6s %7s %13s %10s %10s %10s %17s %12s %14s\n' study instances MiB "time s" "heap after GC" "max heap" \
    "peak RSS" "peak PSS" "max pause (n)" "humongous rg" "warm-up pause"
  mf="${VARDE_BENCH_DATA:-$here/bench/.data}/mf-300MiB.dcm"
  [ -f "$mf" ] || python3 "$here/bench/multiframe.py" "$mf" 300 >&2
  # the length in ms of each pause in gateway $n's GC log after the first $1 pause lines
  pauses_after() { grep 'Pause' "$work/gc.$n.log" | tail -n +$(($1 + 1)) | grep -o '[0-9.]*ms$' | tr -d ms || true; }
  # as shipped (ZGC), then G1: its region log is what shows a humongous allocation (half a region or more)
  for gc in "$varde_gc" -XX:+UseG1GC; do
  varde_gc=$gc
  for n in 1000 mf; do
    if [ "$n" = mf ]; then files=("$mf"); par=1; name=multiframe-300; else
      mapfile -t files < <(find "$(study $n $n)" -name '*.dcm' | sort); par=4; name=ct-$n; fi
    name="$name ${gc#-XX:+Use}"
    mib=$(( $(cat "${files[@]}" | wc -c) / 1048576 ))
    VARDE_BENCH_JVM="${VARDE_BENCH_JVM:-} -Xlog:${VARDE_BENCH_GCLOG:-gc,gc+phases=info,gc+heap=info}:file=$work/gc.$n.log" \
      start_varde "big$n" 256m
    # a gateway in a hospital is warm when a big study comes: --warmup sends of a 240-slice CT first
    # (start-up's class loading, JIT and H2 cache filling are the warm-ups' pauses, printed apart)
    w0=$(grep -c 'Pause' "$work/gc.$n.log" || true); big_files=("${files[@]}")
    for ((i = 0; i < warmups; i++)); do
      mapfile -t files < <(find "$(study 240 $((2000 + i)))" -name '*.dcm' | sort); send VARDE "$varde_port" 1 >/dev/null
    done
    files=("${big_files[@]}")
    wpause=$(pauses_after "$w0" | sort -g | tail -1)
    # heap used (jstat: all generations, after or before a collection) and PSS, sampled while receiving
    jstat -gc "$varde_pid" 500 > "$work/jstat.$n" 2>/dev/null & jstat_pid=$!; pids+=("$jstat_pid")
    (while kill -0 "$varde_pid" 2>/dev/null; do pss_mib "$varde_pid"; echo; sleep 0.5; done) > "$work/pss.$n" & pss_pid=$!
    pids+=("$pss_pid")
    before=$(grep -c 'Pause' "$work/gc.$n.log" || true); gclines=$(wc -l < "$work/gc.$n.log")
    # humongous regions held at the last collection before the send: start-up's long-lived objects
    h0=$(grep -o 'Humongous regions: [0-9]*->[0-9]*' "$work/gc.$n.log" | tail -1 | awk -F'[ >-]+' '{ print $4 + 0 }' || true)
    t=$(send VARDE "$varde_port" $par)
    kill "$jstat_pid" "$pss_pid" 2>/dev/null || true
    # pauses while receiving only (start-up's and the warm-ups' are before $before); ZGC logs its
    # three short pauses per cycle (gc+phases), and a thread held up by a cycle as an "Allocation Stall"
    # or "Relocation Stall": those count as pauses here too
    during=$( (pauses_after "$before"; tail -n +$((gclines + 1)) "$work/gc.$n.log" | grep 'Stall' | grep -o '[0-9.]*ms$' \
      | tr -d ms) | grep . || true)
    pause=$(sort -g <<< "$during" | tail -1); npause=$(grep -c . <<< "$during" || true)
    # the most held at any collection during the send: more than $h0 means ingest allocated humongous objects
    humongous=$(tail -n +$((gclines + 1)) "$work/gc.$n.log" | grep -o 'Humongous regions: [0-9]*->[0-9]*' \
      | awk -F'[ >-]+' -v m="${h0:-0}" '{ if ($3 > m) m = $3; if ($4 > m) m = $4 } END { print m + 0 }' || true)
    [ "$gc" = -XX:+UseG1GC ] && humongous="${h0:-0}->$humongous" || humongous="(G1 only)"
    jcmd "$varde_pid" GC.run >/dev/null
    after=$(jcmd "$varde_pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { sub(/,$/, "", $(i+1)); print $(i+1); exit } }')
    # the most the heap held at any sample: the used columns of jstat -gc summed (ZGC reports all as old)
    maxheap=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^(S0U|S1U|EU|OU)$/) u[i] = 1; next }
      { s = 0; for (i in u) if ($i ~ /^[0-9.]+$/) s += $i; if (s > m) m = s } END { printf "%dM", m / 1024 }' "$work/jstat.$n")
    pss=$(sort -g "$work/pss.$n" | tail -1)
    printf '%-22s %9d %6d %7.1f %13s %10s %10s %10s %17s %12s %14s\n' "$name" "${#files[@]}" "$mib" \
      "$(awk -v t="$t" 'BEGIN{print t/1000}')" "$after" "$maxheap" "$(rss_mib "$varde_pid") MiB" "${pss:-?} MiB" \
      "${pause:-none} ms (${npause:-0})" "$humongous" "${wpause:-none} ms"
    kill "$varde_pid"; wait "$varde_pid" 2>/dev/null || true
  done
  done
  echo "load average at the end: $(load); heap limit -Xmx256m (G1: 1 MiB regions), fsync on"
  exit 0
fi

# --- the ratio benchmark -----------------------------------------------------------------------
# Each send is a study the receivers have not seen (its own seed, so its own UIDs): new instances,
# as a modality sends them, not the update path of a resend. All receivers get the same study.
use_study() { mapfile -t files < <(find "$(study "$slices" "$1")" -name '*.dcm' | sort); }
npar=$(wc -w <<<"$assocs")
# warm-up studies: 42, 43, then 201… for more than two
warm_seeds="42 43 $(seq 201 $((200 + warmups - 2)) 2>/dev/null)"
warm_seeds=$(echo "$warm_seeds" | tr ' ' '\n' | head -n "$warmups" | tr '\n' ' ')
for seed in $warm_seeds $(seq 101 $((100 + npar * rounds))); do use_study "$seed"; done   # generate up front
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

# one Varde per fsync setting, both running for the whole session (same conditions for both)
declare -A vport vhttp vpid
for f in $fsyncs; do
  start_varde "varde-$f" "$xmx" "$([ "$f" = on ] && echo true || echo false)"
  vport[$f]=$varde_port; vhttp[$f]=$varde_http; vpid[$f]=$varde_pid
  if [ -n "$base_jar" ]; then
    after_jar=$jar; jar=$base_jar; after_gc=$varde_gc; varde_gc=$base_gc
    start_varde "base-$f" "$xmx" "$([ "$f" = on ] && echo true || echo false)"
    jar=$after_jar; varde_gc=$after_gc
    vport[base$f]=$varde_port; vhttp[base$f]=$varde_http; vpid[base$f]=$varde_pid
  fi
done
wait_port "$scp_port" "$scp_pid" "$work/storescp.log"
wait_port "$orthanc_dicom" "$orthanc_pid" "$work/orthanc/log"

targets=(storescp orthanc); for f in $fsyncs; do targets+=("varde-$f"); [ -z "$base_jar" ] || targets+=("base-$f"); done
send_to() { # target parallel -> ms
  case "$1" in
    storescp) send ANY "$scp_port" "$2";;
    orthanc) send ORTHANC "$orthanc_dicom" "$2";;
    varde-*) send VARDE "${vport[${1#varde-}]}" "$2";;
    base-*) send VARDE "${vport[base${1#base-}]}" "$2";;
  esac
}
# untimed warm-up sends (two unless --warmup): a cold JVM measures its compiler (the first send is ~2x slower)
for seed in $warm_seeds; do
  use_study "$seed"
  for t in "${targets[@]}"; do send_to "$t" 1 >/dev/null; done
  rm -rf "$work/storescp"/* 2>/dev/null || true
done
# The JVM's compiler is still at work after the warm-up sends: at a load of 20 on 2 cores its C2 thread
# took half of Varde's CPU in the timed rounds (docs/performance.md). Let each Varde's compile queue
# drain (at most 60 s) so that the rounds measure ingest; what the compiler still does in them is
# printed apart ("of which JIT").
jit_idle() { # pid: no compile running or queued
  jcmd "$1" Compiler.queue 2>/dev/null | awk '/compile queue:|Current compiles:/ { q = 1; next } q && NF && ($1 ~ /^[0-9]+$/ || $1 ~ /^C[12]$/) { busy = 1 } END { exit busy }'; }
for t in "${targets[@]}"; do case "$t" in varde-*|base-*)
  p=${vpid[${t#varde-}]:-}; [[ "$t" == base-* ]] && p=${vpid[base${t#base-}]}
  for _ in $(seq 1 120); do jit_idle "$p" && break; sleep 0.5; done;; esac; done
# what the warm-ups wrote is flushed now, not by the kernel's writeback during the timed rounds (it
# would slow every receiver's writes, storescp's most, and flatter the ratios)
sync
echo "warm-up: $warmups sends to each receiver (not timed), then each Varde's compile queue drained, the page cache flushed"
echo "collector: Varde $varde_gc${base_jar:+, base $base_gc}"

# varde_ingest_stage_seconds_{sum,count} of one Varde, as "stage sum count" lines
stages() { curl -sf "http://127.0.0.1:$1/metrics" | awk '
  /^varde_ingest_stage_seconds_(sum|count)\{/ { match($0, /stage="[^"]*"/); s = substr($0, RSTART + 7, RLENGTH - 8)
    if ($1 ~ /_sum/) sum[s] = $2; else cnt[s] = $2 }
  END { for (s in sum) print s, sum[s], cnt[s] }' | sort; }
# CPU time (user + system, children reaped included: storescp --fork) of a process, in ms; less
# sensitive to the machine's load than wall time, so the ratios of it are the steadier measure
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(($12 + $13 + $14 + $15) * 1000 / hz) }' "/proc/$1/stat"; }
cpu_of() { case "$1" in storescp) cpu_ms "$scp_pid";; orthanc) cpu_ms "$orthanc_pid";;
  varde-*) cpu_ms "${vpid[${1#varde-}]}";; base-*) cpu_ms "${vpid[base${1#base-}]}";; esac; }
# CPU time (ms) of a JVM's JIT compiler threads, 0 for the native receivers
jit_of() { local p; case "$1" in varde-*) p=${vpid[${1#varde-}]};; base-*) p=${vpid[base${1#base-}]};; *) echo 0; return;; esac
  for t in /proc/"$p"/task/*; do if grep -q '^C[12] CompilerThre' "$t/comm" 2>/dev/null; then sed 's/^.*) //' "$t/stat" 2>/dev/null || true; fi; done \
    | awk -v hz="$(getconf CLK_TCK)" '{ s += $12 + $13 } END { print int(s * 1000 / hz) }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

declare -A times before_stages cpu jit
offset=0
for par in $assocs; do
  for f in $fsyncs; do before_stages[$f.$par]="$(stages "${vhttp[$f]}")"
    [ -z "$base_jar" ] || before_stages[base$f.$par]="$(stages "${vhttp[base$f]}")"; done
  for ((r = 1; r <= rounds; r++)); do
    use_study $((100 + offset + r))
    line="round $r, $par association(s):"
    # the order turns every round, so that no receiver always follows the same one
    for ((k = 0; k < ${#targets[@]}; k++)); do
      t=${targets[$(((k + r) % ${#targets[@]}))]}
      sync   # no receiver's send pays for the writeback of the one before it
      c0=$(cpu_of "$t"); j0=$(jit_of "$t"); ms=$(send_to "$t" "$par"); times[$t.$par]+="$ms "
      cpu[$t.$par]=$(( ${cpu[$t.$par]:-0} + $(cpu_of "$t") - c0 )); jit[$t.$par]=$(( ${jit[$t.$par]:-0} + $(jit_of "$t") - j0 ))
      line+=" $t $ms ms,"
    done
    rm -rf "$work/storescp"/* 2>/dev/null || true
    echo "$line (load $(load))"
  done
  offset=$((offset + rounds))
  for f in $fsyncs; do for v in "$f" ${base_jar:+base$f}; do
    echo "--- where Varde's time went ($([ "$v" = "$f" ] && echo this build || echo --compare build)), fsync $f, $par association(s) (ms per instance, summed over threads)"
    join -a2 <(echo "${before_stages[$v.$par]}") <(stages "${vhttp[$v]}") | awk '
      NF == 5 { s = $4 - $2; c = $5 - $3 } NF == 3 { s = $2; c = $3 }
      c > 0 { printf "  %-14s %7.3f\n", $1, s * 1000 / c }'
  done; done
done

echo
echo "medians of $rounds rounds, ${#files[@]} instances a round (ratio of the medians; in brackets the lowest and highest per-round ratio)"
printf '%-28s' ""; for par in $assocs; do printf '%24s' "$par assoc"; done; echo
spread() { # target reference par -> "min-max" of the per-round ratios
  paste <(tr ' ' '\n' <<<"${times[$1.$3]}") <(tr ' ' '\n' <<<"${times[$2.$3]}") | awk 'NF == 2 && $2 > 0 {
    q = $1 / $2; if (n++ == 0 || q < lo) lo = q; if (n == 1 || q > hi) hi = q } END { printf "%.2f-%.2f", lo, hi }'; }
row() { # label target reference
  printf '%-28s' "$1"
  for par in $assocs; do
    local a b; a=$(median <<<"$(tr ' ' '\n' <<<"${times[$2.$par]}" | grep .)"); b=$(median <<<"$(tr ' ' '\n' <<<"${times[$3.$par]}" | grep .)")
    printf '%24s' "$(ratio "$a" "$b") [$(spread "$2" "$3" "$par")]"
  done; echo; }
for f in $fsyncs; do
  row "Varde fsync $f / storescp" "varde-$f" storescp
  row "Varde fsync $f / Orthanc" "varde-$f" orthanc
  if [ -n "$base_jar" ]; then
    row "base fsync $f / storescp" "base-$f" storescp
    row "base fsync $f / Orthanc" "base-$f" orthanc
    row "Varde fsync $f / base" "varde-$f" "base-$f"
  fi
done
printf '%-28s' "median ms per instance"; for par in $assocs; do
  line=""; for t in "${targets[@]}"; do
    m=$(median <<<"$(tr ' ' '\n' <<<"${times[$t.$par]}" | grep .)"); line+="$t $(ratio "$m" "${#files[@]}") "
  done; printf '  [%s assoc] %s' "$par" "$line"; done; echo
echo "CPU time per instance, ms (user + system of the receiving process, all timed rounds; storescp's forked children included):"
for par in $assocs; do printf '  [%s assoc]' "$par"; for t in "${targets[@]}"; do
  printf ' %s %s' "$t" "$(awk -v c="${cpu[$t.$par]}" -v j="${jit[$t.$par]}" -v n="$((rounds * ${#files[@]}))" \
    'BEGIN { printf "%.2f", c / n; if (j > 0) printf " (of which JIT %.2f)", j / n }')"; done; echo; done
for f in $fsyncs; do echo "Varde fsync $f peak RSS: $(rss_mib "${vpid[$f]}") MiB, PSS at the end $(pss_mib "${vpid[$f]}") MiB" \
  "(heap limit -Xmx$xmx; $varde_gc: ZGC's heap is mapped three times, and RSS counts it three times)"; done
echo "load average at the end $(load)"
