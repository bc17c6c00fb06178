#!/usr/bin/env python3
"""A burst of compute changes for the benchmark: N DeleteVolume calls by one principal, one every
SPACING milliseconds (NDJSON CloudTrail records). With the default 10 ms, 60,000 calls fit in the
10-minute rate window, so a larger N slides past it. Usage: gen_burst.py N OUT [SPACING_MS]"""
import datetime, json, sys

n, out = int(sys.argv[1]), sys.argv[2]
spacing = int(sys.argv[3]) if len(sys.argv) > 3 else 10
start = datetime.datetime(2026, 3, 21, 3, 0, 0)
with open(out, "w") as f:
    for i in range(n):
        t = start + datetime.timedelta(milliseconds=spacing * i)
        f.write(json.dumps({
            "eventVersion": "1.09",
            "userIdentity": {"type": "IAMUser", "principalId": "AIDABOB", "arn": "arn:aws:iam::111122223333:user/bob",
                             "accountId": "111122223333", "userName": "bob"},
            "eventTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
            "eventSource": "ec2.amazonaws.com", "eventName": "DeleteVolume", "awsRegion": "us-east-1",
            "sourceIPAddress": "198.51.100.7", "userAgent": "aws-cli/2.15.30",
            "requestParameters": {"volumeId": f"vol-{i:017x}"}, "responseElements": {"_return": True},
            "requestID": f"req-{i}", "eventID": f"ev-{i}", "readOnly": False, "eventType": "AwsApiCall",
            "recipientAccountId": "111122223333"}) + "\n")
