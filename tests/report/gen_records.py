#!/usr/bin/env python3
"""Writes CSV records shaped like an end-to-end run's (many units, slots, lots, hours, failures
with the station's codes) and, computed independently of the station, the figures the report
must show: expected.json. Deterministic for a seed.

usage: gen_records.py OUTDIR [--seed N]
"""
import csv, json, math, random, sys, datetime

COLS = ("started_at,finished_at,station,operator,lot,slot,usb_path,port,model,imei,fw_before,"
        "fw_after,package,package_sha256,config_sha256,bytes,upload_s,update_s,module_attempts,"
        "result,error_code,module_code,error_text").split(",")
FAILS = [  # code, module code, text, weight, uploads?, updates?
    ("E-MODULE", "520", "module reported the update failed", 6, True, True),
    ("E-CHECKSUM", "", "uploaded size or checksum did not match", 4, True, False),
    ("E-WRONG-BASE", "", "module firmware is not a base any package applies to", 3, False, False),
    ("E-TIMEOUT", "", "module did not answer or report in time", 2, True, True),
    ("E-MODULE", "504", "module reported the update failed", 1, True, True),
]
PKGS = {"RM500QGLABR11A04M4G": "A04-to-A06.zip", "RM500QGLABR11A05M4G": "A05-to-A06.zip"}


def iso(ms):
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def percentile(v, p):
    if not v:
        return float("nan")
    h = (len(v) - 1) * p
    lo = math.floor(h)
    if lo >= len(v) - 1:
        return v[-1]
    return v[lo] + (h - lo) * (v[lo + 1] - v[lo])


def fmt(x, d):
    return "-" if x != x else "%.*f" % (d, x)


