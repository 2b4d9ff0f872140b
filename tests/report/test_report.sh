#!/bin/bash
# station report on generated records shaped like an end-to-end run's (figures computed
# independently by gen_records.py) and on hand-broken CSV files.
set -u
bin=${STATION_BIN:?}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

python3 "$here/gen_records.py" "$tmp" || { bad generate "gen_records.py failed"; exit 1; }
mapfile -t files < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["files"]))' "$tmp/expected.json")
cd "$tmp"

# Compares `report --csv` summary rows with expected.json[key] (every metric).
compare() { # name, expected key (python expression on the JSON), report arguments...
	local name=$1 key=$2; shift 2
	"$bin" report --csv "$@" > "$tmp/out.csv" 2> "$tmp/err.txt"; local rc=$?
	local diff
	diff=$(python3 - "$tmp/expected.json" "$key" "$tmp/out.csv" <<'PY'
import csv, json, sys
exp = eval("d" + sys.argv[2], {"d": json.load(open(sys.argv[1]))})
got = {r[2]: r[3] or "-" for r in csv.reader(open(sys.argv[3])) if r and r[0] == "summary"}
bad = ["%s: report %s, expected %s" % (k, got.get(k), v) for k, v in exp.items() if got.get(k) != v]
print("; ".join(bad))
PY
)
	if [ $rc -eq 0 ] && [ -z "$diff" ]; then ok "$name"; else bad "$name" "rc=$rc $diff $(head -c 300 "$tmp/err.txt")"; fi
}
compare summary_all '["all"]' "${files[@]}"
compare summary_day2 '["day2"]' "${files[1]}"
compare reordered_columns '["day2"]' reordered.csv
compare lot_filter '["lot"]["LOT-2611B"]' --lot LOT-2611B "${files[@]}"
day2=${files[1]:8:10}
day1=${files[0]:8:10}
compare since_date '["since_day2"]' --since "$day2" "${files[@]}"
compare until_date '["until_day1"]' --until "$day1" "${files[@]}"
compare since_time '["since_day2"]' --since "${day2}T00:00:00Z" "${files[@]}"

# The text report shows the same figures.
"$bin" report "${files[@]}" > text.txt; rc=$?
"$bin" report --csv "${files[@]}" > all.csv
miss=""
while IFS=, read -r sec grp metric value; do
	[ "$sec" = summary ] || continue
	[ -n "$value" ] || value=-
	case $metric in first_start|last_finish) continue;; esac
	label=$(sed -n "s/^\([A-Za-z0-9 -]*[A-Za-z0-9]\) \{2,\}$value\( %\| s\)\?\r\?$/\1/p" text.txt | head -n 1)
	[ -n "$label" ] || miss="$miss $metric=$value"
done < <(tr -d '\r' < all.csv)
[ $rc -eq 0 ] && [ -z "$miss" ] && ok text_matches_csv || bad text_matches_csv "not in text:$miss"
grep -q 'yield = PASS / (PASS + FAIL)' text.txt && ok text_legend || bad text_legend "no yield definition"

# A slot with 4 FAILs in a row is flagged; the Pareto is ordered like the independent count.
if grep -qE '^  07 .* streak 4/[0-9]+ !$' text.txt && grep -q '^slot,07,fail_streak_max,4' all.csv; then
	ok slot_streak_flagged; else bad slot_streak_flagged "$(grep '^  07 ' text.txt)"; fi
want=$(python3 -c 'import json,sys; print(" ".join("%s=%d" % (k, n) for k, n in json.load(open(sys.argv[1]))["pareto"]))' expected.json)
got=$(awk -F, '$1 == "error" && $3 == "count" { printf "%s%s=%s", sep, $2, $4; sep = " " }' <(tr -d '\r' < all.csv))
[ "$got" = "$want" ] && ok pareto_order || bad pareto_order "got '$got' want '$want'"
grep -q '^  E-MODULE 520 .*module reported the update failed$' text.txt && ok pareto_text || bad pareto_text "no E-MODULE 520 line with its text"
# Aborts are not errors: counted apart by reason, never in the Pareto.
want=$(python3 -c 'import json,sys; print(" ".join("%s=%d" % (k, n) for k, n in json.load(open(sys.argv[1]))["stops"]))' expected.json)
got=$(awk -F, '$1 == "aborted" && $3 == "count" { printf "%s%s=%s", sep, $2, $4; sep = " " }' <(tr -d '\r' < all.csv))
if [ -n "$want" ] && [ "$got" = "$want" ] && ! grep -q '^error,E-ABORTED' all.csv &&
   sed -n '/^errors, most frequent first/,/^aborted, not errors/p' text.txt | grep -vq 'E-ABORTED' &&
   sed -n '/^aborted, not errors/,/^legend/p' text.txt | grep -q 'stopped before the unit finished'
then ok aborts_apart_from_errors; else bad aborts_apart_from_errors "got '$got' want '$want'"; fi
# Records without a package: a "no package" group without a yield, not a package "(none)" at 0 %.
n_np=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["no_package"])' expected.json)
if [ "$n_np" -gt 0 ] && grep -q "^package,no package,records,$n_np" <(tr -d '\r' < all.csv) &&
   grep -q '^package,no package,yield_pct,$' <(tr -d '\r' < all.csv) && ! grep -q '(none)' text.txt &&
   grep -qE '^  no package +[0-9]+ +'"$n_np"' .* -( |$)' text.txt
then ok no_package_group; else bad no_package_group "$(grep -a 'no package\|(none)' text.txt all.csv | head -n 4)"; fi

