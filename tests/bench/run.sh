#!/bin/bash
# make bench: runs the benchmark sections in turn (upload, line, ui; BENCH=name runs one), each
# measuring its figures side by side with their yardsticks in the same run and exiting non-zero
# when it misses a goal. Then prints one table (each row a ratio or a figure with both of its
# measurements, its goal and the verdict) and writes the same as one JSON object to
# bench/last.json: date, machine, the named keys, "rows" and a "scale" array (one entry per
# module count). Exit status 1 when any section missed a goal or failed to measure.
#   BENCH_MODULES   module counts of the scale runs (default "8 32 64 128")
#   BENCH_SERIAL_AT the count whose modules also run one after another (default 32)
#   BENCH_WINDOW    seconds of each CPU and throughput window (default 4)
#   BENCH_KEEP=1    keeps the runs' folders (fixture logs, station output, transcripts)
set -u
cd "$(dirname "$0")/../.."
export BUILD=${BUILD:-build}
BENCH_OUT=$(mktemp -d /tmp/station-bench-out.XXXXXX)
export BENCH_OUT
trap 'rm -rf "$BENCH_OUT"' EXIT
: >"$BENCH_OUT"/rows.tsv
: >"$BENCH_OUT"/kv.tsv
: >"$BENCH_OUT"/scale.tsv
failed=()
t_all=$(date +%s)
for name in upload line ui; do
	[ -n "${BENCH:-}" ] && [ "$name" != "$BENCH" ] && continue
	echo "== $name"
	start=$(date +%s)
	bash tests/bench/"$name".sh || failed+=("$name")
	echo "   ($(( $(date +%s) - start )) s)"
done
secs=$(( $(date +%s) - t_all ))
# The named keys are always there: null when their section could not measure them.
for k in upload_ack0_ratio upload_ack1_ratio upload_aggregate64_ratio parallel32_vs_one \
	parallel32_vs_serial_speedup wait_cpu_share_64 dashboard_cpu_share_64 rss_64_package_delta_mib \
	hotplug_latency_ms_median; do
	cut -f1 "$BENCH_OUT"/kv.tsv | grep -qx "$k" || printf '%s\tnull\n' "$k" >>"$BENCH_OUT"/kv.tsv
done

date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
machine="$(nproc) cores ($cpu), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
load=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "bench $date, $machine, load $load, $secs s"
awk -F'\t' 'BEGIN { printf "%-34s %9s  %-40s %-46s %-30s %s\n", "figure", "value", "measured", "against", "goal", "verdict" }
	{ v = $6 == "1" ? "met" : $6 == "0" ? "MISSED" : "-"
	  printf "%-34s %9s  %-40s %-46s %-30s %s\n", $1, $2, $3, $4, $5, v }' "$BENCH_OUT"/rows.tsv

mkdir -p bench
awk -F'\t' -v date="$date" -v machine="$machine" -v load="$load" -v secs="$secs" \
	-v failed="${failed[*]:-}" -v kvf="$BENCH_OUT"/kv.tsv -v rowf="$BENCH_OUT"/rows.tsv \
	-v scalef="$BENCH_OUT"/scale.tsv '
function str(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function num(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ ? s + 0 : "null" }
BEGIN {
	printf "{\n  \"date\": %s,\n  \"machine\": %s,\n  \"load\": %s,\n  \"seconds\": %d,\n", str(date), str(machine), str(load), secs
	printf "  \"sections_failed\": %s,\n", str(failed)
	while ((getline l < kvf) > 0) { split(l, f, "\t"); printf "  %s: %s,\n", str(f[1]), num(f[2]) }
	printf "  \"rows\": ["
	sep = ""
	while ((getline l < rowf) > 0) {
		split(l, f, "\t")
		printf "%s\n    {\"key\": %s, \"value\": %s, \"measured\": %s, \"against\": %s, \"goal\": %s, \"met\": %s}", sep,
			str(f[1]), num(f[2]), str(f[3]), str(f[4]), str(f[5]), f[6] == "1" ? "true" : f[6] == "0" ? "false" : "null"
		sep = ","
	}
	printf "\n  ],\n  \"scale\": ["
	n = 0
	while ((getline l < scalef) > 0) {
		split(l, f, "\t")
		if (!(f[1] in idx)) { idx[f[1]] = ++n; mods[n] = f[1] }
		body[idx[f[1]]] = body[idx[f[1]]] sprintf(", %s: %s", str(f[2]), num(f[3]))
	}
	for (i = 1; i <= n; i++)
		printf "%s\n    {\"modules\": %d%s}", (i > 1 ? "," : ""), mods[i], body[i]
	printf "\n  ]\n}\n"
}' >bench/last.json
echo "bench/last.json written"
if [ ${#failed[@]} -gt 0 ]; then echo "bench: goal missed or not measured in: ${failed[*]}"; exit 1; fi
echo "bench: every goal met"
