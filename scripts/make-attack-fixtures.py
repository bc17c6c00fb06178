#!/usr/bin/env python3
"""Cut the ATT&CK test fixtures out of the full bundles in ../shared/data/attack.

Writes Sources/VigilTestSupport/Fixtures/attack/enterprise-attack-18.0-subset.json and
enterprise-attack-18.1-subset.json.gz: for each release, the objects AN0861 and AN1240 need in
`vigil attack show` (their detection strategies DET0308 and DET0447 with every analytic those
list, the techniques the strategies detect and their parents, tactics, the data components the
analytics' log sources name, and the subtechnique-of / detects relationships), plus the
identity, the marking definition and the x-mitre-collection, whose x_mitre_contents is cut to the
objects kept. Objects are unchanged otherwise and written as the bundles write them
(indent=4, ASCII escapes). Usage: python3 scripts/make-attack-fixtures.py [DATA_DIR]
"""
import gzip
import json
import os
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data/attack")
OUT = os.path.join(os.path.dirname(__file__), "../Sources/VigilTestSupport/Fixtures/attack")
STRATEGIES = ["DET0308", "DET0447"]


def attack_id(o):
    for r in o.get("external_references", []):
        if r.get("source_name") == "mitre-attack" and r.get("external_id"):
            return r["external_id"]
    return None


def subset(objects):
    by_id = {o["id"]: o for o in objects}
    keep = set()
    strategies = [o for o in objects if o["type"] == "x-mitre-detection-strategy" and attack_id(o) in STRATEGIES]
    for s in strategies:
        keep.add(s["id"])
        keep.update(s.get("x_mitre_analytic_refs", []))
    for o in objects:
        if o["type"] == "relationship" and o["relationship_type"] == "detects" and o["source_ref"] in keep:
            keep.update([o["id"], o["target_ref"]])
    for o in objects:  # parents of the techniques kept
        if o["type"] == "relationship" and o["relationship_type"] == "subtechnique-of" and o["source_ref"] in keep:
            keep.update([o["id"], o["target_ref"]])
    for i in list(keep):
        o = by_id.get(i)
        if o and o["type"] == "x-mitre-analytic":
            keep.update(r["x_mitre_data_component_ref"] for r in o.get("x_mitre_log_source_references", []))
    phases = {p["phase_name"] for i in keep for p in by_id.get(i, {}).get("kill_chain_phases", [])}
    for o in objects:
        if o["type"] == "x-mitre-tactic" and o["x_mitre_shortname"] in phases:
            keep.add(o["id"])
        if o["type"] in ("identity", "marking-definition"):
            keep.add(o["id"])
    collection = dict(next(o for o in objects if o["type"] == "x-mitre-collection"))
    collection["x_mitre_contents"] = [c for c in collection["x_mitre_contents"] if c["object_ref"] in keep]
    return [collection] + [o for o in objects if o["id"] in keep and o["type"] != "x-mitre-collection"]


for version, name in [("18.0", "enterprise-attack-18.0-subset.json"), ("18.1", "enterprise-attack-18.1-subset.json.gz")]:
    with gzip.open(os.path.join(DATA, f"enterprise-attack-{version}.json.gz")) as f:
        bundle = json.load(f)
    text = json.dumps({"type": "bundle", "id": bundle["id"], "objects": subset(bundle["objects"])}, indent=4, ensure_ascii=True)
    path = os.path.join(OUT, name)
    data = text.encode()
    if name.endswith(".gz"):
        data = gzip.compress(data, compresslevel=9, mtime=0)
    with open(path, "wb") as f:
        f.write(data)
    print(path, len(text), "bytes of JSON")
