#!/usr/bin/env bash
# Benchmarks `vigil serve` (release build) on loopback: sustained TCP syslog messages/s with zero
# loss, HTTP ingest events/s, alert latency receipt→sink (p50/p99), and RSS over a soak.
#   bash scripts/bench-serve.sh [TCP_MESSAGES] [SOAK_SECONDS]     (defaults: 500000, 600)
# Results: /tmp/vigil-bench-serve/results.json and a summary on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
N=${1:-500000}
SOAK=${2:-600}
OUT=/tmp/vigil-bench-serve
bash scripts/setup.sh
if [ -z "${VIGIL_BIN:-}" ]; then
  swift build -c release --product vigil --scratch-path .build-release >&2
  VIGIL_BIN=.build-release/release/vigil
fi
rm -rf "$OUT"; mkdir -p "$OUT"
cat > "$OUT/vigil.yaml" <<YAML
serve:
  syslog_tcp: 127.0.0.1:0
  http: 127.0.0.1:0
  ingest_tokens: [bench-token-0123456789abcdef]
  spool_dir: $OUT/spool
  db: $OUT/vigil.db
  batch_seconds: 0.2
  max_body_bytes: 67108864
  allowed_lateness_seconds: 31536000
  sinks:
    - {type: file, path: $OUT/alerts.ndjson}
YAML
"$VIGIL_BIN" serve --config "$OUT/vigil.yaml" --ready-file "$OUT/ready.json" --log-level warning >"$OUT/serve.out" 2>"$OUT/serve.log" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$OUT/ready.json" ] && break; sleep 0.1; done
python3 - "$OUT" "$PID" "$N" "$SOAK" <<'PY'
import json, os, socket, sys, threading, time, urllib.request, gzip
out, pid, n, soak = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ports = {l["input"]: int(l["port"]) for l in json.load(open(f"{out}/ready.json"))["listeners"]}
TOKEN = "bench-token-0123456789abcdef"
# The console is mounted (the default): /metrics needs the admin token printed at first start.
ADMIN = open(f"{out}/serve.out").read().split()[-1]

def metrics():
    req = urllib.request.Request(f"http://127.0.0.1:{ports['http']}/metrics", headers={"Authorization": f"Bearer {ADMIN}"})
    text = urllib.request.urlopen(req).read().decode()
    m = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            k, v = line.rsplit(" ", 1)
            m[k] = float(v)
    return m

def rss_kb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

seq = [0]
def line(i, account=None, t=None):
    t = i if t is None else t
    cmd = f"username {account} privilege 15 secret 5 $1$abc$def" if account else f"show interface {i}"
    ts = time.strftime("Mar 16 %H:%M:%S", time.gmtime(t % 86400))
    return f"<189>{i}: core-rtr-0{i % 7}: {ts}.{i % 1000:03d} UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops-bench  logged command:{cmd}\n"

def wait_processed(target, timeout=600):
    end = time.time() + timeout
    while time.time() < end:
        m = metrics()
        if m.get("vigil_records_processed_total", 0) >= target:
            return m
        time.sleep(0.05)
    return metrics()

results = {}
# 1. Sustained TCP syslog: N unique messages over 4 connections, timed until all are processed.
def send_tcp(lines):
    s = socket.create_connection(("127.0.0.1", ports["syslog-tcp"]))
    buf = "".join(lines).encode()
    s.sendall(buf)
    s.close()
lines = [line(i) for i in range(n)]
start = time.time()
threads = [threading.Thread(target=send_tcp, args=(lines[k::4],)) for k in range(4)]
for t in threads: t.start()
for t in threads: t.join()
sent = time.time() - start
m = wait_processed(n)
elapsed = time.time() - start
results["tcp"] = {"messages": n, "send_seconds": round(sent, 2), "processed_seconds": round(elapsed, 2),
                  "messages_per_second": round(n / elapsed), "received": m.get('vigil_input_parsed_total{input="syslog-tcp"}'),
                  "processed": m.get("vigil_records_processed_total"), "duplicates": m.get("vigil_records_duplicate_total", 0)}
base = m.get("vigil_records_processed_total", 0)

