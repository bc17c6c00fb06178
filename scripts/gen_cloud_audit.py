#!/usr/bin/env python3
"""Azure Activity Log and GCP Cloud Audit Logs for the benchmark: the bundled real-format fixtures
(Sources/VigilTestSupport/Fixtures/{azure,gcp}) repeated to N records, each copy moved one hour on
and given its own ids, so that every record is a distinct event at a distinct time.
Usage: gen_cloud_audit.py azure|gcp N OUT"""
import datetime, json, re, sys

cloud, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
fixtures = "Sources/VigilTestSupport/Fixtures"
src = {"azure": f"{fixtures}/azure/storage-export-lines.jsonl", "gcp": f"{fixtures}/gcp/compute-documented.jsonl"}[cloud]
records = [json.loads(l) for l in open(src) if l.strip()]
time_keys = {"time", "eventTimestamp", "timestamp", "receiveTimestamp"}
id_keys = {"correlationId", "eventDataId", "operationId", "insertId", "id"}
stamp = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$")


def shift(value, copy):
    if isinstance(value, dict):
        return {k: (moved(v, copy) if k in time_keys and isinstance(v, str) else
                    f"{v}-{copy}" if k in id_keys and isinstance(v, str) else shift(v, copy)) for k, v in value.items()}
    if isinstance(value, list):
        return [shift(v, copy) for v in value]
    return value


def moved(text, copy):
    m = stamp.match(text)
    if not m:
        return text
    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S") + datetime.timedelta(hours=copy)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (m.group(2) or "") + "Z"


with open(out, "w") as f:
    written, copy = 0, 0
    while written < n:
        for r in records:
            if written == n:
                break
            f.write(json.dumps(shift(r, copy)) + "\n")
            written += 1
        copy += 1
