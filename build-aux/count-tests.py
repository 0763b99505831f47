#!/usr/bin/env python3
# Prints "N passed, N failed" for a meson testlog.json. Only OK and
# EXPECTEDFAIL pass; SKIP, TIMEOUT, ERROR, FAIL and UNEXPECTEDPASS count
# as failed. A TAP test counts once, with its worst subtest result.
# Exit status 1 when any failed or no test ran.
import json
import sys

passed = failed = 0
try:
    with open(sys.argv[1], encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            result = json.loads(line).get('result')
            if result in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            else:
                failed += 1
except OSError as e:
    print(f'no test log: {e}', file=sys.stderr)
    failed = max(failed, 1)
if passed + failed == 0:
    failed = 1
print(f'{passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
