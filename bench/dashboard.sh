#!/usr/bin/env bash
# The dashboard's figures (issue 12): page weight and first render per page, commit → page latency, CPU cost on the api silo with 0, 1 and 5 live job pages. Needs Debian's chromium (infra/setup.sh --for-tests).
set -euo pipefail; cd "$(dirname "${BASH_SOURCE[0]}")/.." && exec dotnet run --project bench/DashboardBench -c Release -- "$@"
