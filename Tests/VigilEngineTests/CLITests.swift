import Foundation
import Testing
import VigilTestSupport

/// The built `vigil` binary, run as a user runs it.
@Suite struct CLITests {
    static let goldenDir = Golden.packageRoot() + "/Tests/VigilEngineTests/Golden"

    /// Golden: JSON alerts for the bundled fixtures (regenerate with VIGIL_UPDATE_GOLDEN=1).
    @Test func goldenJSON() throws {
        let run = try VigilBinary.run(["scan", "--format", "json", "--summary", "none", "aws", "s3tree"], in: Fixtures.root.path)
        #expect(run.status == 0, "\(run.stderr)")
        if let diff = Golden.check(run.stdout, against: Self.goldenDir + "/scan-fixtures.jsonl") { Issue.record("\(diff)") }
        // The real samples' shares are one incident (one principal, one time); the corpus
        // scenarios are two.
        #expect(run.stdout.split(separator: "\n").count == 3)
    }

    @Test func goldenOCSF() throws {
        let run = try VigilBinary.run(["scan", "--format", "ocsf", "--summary", "none", "s3tree"], in: Fixtures.root.path)
        #expect(run.status == 0)
        if let diff = Golden.check(run.stdout, against: Self.goldenDir + "/scan-s3tree.ocsf.jsonl") { Issue.record("\(diff)") }
        for line in run.stdout.split(separator: "\n") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(o["class_uid"] as? Int == 2004)
            #expect(o["type_uid"] as? Int == 200_401)
            let info = try #require(o["finding_info"] as? [String: Any])
            let related = try #require(info["related_events"] as? [[String: Any]])
            #expect(related.first?["uid"] as? String != nil)
            #expect((info["analytic"] as? [String: Any])?["uid"] as? String == "AN0861")
        }
    }

    @Test func tableAndSummary() throws {
        let run = try VigilBinary.run(["scan", "s3tree"], in: Fixtures.root.path)
        #expect(run.status == 0)
        #expect(run.stdout.contains("AN0861"))
        #expect(run.stdout.contains("why: [shared-publicly]"))
        #expect(run.stderr.contains("Scanned 4 inputs"))
        #expect(run.stderr.contains("Skipped: 1 (cloudtrail-digest 1)"))
        #expect(!run.stderr.contains("\r"))  // no progress bar when stderr is not a terminal
    }

    @Test func summaryJSON() throws {
        let run = try VigilBinary.run(["scan", "--format", "json", "--summary", "json", "aws"], in: Fixtures.root.path)
        let s = try #require(try JSONSerialization.jsonObject(with: Data(run.stderr.utf8)) as? [String: Any])
        #expect(s["files"] as? Int == 3)
        #expect(s["alerts"] as? Int == 1)
        #expect(s["changesEvaluated"] as? Int == 30)
        #expect((s["malformed"] as? [String: Int])?.values.reduce(0, +) ?? 0 > 0)
        #expect((s["problems"] as? [Any])?.isEmpty == false)
    }

    /// `--behaviours` picks AN0861's behaviours for one scan, over the configuration's; a name
    /// that is not a behaviour is a usage error that lists the ones there are.
    @Test func behavioursForOneScan() throws {
        // The example data and configuration: four incidents, with reasons of every kind.
        let dir = Golden.packageRoot()
        let base = ["scan", "--config", "examples/vigil.yaml", "--format", "json", "--summary", "json"]
        let all = try VigilBinary.run(base + ["examples/data/cloudtrail"], in: dir)
        let chain = try VigilBinary.run(base + ["--behaviours", "snapshot-mount-chain", "examples/data/cloudtrail"], in: dir)
        let exposure = try VigilBinary.run(base + ["--behaviours", "exposure, snapshot-mount-chain", "--fail-on-alert",
                                                   "examples/data/cloudtrail"], in: dir)
        func reasons(_ out: String) throws -> [Set<String>] {
            try out.split(separator: "\n").map {
                let a = try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
                return Set((a["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            }
        }
        #expect(try reasons(chain.stdout) == [["snapshot-mount-chain"]])
        #expect(Set(try reasons(exposure.stdout)) == [["snapshot-mount-chain", "shared-with-external-account"], ["shared-publicly"]])
        #expect(exposure.status == 1)
        // Every behaviour finds more, and more incidents, than exposure and chains alone.
        #expect(try reasons(all.stdout).count == 4)
        #expect(try reasons(all.stdout).reduce(Set()) { $0.union($1) }
            .isStrictSuperset(of: ["snapshot-mount-chain", "shared-with-external-account", "shared-publicly"]))
        func summary(_ run: VigilBinary.Run) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(run.stderr.utf8)) as? [String: Any])
        }
        #expect(try summary(all)["principalsBaselined"] as? Int ?? 0 > 0)
        #expect(try summary(exposure)["principalsBaselined"] as? Int == 0)
        #expect(try summary(exposure)["records"] as? Int == (try summary(all)["records"] as? Int))
        let bad = try VigilBinary.run(["scan", "--behaviours", "exposure,sharing", "examples/data/cloudtrail"], in: dir)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'sharing' is not a behaviour of AN0861"), "\(bad.stderr)")
        #expect(bad.stderr.contains("unusual-source"))
    }

    @Test func exitCodes() throws {
        let dir = Fixtures.root.path
        #expect(try VigilBinary.run(["scan", "--fail-on-alert", "s3tree"], in: dir).status == 1)
        #expect(try VigilBinary.run(["scan", "--fail-on-alert", "aws/otrf-ec2-proxy-s3-exfiltration.ndjson"], in: dir).status == 0)
        #expect(try VigilBinary.run(["scan", "/no/such/path"], in: dir).status == 66)
        #expect(try VigilBinary.run(["scan", "--format", "xml", "s3tree"], in: dir).status == 64)
        #expect(try VigilBinary.run(["scan", "--since", "last tuesday", "s3tree"], in: dir).status == 64)
        let tmp = TemporaryDirectory()
        let bad = try tmp.write("bad.yaml", "change_windows:\n  - name: x\n    weekly: [{ days: [Funday], start: \"25:00\", end: \"01:00\" }]\n")
        let run = try VigilBinary.run(["scan", "--config", bad, "s3tree"], in: dir)
        #expect(run.status == 78)
        #expect(run.stderr.contains("bad.yaml:3"))
    }

    /// Each labelled real record alone through standard input: it alerts exactly when the
    /// upstream rule says it shares a snapshot or AMI outside the account.
    @Test func standardInputAndTheRealSharingSamples() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("aws/panther-sharing-labelled.jsonl")))
        var alerting = 0
        for l in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
            let record = String(decoding: try JSONSerialization.data(withJSONObject: o["event"]!), as: UTF8.self) + "\n"
            let run = try VigilBinary.run(["scan", "--format", "json", "--summary", "none", "-"], stdin: Data(record.utf8))
            #expect(run.status == 0)
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == ((o["shares"] as? Bool) == true ? 1 : 0), "\(o["test_name"] ?? "")")
            if !lines.isEmpty { #expect(run.stdout.contains("\"file\":\"-\"")) }
            alerting += lines.count
        }
        #expect(alerting == 4)
    }

    @Test func storeKeepsAlertsOnceAcrossScans() throws {
        let tmp = TemporaryDirectory()
        let db = tmp.path + "/vigil.db"
        let first = try VigilBinary.run(["scan", "--db", db, "s3tree"], in: Fixtures.root.path)
        #expect(first.stderr.contains("2 new alert(s), 0 already known"), "\(first.stderr)")
        // The same files again: skipped, as already scanned.
        let second = try VigilBinary.run(["scan", "--db", db, "s3tree"], in: Fixtures.root.path)
        #expect(second.stderr.contains("already-scanned 4"), "\(second.stderr)")
        #expect(second.stderr.contains("0 new alert(s), 0 already known"), "\(second.stderr)")
        // The same records under another path are read again: their alerts have the same ids.
        try FileManager.default.copyItem(atPath: Fixtures.path("s3tree"), toPath: tmp.path + "/copy")
        let third = try VigilBinary.run(["scan", "--db", db, tmp.path + "/copy"])
        #expect(third.stderr.contains("0 new alert(s), 2 already known"), "\(third.stderr)")
        let q = Process()
        q.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        q.arguments = ["sqlite3", db, "SELECT COUNT(*) FROM alert; SELECT COUNT(*) FROM scan; SELECT COUNT(*) FROM alert_evidence;"]
        let out = Pipe()
        q.standardOutput = out
        try q.run()
        q.waitUntilExit()
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "2\n3\n2\n")
    }

    /// A lighter scan (exposure alone, or no baselines) does not record its files as scanned: a
    /// later scan with every behaviour reads them again, learns from them and raises what the
    /// lighter one could not; the sharing alerts it already stored are not stored twice.
    @Test func aLighterScanLeavesItsFilesForAFullerOne() throws {
        let dir = Golden.packageRoot()
        let tmp = TemporaryDirectory()
        let db = tmp.path + "/vigil.db"
        let base = ["scan", "--config", "examples/vigil.yaml", "--db", db, "--format", "json", "--summary", "json"]
        let light = try VigilBinary.run(base + ["--behaviours", "exposure", "examples/data/cloudtrail"], in: dir)
        #expect(light.stdout.split(separator: "\n").count == 2, "\(light.stdout)")
        let noBaselines = try VigilBinary.run(base + ["--no-baselines", "examples/data/cloudtrail"], in: dir)
        #expect(!noBaselines.stderr.contains("already-scanned"), "\(noBaselines.stderr)")
        let full = try VigilBinary.run(base + ["examples/data/cloudtrail"], in: dir)
        #expect(!full.stderr.contains("already-scanned"), "\(full.stderr)")
        let s = try #require(try JSONSerialization.jsonObject(with: Data(full.stderr.utf8)) as? [String: Any])
        #expect(s["principalsBaselined"] as? Int ?? 0 > 0)
        #expect(full.stdout.split(separator: "\n").count == 4, "\(full.stdout)")
        // Now every behaviour has judged the files: the next scan skips them.
        let again = try VigilBinary.run(base + ["examples/data/cloudtrail"], in: dir)
        #expect(again.stderr.contains("already-scanned"), "\(again.stderr)")
        #expect(again.stdout.isEmpty)
    }

    @Test func helpDocumentsExitCodes() throws {
        let run = try VigilBinary.run(["scan", "--help"])
        let text = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("78 the configuration is invalid"))
        #expect(run.stdout.contains("--fail-on-alert"))
    }
}
