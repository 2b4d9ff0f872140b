#!/bin/bash
# A short kill test for make check (6 modules, 8 SIGKILLs); the full one (16 modules, 20 kills,
# updates of tens of seconds) is `make killtest` (tests/e2e/kill_test.sh).
KILL_MODULES=${KILL_MODULES:-6} KILL_ROUNDS=${KILL_ROUNDS:-8} KILL_SEED=${KILL_SEED:-5} \
	exec "$(dirname "$0")"/kill_test.sh
