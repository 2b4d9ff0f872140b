#!/bin/bash
# Benchmark section: AT+QFUPL through the engine vs the bare pty transport on one port, ack modes
# 0 and 1, with the sending thread's CPU per MB on both sides (bench_upload.c). Goal: each ratio
# >= 0.90; exit status 1 when one is missed.
set -u
cd "$(dirname "$0")/../.."
. tests/bench/lib.sh
out=$("${BUILD:-build}"/bench/bench_upload)
rc=$?
echo "$out"
n=0
while read -r line; do
	ack= mib= runs= bound_mbps= engine_mbps= ratio= bound_cpu_ms_per_mb= engine_cpu_ms_per_mb= met=
	eval "$line"
	[ -n "$ratio" ] || continue
	n=$((n + 1))
	bench_row "upload_ack${ack}_ratio" "$ratio" "engine $engine_mbps MB/s" \
		"bare pty $bound_mbps MB/s ($mib MiB; medians of $runs pairs, ratio: the median pair)" ">= 0.90" "$met"
	r=$(calc "$engine_cpu_ms_per_mb / $bound_cpu_ms_per_mb")
	bench_row "upload_ack${ack}_cpu_ratio" "$r" "engine sender $engine_cpu_ms_per_mb ms CPU/MB" \
		"bare sender $bound_cpu_ms_per_mb ms CPU/MB" "-" "-"
	bench_kv "upload_ack${ack}_ratio" "$ratio"
	bench_kv "upload_ack${ack}_engine_cpu_ms_per_mb" "$engine_cpu_ms_per_mb"
	bench_kv "upload_ack${ack}_bare_cpu_ms_per_mb" "$bound_cpu_ms_per_mb"
done <<<"$out"
[ "$n" = 2 ] || { echo "upload: bench_upload gave $n of its 2 figures"; exit 1; }
exit $rc
