# Shared by the benchmark sections (sourced). Each section appends what it measured to files in
# $BENCH_OUT, which tests/bench/run.sh turns into the table and bench/last.json:
#   bench_row KEY VALUE MEASURED AGAINST GOAL MET   one row of the table: a ratio (or a figure)
#       and both of its measurements in words; GOAL in words or "-"; MET 1, 0 or - (no goal)
#   bench_kv KEY VALUE                              a number (or null) for last.json
#   bench_scale MODULES KEY VALUE                   one figure of the scale entry for MODULES
set -u
BENCH_OUT=${BENCH_OUT:?run the sections through tests/bench/run.sh (make bench)}
bench_row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$BENCH_OUT"/rows.tsv; }
bench_kv() { printf '%s\t%s\n' "$1" "$2" >>"$BENCH_OUT"/kv.tsv; }
bench_scale() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$BENCH_OUT"/scale.tsv; }
# calc EXPR: awk arithmetic to 3 decimals; "null" when an operand is missing or a divisor is 0
calc() {
	local v
	case "$1" in *null*) echo null; return ;; esac
	v=$(awk "BEGIN { printf \"%.3f\", $1 }" 2>/dev/null)
	case "$v" in ''|*inf*|*nan*) echo null ;; *) echo "$v" ;; esac
}
# median V...: the middle value (the mean of the two middle ones for an even count); "null" when
# a value is missing
median() {
	case " $* " in *" null "*|"  ") echo null; return ;; esac
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# holds COND: 1 when the awk condition holds, else 0 (a null operand never holds)
holds() { case "$1" in *null*) echo 0 ;; *) awk "BEGIN { print (($1) ? 1 : 0) }" ;; esac; }
