#!/bin/bash
# The report's HTML page in headless Chromium (Debian's package, installed like `make
# deps-browser`): no console errors, a screenshot that is a drawn page, and the figures in the
# page equal to the text report's.
set -u
bin=${STATION_BIN:?}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

if ! "$top/tests/deps.sh" chromium >"$tmp/deps.log" 2>&1 || ! command -v chromium >/dev/null; then
	bad chromium_installed "$(tail -n 3 "$tmp/deps.log")"; exit 1
fi
ok chromium_installed

chrome() { # page, then extra flags; stdout: the output; stderr: chromium's log
	local page=$1; shift
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" --enable-logging=stderr --v=0 \
		"$@" "file://$page"
}

python3 "$here/gen_records.py" "$tmp" || { bad generate "gen_records.py failed"; exit 1; }
mapfile -t files < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["files"]))' "$tmp/expected.json")
cd "$tmp"
"$bin" report --html "$tmp/page.html" "${files[@]}" > text.txt || { bad report "exit $?"; exit 1; }

# Control: the console detector sees errors on a page that has them.
printf '<!DOCTYPE html><p>x</p><script>console.error("control")</script>\n' > control.html
chrome "$tmp/control.html" --dump-dom >/dev/null 2>control.log
grep -q 'CONSOLE.*"control"' control.log && ok console_detector_works || bad console_detector_works "no CONSOLE line for console.error"

chrome "$tmp/page.html" --dump-dom > dom.html 2> dom.log; rc=$?
if [ $rc -eq 0 ] && [ -s dom.html ] && ! grep -q 'CONSOLE\|Uncaught\|ERR_' dom.log; then ok no_console_errors
else bad no_console_errors "rc=$rc $(grep 'CONSOLE\|Uncaught\|ERR_' dom.log | head -n 3)"; fi

# The figures in the rendered page (data-metric tiles) equal the text report's lines.
diff=$(python3 - dom.html text.txt <<'PY'
import re, sys
dom, text = open(sys.argv[1]).read(), open(sys.argv[2]).read()
tiles = re.findall(r'data-metric="([^"]+)" data-value="([^"]*)"><div class="v">[^<]*</div><div class="l">([^<]+)</div>', dom)
bad = []
for name, value, label in tiles:
    if not re.search(r"^%s +%s( %%| s)?$" % (re.escape(label), re.escape(value)), text, re.M):
        bad.append("%s=%s (%s)" % (name, value, label))
print("no tiles" if len(tiles) < 13 else "; ".join(bad))
PY
)
[ -z "$diff" ] && ok page_numbers_equal_text || bad page_numbers_equal_text "$diff"

chrome "$tmp/page.html" --screenshot="$tmp/shot.png" --window-size=1280,3200 >/dev/null 2>shot.log; rc=$?
if [ $rc -ne 0 ] || [ ! -s shot.png ]; then bad screenshot "rc=$rc $(tail -n 2 shot.log)"; exit 1; fi
read -r w h colors nonwhite < <(python3 "$here/png_stats.py" shot.png)
has=$(python3 "$here/png_stats.py" shot.png 3b6ea8 c62828 | grep -c '^has')
# A blank or unstyled page has a handful of colours; charts bring hundreds and their fills.
if [ "$w" = 1280 ] && [ "$h" = 3200 ] && [ "$colors" -ge 100 ] && python3 -c "import sys; sys.exit(not 15 <= float('$nonwhite') <= 90)" && [ "$has" = 2 ]
then ok screenshot_not_blank; else bad screenshot_not_blank "${w}x$h colors=$colors nonwhite=$nonwhite% chart fills=$has/2"; fi
mkdir -p "$top/build/test-logs" 2>/dev/null && cp shot.png "$top/build/test-logs/report-page.png" 2>/dev/null

