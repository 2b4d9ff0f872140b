# Hotplug latencies of one run, from both sides' own timestamps (tests/bench/line.sh):
#   awk [-v stop_ms=WALL_MS] -f latency.awk FIXTURE_LOG TRANSCRIPT...
# The fixture logs "plugging" when a module goes in (before its uevents) and "plug ... tty=ttyUSBn"
# when it is there (its IMEI in column 3); the station's transcript (file <imei>-<time>-slot<label>.log) stamps each byte it writes ('>') and
# reads ('<') with the port. Both stamps are the wall clock of the same machine, in ms.
#   add:    a module's first plug after the station started (a module put into a slot while
#           the station runs) -> the station's first byte written to that port
#   return: a later plug of the same module (back after a reboot) -> the station's first bytes
#           read from the new port
# Prints "add_n= add_median_ms= add_p95_ms= add_missing= add_early= return_n= ..." (the same for
# return; null for a figure with no sample). missing: the station never wrote (add) or read (return)
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
	if (FNR == 1 || imei_of != FILENAME) {
		imei_of = FILENAME
		im = FILENAME
		sub(/.*\//, "", im)
		sub(/-.*/, "", im)
	}
	k = im SUBSEP $3 SUBSEP $4
	t = iso_ms($1)
	if (!(k in first) || t < first[k])
		first[k] = t
}

END {
	for (i = 1; i <= np; i++) {
		dir = pk[i] == "add" ? ">" : "<"
		k = pimei[i] SUBSEP ptty[i] SUBSEP dir
		if (!(k in first)) {
			if (!(stop_ms + 0 > 0 && pt[i] > stop_ms - 2000))
				miss[pk[i]]++
			continue
		}
		if (first[k] < pt[i]) {
			early[pk[i]]++
			continue
		}
		cnt[pk[i]]++
		if (pk[i] == "add")
			av[cnt["add"]] = first[k] - pt[i]
		else
			rv[cnt["return"]] = first[k] - pt[i]
	}
	printf "add_n=%d add_median_ms=%s add_p95_ms=%s add_missing=%d add_early=%d ", cnt["add"],
	       fig(av, cnt["add"], 0.5), fig(av, cnt["add"], 0.95), miss["add"], early["add"]
	printf "return_n=%d return_median_ms=%s return_p95_ms=%s return_missing=%d return_early=%d\n",
	       cnt["return"], fig(rv, cnt["return"], 0.5), fig(rv, cnt["return"], 0.95), miss["return"],
	       early["return"]
}
