#!/usr/bin/env python3
"""Rebuilds examples/data from the benchmark corpus generator (deterministic).

examples/data/cloudtrail: CloudTrail in S3 layout (gzip {"Records": [...]}), from
`gen_corpus.py --events 3000`, regrouped one file per account/region/day so the example stays
small; plus one digest file, which Vigil recognises and skips. examples/data/network/syslog.log.gz:
the generator's network device log (syslog from seven platforms and TACACS+ accounting), gzip.
examples/data/truth.jsonl is the generator's ground truth for those records.

Usage: scripts/make-example-data.py [PATH_TO_gen_corpus.py]
"""
import gzip, json, os, subprocess, sys, tempfile, shutil

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
gen = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "bench", "gen_corpus.py")
out = os.path.join(root, "examples", "data")
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, gen, tmp, "--events", "3000", "--ndjson"], check=True, stdout=subprocess.DEVNULL)
    records = [json.loads(l) for l in open(os.path.join(tmp, "cloudtrail.ndjson"))]
    shutil.rmtree(os.path.join(out, "cloudtrail"), ignore_errors=True)
    groups = {}
    for r in records:
        groups.setdefault((r["recipientAccountId"], r["awsRegion"], r["eventTime"][:10]), []).append(r)
    for (acct, region, day), recs in sorted(groups.items()):
        y, m, d = day.split("-")
        folder = os.path.join(out, "cloudtrail", "AWSLogs", acct, "CloudTrail", region, y, m, d)
        os.makedirs(folder, exist_ok=True)
        name = f"{acct}_CloudTrail_{region}_{y}{m}{d}T0000Z_example.json.gz"
        with gzip.GzipFile(os.path.join(folder, name), "wb", mtime=0) as f:
            f.write(json.dumps({"Records": recs}, separators=(",", ":")).encode())
    digest_dir = os.path.join(out, "cloudtrail", "AWSLogs", "111122223333", "CloudTrail-Digest", "us-east-1", "2026", "03", "16")
    os.makedirs(digest_dir, exist_ok=True)
    digest = {"awsAccountId": "111122223333", "digestStartTime": "2026-03-16T00:00:00Z", "digestEndTime": "2026-03-17T00:00:00Z",
              "digestS3Bucket": "org-trail-logs", "digestS3Object": "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/03/16/digest.json.gz",
              "digestPublicKeyFingerprint": "b1e3a7c0f9c4b6d5e8a2f1c3d4e5f6a7", "digestSignatureAlgorithm": "SHA256withRSA",
              "newestEventTime": "2026-03-16T23:59:00Z", "oldestEventTime": "2026-03-16T00:00:00Z", "logFiles": []}
    with gzip.GzipFile(os.path.join(digest_dir, "111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20260317T000000Z.json.gz"), "wb", mtime=0) as f:
        f.write(json.dumps(digest, separators=(",", ":")).encode())
    shutil.copy(os.path.join(tmp, "truth.jsonl"), os.path.join(out, "truth.jsonl"))
    os.makedirs(os.path.join(out, "network"), exist_ok=True)
    with open(os.path.join(tmp, "network", "syslog.log"), "rb") as src, \
         gzip.GzipFile(os.path.join(out, "network", "syslog.log.gz"), "wb", mtime=0) as f:
        f.write(src.read())
print(f"{len(records)} records in {len(groups)} files -> {out}")
