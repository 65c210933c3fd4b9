#!/usr/bin/env bash
# The scheduler on a simulated 2-hour film with 64 and 1,000 silos: makespan, its ratio to the lower bound, idle fraction.
set -euo pipefail; cd "$(dirname "${BASH_SOURCE[0]}")/.." && exec dotnet run --project bench/FarmSim -c Release -- "$@"
