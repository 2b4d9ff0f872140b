#!/bin/bash
# AT+QFUPL through the engine vs the bare pty transport, ack modes 0 and 1 (bench_upload.c).
exec "${BUILD:-build}/bench/bench_upload"
