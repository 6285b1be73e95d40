#!/usr/bin/env bash
# The project's test command (README "Set-up", second command): builds every module and runs all
# tests. Tests that need ../shared (real datasets, stories260K) skip with a message where it is absent.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# ND4J single-threaded: on 2 cores, 2 OpenMP threads per JVM made runs swing 2-4x.
export OMP_NUM_THREADS=1
start=$(date +%s)
mvn -B -ntp verify "$@"
echo "ci/test.sh: all modules built and tested in $(( $(date +%s) - start )) s"