# Hand-broken files: each bad row named with file:line and skipped; never fatal.
printf 'started_at,result,slot,lot,imei,upload_s\r\n' > broken.csv
printf '2026-11-25T10:00:00.000Z,PASS,01,L1,861,10.5\r\n' >> broken.csv          # line 2 good
printf '2026-11-25T10:01:00.000Z,"PASS,01,L1,862,10\r\n' >> broken.csv           # line 3 unterminated quote
printf '2026-11-25T10:02:00.000Z,PASS,01\r\n' >> broken.csv                      # line 4 too few fields
printf '2026-11-25T10:03:00.000Z,MAYBE,01,L1,863,1\r\n' >> broken.csv           # line 5 bad result
printf 'yesterday,FAIL,01,L1,864,1\r\n' >> broken.csv                            # line 6 bad time
printf '2026-11-25T10:05:00.000Z,FAIL,01,L1,865,fast\r\n' >> broken.csv         # line 7 bad seconds
printf '2026-11-25T10:06:00.000Z,FAIL,02,"L\r\n1",866,2\r\n' >> broken.csv      # lines 8-9 good, quoted newline
printf '\r\n2026-11-25T10:07:00.000Z,SKIP,02,"-L2",867,\r\n' >> broken.csv      # line 11 good
printf 'started_at,result\r\n2026-11-25T10:08:00Z,PASS' >> broken.csv           # header again, then line 13
out=$("$bin" report --csv broken.csv 2>err.txt); rc=$?
records=$(tr -d '\r' <<<"$out" | awk -F, '$1 == "summary" && $3 == "records" { print $4 }')
miss=""
for l in 3 4 5 6 7; do grep -q "^broken.csv:$l: " err.txt || miss="$miss $l"; done
if [ $rc -eq 0 ] && [ "$records" = 4 ] && [ -z "$miss" ] && [ "$(wc -l < err.txt)" = 5 ]; then ok broken_rows_skipped
else bad broken_rows_skipped "rc=$rc records=$records missing lines:$miss; $(cat err.txt)"; fi
grep -q "^broken.csv:5: found result 'MAYBE'; expected PASS, SKIP, FAIL or ABORTED" err.txt && ok broken_message || bad broken_message "$(cat err.txt)"
"$bin" report broken.csv 2>/dev/null | grep -q '^  -L2  ' && ok formula_guard_undone || bad formula_guard_undone "no -L2 lot"
printf 'a,b,c\r\n1,2,3\r\n' > nohdr.csv
"$bin" report nohdr.csv "${files[1]}" >out.txt 2>err.txt; rc=$?
if [ $rc -eq 2 ] && grep -q "^nohdr.csv:1: found no 'result' column" err.txt && grep -q '^records  *[1-9]' out.txt
then ok headerless_file_reported; else bad headerless_file_reported "rc=$rc $(cat err.txt)"; fi
: > empty.csv
"$bin" report empty.csv >out.txt 2>err.txt; rc=$?
[ $rc -eq 2 ] && grep -q '^empty.csv: found no header row' err.txt && ok empty_file || bad empty_file "rc=$rc $(cat err.txt)"
"$bin" report nope.csv >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok missing_file || bad missing_file "rc=$rc"
"$bin" report --since 2026-13-01 "${files[@]}" >/dev/null 2>err.txt; rc=$?
[ $rc -eq 2 ] && grep -q "found '2026-13-01'; expected a date YYYY-MM-DD" err.txt && ok bad_date || bad bad_date "rc=$rc"
"$bin" report >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok no_files || bad no_files "rc=$rc"
"$bin" report --help | grep -q '^usage: station report' && ok help || bad help "no usage"

# The HTML page: self-contained, escaped, its key figures equal to the CSV summary.
printf 'started_at,result,error_code,error_text,slot\r\n2026-11-25T10:00:00Z,FAIL,E-X,<script>alert(1)</script>,<b>\r\n' > evil.csv
"$bin" report --html page.html "${files[@]}" evil.csv >/dev/null; rc=$?
"$bin" report --csv "${files[@]}" evil.csv > page.csv
if [ $rc -eq 0 ] && ! grep -qi '<script\|https\?://\|<link\|@import\|src=' page.html; then ok html_self_contained
else bad html_self_contained "rc=$rc $(grep -oi '<script[^>]*>\|https\?://[^"]*\|<link[^>]*>\|src=[^ ]*' page.html | head -3)"; fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' page.html && grep -q '&lt;b&gt;' page.html && ok html_escaped || bad html_escaped "raw text in page"
diff=$(python3 - page.html page.csv <<'PY'
import csv, re, sys
html = open(sys.argv[1]).read()
page = dict(re.findall(r'data-metric="([^"]+)" data-value="([^"]*)"', html))
want = {r[2]: r[3] or "-" for r in csv.reader(open(sys.argv[2])) if r and r[0] == "summary" and r[2] not in ("first_start", "last_finish")}
print("; ".join("%s: page %s csv %s" % (k, page.get(k), v) for k, v in want.items() if page.get(k) != v) or ("" if page else "no metrics"))
PY
)
[ -z "$diff" ] && ok html_numbers_match || bad html_numbers_match "$diff"
miss=""
for id in chart-yield-hour chart-slot-heatmap chart-pareto chart-upload chart-update table-slots; do
	grep -q "id=\"$id\"" page.html || miss="$miss $id"
done
[ -z "${miss// /}" ] && ok html_has_charts || bad html_has_charts "missing:$miss"
grep -q '@media print' page.html && ok html_print_css || bad html_print_css "no print CSS"
