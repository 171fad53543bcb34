#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with the databases the tests use
# (`test` and `postgres`, user `postgres`, no password from loopback). Idempotent: a running server
# is left alone. Installs Debian's `postgresql` package when it is absent. Needs root or sudo.
# The job store's PostgreSQL tests fail (they never skip) when this has not been run.
set -euo pipefail

HOST=127.0.0.1
PORT=5432
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

ready() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }

if ! ready; then
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    echo "installing postgresql"
    $SUDO apt-get update -qq
    # the package creates and starts cluster "main"; a container has no systemd, so it is started below
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  [ -d "/etc/postgresql/$version/main" ] || $SUDO pg_createcluster "$version" main
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Test machine only: loopback connections as any user without a password. The first matching
  # line wins, so these go on top; remote hosts keep whatever the file says.
  if ! $SUDO grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  echo "starting PostgreSQL $version cluster main"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi

for _ in $(seq 1 60); do
  ready && break
  sleep 0.5
done
if ! ready; then
  echo "PostgreSQL does not answer on $HOST:$PORT; see /var/log/postgresql/" >&2
  exit 1
fi

exists=$(psql -h "$HOST" -p "$PORT" -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'test'")
[ "$exists" = "1" ] || psql -h "$HOST" -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE test"
echo "PostgreSQL ready on $HOST:$PORT (databases test, postgres; user postgres)"
