import Testing
import VigilCore
import VigilNetwork

/// 2026-11-23T12:00:00Z: the reference time the tests resolve year-less timestamps against.
let reference = Timestamp(iso8601: "2026-11-23T12:00:00Z")!
let options = SyslogParser.Options(reference: reference)
let framer = SyslogParser(options: options)
let network = NetworkLogParser(options: options)

func raw(_ line: Int = 1) -> RawRef { RawRef(file: "net.log", offset: 0, line: line, index: line - 1, eventID: nil) }

/// The framed message, or a test failure.
func frame(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SyslogMessage {
    switch framer.parse(line) {
    case .success(let m): return m
    case .failure(let e):
        Issue.record("did not frame: \(e) — \(line)", sourceLocation: sourceLocation)
        throw e
    }
}

/// The framing error, or a test failure.
func frameError(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> NetworkParseError? {
    switch framer.parse(line) {
    case .success(let m):
        Issue.record("framed unexpectedly: \(m)", sourceLocation: sourceLocation)
        return nil
    case .failure(let e): return e
    }
}

struct NotAnEvent: Error, CustomStringConvertible {
    let record: NetworkRecord
    var description: String { "not an event: \(record)" }
}

/// The device event a line reads as, or a test failure.
func event(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DeviceEvent {
    let record = network.parse(line, raw: raw())
    guard case .event(let e) = record else {
        Issue.record("\(record) — \(line)", sourceLocation: sourceLocation)
        throw NotAnEvent(record: record)
    }
    return e
}

func iso(_ t: SyslogTimestamp?) -> String? { t?.instant.iso8601 }
