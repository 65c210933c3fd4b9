#!/usr/bin/env bash
# Installs and builds everything (infra/setup.sh), then runs every test of the solution.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/infra/setup.sh"
cd "$root"
dotnet test Cluster.sln -c Release --no-build -nologo -v quiet --logger "console;verbosity=normal" "$@"