# 2. HTTP ingest: CloudTrail NDJSON, 2,000 events a request, 4 clients.
def ct(i):
    return json.dumps({"eventVersion": "1.08", "eventID": f"bench-{i}", "eventTime": "2026-03-16T10:00:00Z", "eventSource": "ec2.amazonaws.com",
                       "eventName": "DescribeInstances", "awsRegion": "us-east-1", "sourceIPAddress": "10.0.0.1", "userAgent": "aws-cli/2",
                       "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/bench", "accountId": "111122223333", "userName": "bench"},
                       "recipientAccountId": "111122223333"})
per, reqs = 2000, 100
bodies = [gzip.compress(("\n".join(ct(r * per + j) for j in range(per)) + "\n").encode()) for r in range(reqs)]
def post(chunk):
    for b in chunk:
        req = urllib.request.Request(f"http://127.0.0.1:{ports['http']}/ingest", data=b, method="POST",
                                     headers={"Authorization": f"Bearer {TOKEN}", "Content-Encoding": "gzip", "Content-Type": "application/x-ndjson"})
        assert urllib.request.urlopen(req).status == 200
start = time.time()
threads = [threading.Thread(target=post, args=(bodies[k::4],)) for k in range(4)]
for t in threads: t.start()
for t in threads: t.join()
acked = time.time() - start
m = wait_processed(base + per * reqs)
elapsed = time.time() - start
results["http"] = {"events": per * reqs, "acknowledged_seconds": round(acked, 2), "acknowledged_events_per_second": round(per * reqs / acked),
                   "processed_seconds": round(elapsed, 2), "processed_events_per_second": round(per * reqs / elapsed)}

# 3. Latency receipt → sink, and RSS, over the soak: a steady 2,000 messages/s with an account
#    creation every 0.5 s whose alert is timed when it appears in the sink file.
sent_at, seen_at = {}, {}
stop = [False]
def soak_sender():
    s = socket.create_connection(("127.0.0.1", ports["syslog-tcp"]))
    i, k, chunks = 10_000_000, 0, 0
    t0 = time.time()
    while not stop[0]:
        chunk = [line(i + j, t=i + j) for j in range(100)]
        i += 100
        chunks += 1
        if chunks % 10 == 0:
            acct = f"lat{k}"; k += 1
            chunk.append(line(i, account=acct, t=i)); i += 1
            sent_at[acct] = time.time()
        s.sendall("".join(chunk).encode())
        # 2,000 messages/s
        t0 += 0.05
        d = t0 - time.time()
        if d > 0: time.sleep(d)
    s.close()
def tail_alerts():
    pos = 0
    while not stop[0] or len(seen_at) < len(sent_at):
        with open(f"{out}/alerts.ndjson") as f:
            f.seek(pos)
            data = f.read()
            pos += len(data.encode())
        now = time.time()
        for l in data.splitlines():
            try: a = json.loads(l)
            except Exception: continue
            for r in a.get("resources", []):
                if r["type"] == "account" and r["id"].startswith("lat") and r["id"] not in seen_at:
                    seen_at[r["id"]] = now
        if stop[0] and time.time() > stop_time + 10: break
        time.sleep(0.005)
rss = []
stop_time = time.time() + soak
threads = [threading.Thread(target=soak_sender), threading.Thread(target=tail_alerts)]
for t in threads: t.start()
while time.time() < stop_time:
    rss.append((round(time.time() - (stop_time - soak)), rss_kb()))
    time.sleep(min(10, max(1, soak / 60)))
stop[0] = True
for t in threads: t.join()
lat = sorted(seen_at[a] - sent_at[a] for a in sent_at if a in seen_at)
def pct(p): return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1) if lat else None
results["latency"] = {"alerts_sent": len(sent_at), "alerts_seen": len(lat), "p50_ms": pct(0.5), "p99_ms": pct(0.99), "max_ms": round(lat[-1] * 1000, 1) if lat else None}
third = max(1, len(rss) // 3)
results["rss"] = {"soak_seconds": soak, "first_third_mean_kb": round(sum(r for _, r in rss[:third]) / third),
                  "last_third_mean_kb": round(sum(r for _, r in rss[-third:]) / third), "max_kb": max(r for _, r in rss), "samples": rss}
m = metrics()
results["final_metrics"] = {k: v for k, v in m.items() if "bucket" not in k}
json.dump(results, open(f"{out}/results.json", "w"), indent=1)
print(json.dumps({k: v for k, v in results.items() if k not in ("final_metrics",)} | {"rss": {k: v for k, v in results["rss"].items() if k != "samples"}}, indent=1))
PY
