#!/usr/bin/env python3
"""Every CTest of the project has a TIMEOUT:
  check_timeouts.py CTEST BUILD_DIR
lists the tests as CTest sees them (ctest --show-only=json-v1, which includes the tests
discovered at test time) and fails naming each test without a TIMEOUT property."""
import json
from collections import Counter
import subprocess
import sys

ctest, build = sys.argv[1], sys.argv[2]
out = subprocess.run([ctest, "--show-only=json-v1"], cwd=build, check=True, capture_output=True, text=True).stdout
tests = json.loads(out)["tests"]
missing = [t["name"] for t in tests
           if not any(p["name"] == "TIMEOUT" and float(p["value"]) > 0 for p in t.get("properties", []))]
for name in missing:
    print(f"check_timeouts: no TIMEOUT: {name}")
if missing:
    sys.exit(f"check_timeouts: {len(missing)} of {len(tests)} tests have no TIMEOUT")
by = Counter(next(int(float(p["value"])) for p in t["properties"] if p["name"] == "TIMEOUT") for t in tests)
print(f"check_timeouts: all {len(tests)} tests have a TIMEOUT: "
      + ", ".join(f"{n} x {s} s" for s, n in sorted(by.items())))