chrome "$tmp/page.html" --print-to-pdf="$tmp/page.pdf" --no-pdf-header-footer >/dev/null 2>pdf.log
size=$(stat -c %s page.pdf 2>/dev/null || echo 0)
[ "$(head -c 5 page.pdf 2>/dev/null)" = "%PDF-" ] && [ "$size" -gt 20000 ] && ok prints_to_pdf ||
	bad prints_to_pdf "size $size; $(tail -n 2 pdf.log)"

# Readable charts: every heat-map number contrasts with its cell (WCAG 4.5:1), the yield labels
# carry %, the time histograms have a count axis and labelled bins.
chk=$(python3 - page.html <<'PY'
import re, sys
html = open(sys.argv[1]).read()
def lum(h):
    c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)] if len(h) == 7 else [1, 1, 1]
    c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
bad = []
heat = html[html.index('id="chart-slot-heatmap"'):].split("</svg>")[0]
cells = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*><title>[^<]*</title></rect>\n<text [^>]*fill="(#[0-9a-f]{3,6})">(\d+)</text>', heat)
for fill, ink, n in cells:
    ink = "#ffffff" if ink == "#fff" else ink
    a, b = sorted((lum(fill), lum(ink)))
    if (b + 0.05) / (a + 0.05) < 4.5:
        bad.append("cell %s on %s: %.2f" % (ink, fill, (b + 0.05) / (a + 0.05)))
if len(cells) < 5:
    bad.append("only %d heat-map numbers" % len(cells))
hours = html[html.index('id="chart-yield-hour"'):].split("</svg>")[0]
labels = re.findall(r'<text x="[^"]*" y="[^"]*" text-anchor="middle">([0-9.]+%?)</text>', hours)
labels = [l for l in labels if ":" not in l]
if not labels or any(not l.endswith("%") for l in labels):
    bad.append("yield labels %s" % labels[:5])
for hid in ("chart-upload", "chart-update"):
    h = html[html.index('id="%s"' % hid):].split("</svg>")[0]
    if ">count</text>" not in h or len(re.findall(r'class="count-tick"', h)) < 2 or len(re.findall(r'class="bin-edge"', h)) < 3:
        bad.append(hid + " has no count axis or bin labels")
print("; ".join(bad))
PY
)
[ -z "$chk" ] && ok charts_readable || bad charts_readable "$chk"

# Printed on A4 (186 mm between the margins = 703 CSS px): the page with its print rules applied
# at that width, every chart text measured in Chromium: at least 8 pt.
python3 - page.html a4.html <<'PY'
import sys
html = open(sys.argv[1]).read().replace("@media print{", "@media all{")
probe = """<script>
let min = 1e9, n = 0;
for (const svg of document.querySelectorAll('svg')) {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  for (const t of svg.querySelectorAll('text')) {
    const pt = parseFloat(getComputedStyle(t).fontSize) * scale * 0.75;
    n++; if (pt < min) min = pt;
  }
}
console.log('A4TEXT n=' + n + ' minpt=' + min.toFixed(2));
</script></body>"""
open(sys.argv[2], "w").write(html.replace("</body>", probe))
PY
chrome "$tmp/a4.html" --screenshot="$tmp/a4.png" --window-size=703,3000 >/dev/null 2>a4.log
line=$(grep -o 'A4TEXT n=[0-9]* minpt=[0-9.]*' a4.log | head -n 1)
n=${line#*n=}; n=${n%% *}; minpt=${line##*minpt=}
if [ -n "$line" ] && [ "$n" -gt 50 ] && python3 -c "import sys; sys.exit(not float('$minpt') >= 8)"; then
	ok chart_text_8pt_on_a4
else bad chart_text_8pt_on_a4 "${line:-no measurement} $(grep -m 2 CONSOLE a4.log)"; fi
read -r w h colors nonwhite < <(python3 "$here/png_stats.py" a4.png)
[ "$w" = 703 ] && [ "$colors" -ge 100 ] && ok a4_screenshot_drawn || bad a4_screenshot_drawn "${w}x$h colors=$colors"
cp a4.png "$top/build/test-logs/report-a4.png" 2>/dev/null
