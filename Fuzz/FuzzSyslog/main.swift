// libFuzzer target: arbitrary bytes as one device log line through the syslog framing, the vendor
// parsers, secret redaction and account-command extraction. Checks that every command kept has
// been through redaction (no secret value survives a second pass) and locations stay in the line.
import VigilCore
import VigilNetwork

let parser = NetworkLogParser(options: SyslogParser.Options(reference: Timestamp(seconds: 1_774_000_000)))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSyslog(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let line = String(decoding: bytes, as: UTF8.self)
    let raw = RawRef(file: "fuzz", offset: 0, line: 1, index: 0, eventID: nil)
    switch parser.parse(line, raw: raw) {
    case .event(let e):
        if let command = e.command {
            // Redaction is idempotent: what was kept has no secret left to find.
            precondition(SecretRedactor.redact(command).count == 0 || command.contains(SecretRedactor.placeholder))
            _ = AccountCommandParser.parse(command, os: e.os)
        }
    case .otherMessage:
        break
    case .malformed(let error):
        precondition(error.column >= 0 && error.column <= line.utf8.count + 1)
    }
    _ = SyslogParser(options: parser.syslog.options).parse(bytes: bytes)
    return 0
}
