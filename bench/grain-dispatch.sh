#!/usr/bin/env bash
# The grain engine in one process: persisted bytes per shot grain of a 2-hour film, coordinator overhead (commit → successor's grant), dispatch capacity with 1,000 simulated workers.
# --calls-only --dashboard off|idle|profiling: the cost of a grain call without the Orleans Dashboard, with it unwatched, with its profiler on.
set -euo pipefail; cd "$(dirname "${BASH_SOURCE[0]}")/.." && exec dotnet run --project bench/GrainDispatch -c Release -- "$@"
