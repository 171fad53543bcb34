# Shared by the benchmark scripts: source it, then call bench_setup NAME.
# Gives a work folder ($work) removed at exit, a list of background pids ($pids) killed at exit,
# and small helpers. dcmtk tools get TCP_NODELAY=1: without it Nagle adds 40-90 ms per instance.
export TCP_NODELAY=1

bench_setup() { # name
  work="$(mktemp -d "/tmp/varde-$1.XXXXXX")"
  pids=()
  trap bench_cleanup EXIT
}

# a script may define bench_on_exit for its own clean-up (a database schema, say)
bench_cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if declare -F bench_on_exit >/dev/null; then bench_on_exit; fi
  if [ -n "${VARDE_BENCH_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}

# The collector Varde is launched with (./varde serve, deploy/varde.service, deploy/Dockerfile): ZGC, whose
# pauses stay under a millisecond (docs/performance.md, step 10). VARDE_BENCH_GC=-XX:+UseG1GC to compare.
varde_gc="${VARDE_BENCH_GC:--XX:+UseZGC}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# proportional set size of a process in MiB: ZGC maps its heap three times, which RSS counts three times
pss_mib() { awk '/^Pss:/ { printf "%d", $2 / 1024 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
now_ms() { date +%s%3N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# wait until a TCP port accepts; with a pid and a log, give up as soon as that process has exited
wait_port() { # port [pid log]
  for _ in $(seq 1 600); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    if [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null; then
      echo "process $2 exited before opening port $1:" >&2; tail -20 "$3" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "port $1 never opened" >&2; [ -n "${3:-}" ] && tail -20 "$3" >&2; exit 1
}
