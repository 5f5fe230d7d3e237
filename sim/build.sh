#!/usr/bin/env bash
# Configures and builds the project in build/ (Release). Used by the README commands.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release --log-level=WARNING
cmake --build build -j"$(nproc 2>/dev/null || echo 2)"
