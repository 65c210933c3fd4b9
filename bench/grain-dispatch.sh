#!/usr/bin/env bash
# The grain engine in one process: persisted bytes per shot grain of a 2-hour film, coordinator overhead (commit → successor's grant), dispatch capacity with 1,000 simulated workers.
set -euo pipefail; cd "$(dirname "${BASH_SOURCE[0]}")/.." && exec dotnet run --project bench/GrainDispatch -c Release -- "$@"
