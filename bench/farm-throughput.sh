#!/usr/bin/env bash
# Frames per minute of the same job on local farms of 1, 2 and 3 silos, the speed-up over 1 silo, and the
# coordinator's overhead (a task's end to its successor's start), medians over --repeats N runs (default 1); with --kills N,
# the time from a SIGKILL of a worker silo to its task running again on another (3 silos, N kills; --silos none skips the rest).
# Options: see bench/FarmThroughput/ThroughputOptions.cs (--silos 1,2,3 --repeats N --frames 48 --width 128 …).
# --previous REV (e.g. 1f6322f, the lease engine Orleans replaced) first builds commit REV in a temporary folder
# (bench/previous-binding.sh) and runs its own farm bench with the same options (less --kills, which it lacks), then this
# build's, and prints ONE table: frames/min on each farm size, coordinator overhead and SIGKILL recovery, grains beside
# the lease engine, with the ratio. The two run one after the other on the same machine, so their ratio is what counts.
# --keep-logs DIR copies every farm's silo, PostgreSQL and Azurite logs into DIR/FARM/ on exit (to read a slow kill's story).
# Every farm is brought down on exit, failure and Ctrl-C included; the work folder is kept only on failure.
set -euo pipefail
previous=""; keep=""; args=()
while [ $# -gt 0 ]; do case "$1" in --previous) previous="$2"; shift 2 ;; --keep-logs) keep="$2"; shift 2 ;; *) args+=("$1"); shift ;; esac; done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f src/Client/bin/Release/net10.0/stylefarm.dll ]; then
  echo "farm-throughput: stylefarm is not built yet: run infra/setup.sh first" >&2
  exit 2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/stylefarm-throughput-XXXXXX")"
# Run as root, PostgreSQL runs as "postgres", which must pass through this folder to reach its data.
chmod o+x "$work"
bench=""

finish() {
  local status=$?
  if [ -n "$bench" ] && kill -0 "$bench" 2>/dev/null; then
    kill -TERM "$bench" 2>/dev/null || true
    wait "$bench" 2>/dev/null || true
  fi
  for data in "$work"/farm-*; do
    [ -f "$data/cluster.json" ] && ./stylefarm cluster down --data "$data" >/dev/null 2>&1 || true
    if [ -n "$keep" ] && [ -d "$data" ]; then
      mkdir -p "$keep/$(basename "$data")"
      cp -r "$data/silos" "$keep/$(basename "$data")/" 2>/dev/null || true
      cp "$data/postgres/server.log" "$data/azurite/azurite.log" "$keep/$(basename "$data")/" 2>/dev/null || true
    fi
  done
  if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "farm-throughput: farms stopped; their logs are in $work" >&2; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

dotnet build bench/FarmThroughput -c Release -v quiet -nologo -clp:NoSummary >/dev/null
if [ -n "$previous" ]; then
  dir="$(bench/previous-binding.sh "$previous" FarmThroughput src/Client)"
  old=(); skip=""
  for a in ${args[@]+"${args[@]}"}; do
    if [ -n "$skip" ]; then skip=""; continue; fi
    case "$a" in --kills) skip=1 ;; *) old+=("$a") ;; esac
  done
  echo "previous engine ($previous), same options${old[*]+: ${old[*]}}:"
  "$dir/bench/farm-throughput.sh" ${old[@]+"${old[@]}"} > >(tee "$work/previous.txt") &
  bench=$!
  wait "$bench"
  echo; echo "this build:"
  args+=(--previous-table "$work/previous.txt" --previous-name "$previous")
fi
# In the background and waited for, so that a signal reaches the trap at once rather than after the bench.
dotnet bench/FarmThroughput/bin/Release/net10.0/FarmThroughput.dll --stylefarm "$root/stylefarm" --work "$work" ${args[@]+"${args[@]}"} &
bench=$!
wait "$bench"
