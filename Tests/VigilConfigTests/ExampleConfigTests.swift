import Foundation
import Testing
import VigilConfig
import VigilCore

/// The shipped example (`examples/vigil.yaml`, copied into Fixtures) is the benchmark corpus's
/// context: the generator's `context.json`, also copied into Fixtures.
@Suite struct ExampleConfigTests {
    let context: OrgContext
    let json: [String: Any]

    init() throws {
        context = try ConfigLoader.load(path: fixture("vigil.yaml"))
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("context.json")))
        json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func everyKeyMatchesContextJSON() throws {
        #expect(context.timeZone == "UTC")
        #expect(context.timeZone == json["timezone"] as? String)
        #expect(context.automationPrincipals.count == 4)
        #expect(context.automationPrincipals == Set(json["automation_principals"] as? [String] ?? []))
        #expect(context.administrators == ["netops-jsmith", "netops-akumar", "svc-ansible"])
        #expect(context.administrators == Set(json["network_admins"] as? [String] ?? []))
        #expect(context.managementNetworks.map(\.description) == ["10.10.1.0/24"])
        #expect(context.managementNetworks.map(\.description) == json["management_networks"] as? [String])
        let roster = try #require(json["device_account_roster"] as? [String: [String]])
        #expect(context.deviceAccountRoster.count == 7)
        #expect(context.deviceAccountRoster.values.allSatisfy { $0 == ["admin", "netops-jsmith", "netops-akumar", "svc-ansible"] })
        #expect(context.deviceAccountRoster == roster)
        #expect(context.baselineLearningDays == 14)
        #expect(context.baselineLearningDays == json["baseline_learning_days"] as? Int)
    }

    @Test func windowsMatchContextJSON() throws {
        let windows = try #require(json["change_windows"] as? [[String: Any]])
        #expect(context.changeWindows.count == 3)
        #expect(context.changeWindows.map(\.name) == windows.map { $0["name"] as? String ?? "" })
        for (window, expected) in zip(context.changeWindows, windows) {
            #expect(window.timeZone.secondsFromGMT() == 0)
            #expect(window.once.isEmpty)
            let scope = try #require(expected["scope"] as? [String: Any])
            #expect(window.scope.principals == Self.match(scope["principals"]), "\(window.name)")
            #expect(window.scope.devices == Self.match(scope["devices"]), "\(window.name)")
            #expect(window.scope.accounts == .unconstrained && window.scope.regions == .unconstrained && window.scope.tags.isEmpty)
            let slots = try #require(expected["weekly"] as? [[String: Any]])
            #expect(window.weekly.map(\.days).map { $0.map(\.abbreviation) } == slots.map { $0["days"] as? [String] ?? [] })
            #expect(window.weekly.map(Self.clock) == slots.map { "\($0["start"] ?? "")-\($0["end"] ?? "")" })
        }
    }

    /// The corpus's questions: Terraform on a Tuesday afternoon is inside its window; bob has none.
    @Test func corpusWindowQuestions() {
        let terraform = WindowSubject(principal: "terraform-deployer", account: "111122223333", region: "eu-west-1")
        #expect(context.isInsideChangeWindow(terraform, at: at("2026-03-17T14:02:00Z")) == true)  // Tuesday
        #expect(context.isInsideChangeWindow(terraform, at: at("2026-03-18T14:02:00Z")) == false)  // Wednesday
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "bob"), at: at("2026-03-21T03:12:00Z")) == nil)  // Saturday
        let backup = WindowSubject(principal: "AWSBackupDefaultServiceRole")
        #expect(context.isInsideChangeWindow(backup, at: at("2026-03-15T02:05:00Z")) == true)  // Sunday
        #expect(context.isInsideChangeWindow(backup, at: at("2026-03-15T03:00:00Z")) == false)
        let device = WindowSubject(principal: "svc-ansible", device: "leaf-12")
        #expect(context.isInsideChangeWindow(device, at: at("2026-03-18T10:15:00Z")) == true)  // Wednesday
        #expect(context.isInsideChangeWindow(device, at: at("2026-03-19T10:15:00Z")) == false)
        #expect(context.changeWindows(for: device).map(\.name) == ["network-maintenance"])
        // The device window does not approve cloud activity of the same principal.
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "svc-ansible"), at: at("2026-03-18T10:15:00Z")) == nil)
    }

    /// The example's commented-out window, uncommented, is valid and means what its comments say.
    @Test func commentedOutExampleWindowIsValid() throws {
        var inBlock = false
        let text = try String(contentsOfFile: fixture("vigil.yaml"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                if line.hasPrefix("  # More") { inBlock = true; return "" }
                if inBlock, line.hasPrefix("  # ") { return "  " + line.dropFirst(4) }
                inBlock = false
                return String(line)
            }
            .joined(separator: "\n")
        let w = try #require(try ConfigLoader.parse(yaml: text, file: "vigil.yaml").changeWindows.last)
        #expect(w.name == "eu-release" && w.timeZone.identifier == "Europe/London")
        #expect(w.once.map(\.ticket) == ["CHG-1234", "CHG-1301"])
        #expect(w.once[1].start == at("2026-04-02T19:00:00Z"))  // 20:00 BST
        let prod = WindowSubject(principal: "x", account: "111122223333", region: "eu-west-1", tags: ["env": "prod"])
        #expect(w.scope.applies(to: prod))
        #expect(w.contains(at("2026-03-14T01:30:00Z")))  // Saturday 01:30 GMT, from Friday's slot
        #expect(w.contains(at("2026-03-10T23:00:00Z")))  // CHG-1234
    }

    /// In the repository, the fixture must stay a copy of `examples/vigil.yaml` (skipped when the
    /// tests run away from the repository).
    @Test func fixtureIsACopyOfTheShippedExample() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/vigil.yaml").standardizedFileURL
        guard let shipped = try? Data(contentsOf: example) else { return }
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture("vigil.yaml"))) == shipped)
    }

    /// The shipped exposure-only example runs exposure alone and learns no baseline.
    @Test func exposureExampleRunsExposureAlone() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/exposure.yaml").standardizedFileURL
        guard FileManager.default.fileExists(atPath: example.path) else { return }
        let s = try ConfigLoader.load(path: example.path).an0861
        #expect(s.behaviours == [.exposure])
        #expect(!s.learnsBaselines)
    }

    static func match(_ value: Any?) -> WindowScope.Match {
        if let list = value as? [String] { return .oneOf(Set(list)) }
        return value as? String == "*" ? .anyValue : .unconstrained
    }

    static func clock(_ slot: WeeklySlot) -> String {
        func hhmm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        return "\(hhmm(slot.start))-\(hhmm(slot.end))"
    }
}
