# Hotplug latencies of one run, from both sides' own timestamps (tests/bench/line.sh):
#   awk [-v stop_ms=WALL_MS] -f latency.awk FIXTURE_LOG TRANSCRIPT...
# The fixture logs "plugging" when a module goes in (before its uevents) and "plug ... tty=ttyUSBn"
# when it is there (its IMEI in column 3); the station's transcripts stamp each byte it writes
# ('>') and reads ('<') with the port. A tty name is never used twice in a run (every plug takes
# fresh ones), so the port alone ties the two, also for a unit the station could not identify
# (its transcript is unknown-<time>-slot<label>.log). Both stamps are the wall clock of the same
# machine, in ms.
#   add:    a module's first plug after the station started (a module put into a slot while
#           the station runs) -> the station's first byte written to that port
#   return: a later plug of the same module (back after a reboot) -> the station's first byte
#           written to the new port: it has opened it and reads it from then on
#   answer: the same plug -> the first bytes the station read from the new port (this adds the
#           emulated module's own answer time, the fixture's loop under load included)
# Prints "add_n= add_median_ms= add_p95_ms= add_missing= add_early= return_n= ... answer_n= ..."
# (null for a figure with no sample). missing: the station never wrote (add) or read (return)
# on that port (not counted for a plug in the last 2 s before stop_ms, when the station was
# stopped: it had no time to answer); early: its stamp is before the plug (a wall clock step: the figures are void).

# Days from a civil date (proleptic Gregorian), counted from an era start: only differences count.
function civil_days(y, mo, d,    a, yy, mm) {
	a = mo <= 2 ? 1 : 0
	yy = y - a
	mm = mo + (a ? 9 : -3)
	return 365 * yy + int(yy / 4) - int(yy / 100) + int(yy / 400) + int((153 * mm + 2) / 5) + d
}

# "2026-11-25T15:04:05.123Z" -> milliseconds since 1970-01-01 (as stop_ms is)
function iso_ms(s,    days) {
	days = civil_days(substr(s, 1, 4) + 0, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0) - civil_days(1970, 1, 1)
	return ((days * 24 + substr(s, 12, 2)) * 60 + substr(s, 15, 2)) * 60000 + substr(s, 18, 2) * 1000 + substr(s, 21, 3)
}

function pct(v, n, p,    i, j, x, r, lo) {
	if (n == 0)
		return -1
	for (i = 2; i <= n; i++) {
		x = v[i]
		for (j = i - 1; j >= 1 && v[j] > x; j--)
			v[j + 1] = v[j]
		v[j + 1] = x
	}
	# linear interpolation between ranks
	r = 1 + p * (n - 1)
	lo = int(r)
	if (lo >= n)
		return v[n]
	return v[lo] + (r - lo) * (v[lo + 1] - v[lo])
}

# a percentile in whole ms, or "null" without samples
function fig(v, n, p) {
	return n ? sprintf("%.0f", pct(v, n, p)) : "null"
}

FNR == 1 { nfile++ }

nfile == 1 && $4 == "run" { running = 1 }
nfile == 1 && $4 == "plugging" { plugging[$2] = iso_ms($1) }
nfile == 1 && $4 == "plug" && $3 != "-" {
	tty = $0
	sub(/.* tty=/, "", tty)
	sub(/ .*/, "", tty)
	if (!($3 in seen)) {
		seen[$3] = 1
		if (!running)
			next
		np++; pk[np] = "add"
	} else {
		np++; pk[np] = "return"
	}
	pimei[np] = $3; ptty[np] = tty; pt[np] = ($2 in plugging) ? plugging[$2] : iso_ms($1)
	next
}

nfile > 1 && ($4 == ">" || $4 == "<") {
	k = $3 SUBSEP $4
	t = iso_ms($1)
	if (!(k in first) || t < first[k])
		first[k] = t
}

END {
	for (i = 1; i <= np; i++) {
		kind = pk[i]
		# both kinds: the station's first byte written; a return also its first bytes read
		for (d = 1; d <= (kind == "add" ? 1 : 2); d++) {
			name = d == 1 ? kind : "answer"
			k = ptty[i] SUBSEP (d == 1 ? ">" : "<")
			if (!(k in first)) {
				if (!(stop_ms + 0 > 0 && pt[i] > stop_ms - 2000))
					miss[name]++
				continue
			}
			if (first[k] < pt[i]) {
				early[name]++
				continue
			}
			cnt[name]++
			if (name == "add")
				av[cnt[name]] = first[k] - pt[i]
			else if (name == "return")
				rv[cnt[name]] = first[k] - pt[i]
			else
				qv[cnt[name]] = first[k] - pt[i]
		}
	}
	printf "add_n=%d add_median_ms=%s add_p95_ms=%s add_missing=%d add_early=%d ", cnt["add"],
	       fig(av, cnt["add"], 0.5), fig(av, cnt["add"], 0.95), miss["add"], early["add"]
	printf "return_n=%d return_median_ms=%s return_p95_ms=%s return_missing=%d return_early=%d ",
	       cnt["return"], fig(rv, cnt["return"], 0.5), fig(rv, cnt["return"], 0.95), miss["return"],
	       early["return"]
	printf "answer_n=%d answer_median_ms=%s answer_p95_ms=%s answer_missing=%d answer_early=%d\n",
	       cnt["answer"], fig(qv, cnt["answer"], 0.5), fig(qv, cnt["answer"], 0.95), miss["answer"],
	       early["answer"]
}
