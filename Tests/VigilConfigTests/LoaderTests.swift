import Foundation
import Testing
import VigilConfig
import VigilCore

/// Files, the document as a whole, and how errors read.
@Suite struct LoaderTests {
    @Test func missingFileIsOneError() {
        do {
            _ = try ConfigLoader.load(path: "/no/such/vigil.yaml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.errors == [ConfigError(file: "/no/such/vigil.yaml", line: 0, column: 0, key: "", message: "no such file")])
            #expect(error.description == "/no/such/vigil.yaml: no such file")
        }
    }

    @Test func directoryAndBinaryFilesAreOneErrorEach() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigilconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("latin1.yaml")
        try Data([0x74, 0x69, 0x6d, 0x65, 0xff, 0xfe, 0x3a]).write(to: binary)
        for (path, message) in [(dir.path, "is a directory"), (binary.path, "not UTF-8")] {
            do {
                _ = try ConfigLoader.load(path: path)
                Issue.record("loaded \(path)")
            } catch {
                #expect(error.errors.count == 1)
                #expect(error.errors.first?.message.contains(message) == true, "\(error)")
            }
        }
    }

    @Test func emptyDocumentsAreTheEmptyContext() throws {
        for yaml in ["", "# nothing configured yet\n", "---\n"] {
            let context = try ConfigLoader.parse(yaml: yaml, file: "t.yaml")
            #expect(context.changeWindows.isEmpty && context.administrators.isEmpty && context.deviceAccountRoster.isEmpty)
            #expect(context.timeZone == "UTC" && context.baselineLearningDays == 14)
        }
        #expect(OrgContext.empty.baselineLearningDays == 14 && OrgContext.empty.timeZone == "UTC")
    }

    @Test func keysWithNothingAfterThemAreEmpty() throws {
        let context = try ConfigLoader.parse(yaml: "automation_principals:\nmanagement_networks: ~\ndevice_account_roster:\n", file: "t.yaml")
        #expect(context.automationPrincipals.isEmpty && context.managementNetworks.isEmpty && context.deviceAccountRoster.isEmpty)
    }

    @Test func administratorsAndNetworkAdminsMerge() throws {
        let context = try ConfigLoader.parse(yaml: "network_admins: [a, c]\nadministrators: [b, c]\n", file: "t.yaml")
        #expect(context.administrators == ["a", "b", "c"])
    }

    @Test func valuesAreReadAsWritten() throws {
        // Unquoted scalars that YAML 1.1 would read as numbers or booleans stay text.
        let context = try ConfigLoader.parse(yaml: """
            automation_principals: [yes, 012345678901]
            management_networks: [2001:db8::/48, 192.0.2.7]
            baseline_learning_days: 0
            change_windows:
              - { name: w, scope: { accounts: [012345678901] }, weekly: [{ days: [Mon], start: 09:00, end: 17:30 }] }
            """, file: "t.yaml")
        #expect(context.automationPrincipals == ["yes", "012345678901"])
        #expect(context.managementNetworks.map(\.description) == ["2001:db8::/48", "192.0.2.7/32"])
        #expect(context.baselineLearningDays == 0)
        #expect(context.changeWindows.first?.scope.accounts == .oneOf(["012345678901"]))
        #expect(context.changeWindows.first?.weekly.first.map { [$0.start, $0.end] } == [540, 1050])
    }

    @Test func errorDescriptionIsCompilerStyle() {
        let e = ConfigError(file: "vigil.yaml", line: 12, column: 9, key: "change_windows[1].weekly[0].start",
                            message: "'25:00' is not a time (HH:MM)")
        #expect(e.description == "vigil.yaml:12:9: change_windows[1].weekly[0].start: '25:00' is not a time (HH:MM)")
        #expect(ConfigError(file: "v.yaml", line: 3, column: 1, key: "", message: "YAML syntax: x").description == "v.yaml:3:1: YAML syntax: x")
        #expect(ConfigErrors([e, e]).description == "\(e)\n\(e)")
    }
}