def main():
    out = sys.argv[1]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    rnd = random.Random(seed)
    t0 = int(datetime.datetime(2026, 11, 24, 6, 0, tzinfo=datetime.timezone.utc).timestamp()) * 1000
    rows, retry = [], []
    slots = ["%02d" % i for i in range(1, 13)]
    slot_free = {s: t0 + i * 7001 for i, s in enumerate(slots)}
    slot_count = {s: 0 for s in slots}
    imei_n = 0
    while len(rows) < 720:
        slot = min(slots, key=lambda s: slot_free[s])
        start = slot_free[slot] + rnd.randint(5000, 40000)
        if start - t0 > 5 * 3600 * 1000 and start - t0 < 24 * 3600 * 1000:  # night shift off
            start = t0 + 24 * 3600 * 1000 + rnd.randint(0, 600000)
        day2 = start >= t0 + 24 * 3600 * 1000
        lot = ["LOT-2611A", "LOT-2611B", "LOT-2612C"][(2 if day2 else 0) + (rnd.random() < 0.4 and not day2)]
        if retry and rnd.random() < 0.3:
            imei, fw = retry.pop(0)
        else:
            imei_n += 1
            imei, fw = "86%013d" % (1234500000 + imei_n * 7), rnd.choice(list(PKGS) * 5 + ["RM500QGLABR11A06M4G"] + ["RM500QGLABR11A01M4G"])
        k = slot_count[slot]
        slot_count[slot] += 1
        r = {c: "" for c in COLS}
        r.update(station="L3-ST07", operator="op12", lot=lot, slot=slot, usb_path="1-1.%d" % int(slot),
                 port="/dev/ttyUSB%d" % (int(slot) * 4 + 2), model="RM500Q-GL", imei=imei, fw_before=fw,
                 config_sha256="ab" * 32, module_attempts="1")
        upload = round(rnd.uniform(9.0, 16.0) + (rnd.random() < 0.05) * 8, 3)
        update = round(rnd.uniform(300.0, 520.0), 3)
        if fw == "RM500QGLABR11A06M4G":
            res, dur = "SKIP", 4000
            r.update(fw_after=fw)
        elif fw == "RM500QGLABR11A01M4G":
            res, dur = "FAIL", 5000
            r.update(error_code="E-WRONG-BASE", error_text=FAILS[2][2])
        elif slot == "07" and 30 <= k < 34:  # a failing slot: four FAILs in a row
            res, dur = "FAIL", int((upload + update) * 1000)
            r.update(error_code="E-MODULE", module_code="520", error_text=FAILS[0][2], upload_s="%.3f" % upload,
                     update_s="%.3f" % update, package=PKGS[fw], module_attempts="5")
        elif rnd.random() < 0.02:
            res, dur = "ABORTED", int(upload * 1000)
            r.update(error_code="E-ABORTED", error_text="stopped before the unit finished",
                     upload_s="%.3f" % upload, package=PKGS[fw])
        elif rnd.random() < 0.09:
            f = rnd.choices(FAILS, weights=[x[3] for x in FAILS])[0]
            res = "FAIL"
            r.update(error_code=f[0], module_code=f[1], error_text=f[2])
            dur = 5000
            if f[4]:
                r.update(upload_s="%.3f" % upload, package=PKGS[fw])
                dur += int(upload * 1000)
            if f[5]:
                r.update(update_s="%.3f" % update)
                dur += int(update * 1000)
        else:
            res, dur = "PASS", int((upload + update) * 1000) + 8000
            r.update(upload_s="%.3f" % upload, update_s="%.3f" % update, package=PKGS[fw],
                     fw_after="RM500QGLABR11A06M4G", bytes="31457280")
        if res in ("FAIL", "ABORTED") and fw != "RM500QGLABR11A01M4G" and rnd.random() < 0.6:
            retry.append((imei, fw))
        if rnd.random() < 0.01 and res == "FAIL":
            r["imei"] = ""  # identification failed: no IMEI
            r.update(error_code="E-IDENTIFY", module_code="", error_text="module identification failed",
                     upload_s="", update_s="", package="")
        r.update(result=res, started_at=iso(start), finished_at=iso(start + dur))
        slot_free[slot] = start + dur
        r["_start"], r["_end"], r["_seq"] = start, start + dur, len(rows)
        rows.append(r)
    rows.sort(key=lambda r: (r["_start"], r["_seq"]))
    for i, r in enumerate(rows):
        r["_seq"] = i
    # Files: one per day, in time order (the station appends as units finish).
    files = {}
    for r in rows:
        files.setdefault("L3-ST07-" + r["started_at"][:10] + ".csv", []).append(r)
    for name, rs in files.items():
        with open(f"{out}/{name}", "w", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(COLS)
            for r in rs:
                w.writerow([r[c] for c in COLS])
    # The second day again with columns reordered and an extra column the report must ignore.
    day2 = sorted(files)[1]
    cols2 = list(reversed(COLS)) + ["shift"]
    with open(f"{out}/reordered.csv", "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(cols2)
        for r in files[day2]:
            w.writerow([r.get(c, "B") for c in cols2])

    def summary(rs):
        n = {k: sum(1 for r in rs if r["result"] == k) for k in ("PASS", "SKIP", "FAIL", "ABORTED")}
        key = lambda r: r["imei"] or "#%d" % r["_seq"]
        units = len({key(r) for r in rs})
        first = {}
        for r in sorted(rs, key=lambda r: (r["_start"], r["_seq"])):
            first.setdefault(key(r), r["result"])
        fp = [v for v in first.values() if v != "SKIP"]
        up = sorted(float(r["upload_s"]) for r in rs if r["upload_s"])
        ud = sorted(float(r["update_s"]) for r in rs if r["update_s"] and r["result"] == "PASS")
        days = {}
        for r in rs:  # per UTC day of the start: first start to last finish
            d = days.setdefault(r["_start"] // 86400000, [r["_start"], r["_end"]])
            d[0], d[1] = min(d[0], r["_start"]), max(d[1], r["_end"])
        hours = sum(hi - lo for lo, hi in days.values()) / 3600000.0
        y = 100.0 * n["PASS"] / (n["PASS"] + n["FAIL"]) if n["PASS"] + n["FAIL"] else float("nan")
        fpy = 100.0 * fp.count("PASS") / len(fp) if fp else float("nan")
        return {"units": str(units), "records": str(len(rs)), "pass": str(n["PASS"]), "skip": str(n["SKIP"]),
                "fail": str(n["FAIL"]), "aborted": str(n["ABORTED"]), "yield_pct": fmt(y, 2),
                "first_pass_yield_pct": fmt(fpy, 2),
                "units_per_hour": fmt(units / hours, 1) if hours >= 1 / 60 else "-",
                "upload_median_s": fmt(percentile(up, 0.5), 2), "upload_p95_s": fmt(percentile(up, 0.95), 2),
                "update_median_s": fmt(percentile(ud, 0.5), 2), "update_p95_s": fmt(percentile(ud, 0.95), 2)}

    pareto, stops = {}, {}
    for r in rows:  # errors are FAIL records; an ABORTED one is counted apart, by its reason
        if r["error_code"] and r["result"] == "FAIL":
            k = r["error_code"] + (" " + r["module_code"] if r["module_code"] else "")
            pareto[k] = pareto.get(k, 0) + 1
        if r["result"] == "ABORTED":
            k = r["error_text"] or "aborted"
            stops[k] = stops.get(k, 0) + 1
    lots = sorted({r["lot"] for r in rows})
    exp = {"all": summary(rows), "files": sorted(files), "day2": summary(files[day2]),
           "lot": {l: summary([r for r in rows if r["lot"] == l]) for l in lots},
           "since_day2": summary([r for r in rows if r["started_at"] >= day2[8:18]]),
           "until_day1": summary([r for r in rows if r["started_at"][:10] <= sorted(files)[0][8:18]]),
           "pareto": sorted(pareto.items(), key=lambda kv: (-kv[1], kv[0])),
           "stops": sorted(stops.items(), key=lambda kv: (-kv[1], kv[0])),
           "no_package": sum(1 for r in rows if not r["package"]),
           "slot07_streak": 4}
    with open(f"{out}/expected.json", "w") as fh:
        json.dump(exp, fh, indent=1)


if __name__ == "__main__":
    main()
