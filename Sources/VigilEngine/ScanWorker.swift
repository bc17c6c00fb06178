import VigilAnalytics
import VigilConfig
import VigilCore
import VigilIngest
import VigilNetwork
import VigilParsers
import VigilStore
#if canImport(Glibc)
import Glibc
#endif

/// One worker's share of a scan: its own reader, decoder, counters and alerts, merged at the end.
/// Nothing here is shared between threads.
final class ScanWorker {
    let reader = TextReader()
    let decoder: CloudTrailDecoder
    let analytics: AnalyticSet
    let compute: ComputeChangeAnalytic?
    let context: OrgContext
    let options: ScanOptions
    var summary = ScanSummary()
    var alerts: [Alert] = []
    /// Every principal's activity, when a stateful analytic runs.
    let recorder: ActivityRecorder?
    /// Compute changes for the stateful evaluation after the scan (beyond a limit, on disk).
    let changes: ChangeRuns
    /// The change kinds AN0861's behaviours in force read, by raw value.
    private let changing: [Bool]
    /// Client family and interned user agent by the reader's client key; principals and source
    /// networks by theirs; other repeated texts by value.
    private var clients: [UInt64: (family: String, userAgent: String)] = [:]
    private var principals: [UInt64: (key: PrincipalKey, summary: PrincipalSummary)] = [:]
    private var networks: [UInt64: String?] = [:]
    private var interned: [String: String] = [:]
    /// Region texts by the reader's region key.
    private var regions: [UInt64: String?] = [:]
    /// Problems found in ranges of split files, whose lines are counted after the scan.
    var problems: [Problem] = []
    /// Azure Activity and GCP Audit records, for texts that are not CloudTrail.
    private let cloudAudit = CloudAuditDecoder()
    private lazy var documents = JSONDocument.Reader()
    /// Records read per other cloud's log (CloudTrail's are the rest of ``summary``'s records).
    var auditRecords: [CloudAuditDecoder.Format: Int] = [:]
    /// GCP long-running operations (first and last entries share an operation id) seen by this
    /// worker: the change is recorded once, and fails if its last entry says so.
    private var operations: [String: ChangeRecord] = [:]

    /// Files the stored baselines already hold (nil when the scan keeps no state), and the files
    /// this worker read, to be recorded as held.
    let known: Set<VigilStore.IngestedFile>?
    var ingested: [VigilStore.IngestedFile] = []

    /// Network device records (syslog, TACACS+ accounting), read line by line.
    private let localAccounts: Bool
    /// Local-account actions for AN1240, and network records counted per source.
    var deviceEvents: [DeviceEvent] = []
    var networkRecords: [String: Int] = [:]

    /// Records read from CloudTrail: every record that came from no other log.
    var cloudTrailRecords: Int {
        summary.records - auditRecords.values.reduce(0, +) - networkRecords.values.reduce(0, +)
    }
    /// What each device sent, by telemetry kind (coverage).
    var coverage = TelemetryCoverage()
    /// Operators seen acting on each device, with the last time (ms).
    var operatorsSeen: [String: [String: Int64]] = [:]
    /// The current file's syslog parser (years are inferred against the file's modification
    /// time), and whether the file has shown itself to be device telemetry.
    private var network: (path: String, parser: NetworkLogParser, isDeviceLog: Bool)?

    init(analytics: AnalyticSet, compute: ComputeChangeAnalytic?, localAccounts: Bool = false, context: OrgContext, options: ScanOptions,
         known: Set<VigilStore.IngestedFile>? = nil) {
        self.known = known
        self.localAccounts = localAccounts
        self.analytics = analytics
        self.compute = compute
        let settings = compute?.settings(in: context)
        let learn = settings?.learnsBaselines ?? false
        self.recorder = learn ? ActivityRecorder() : nil
        let changeKinds = settings.map { ComputeChangeAnalytic.kinds(for: $0.behaviours) } ?? []
        self.changing = EventKind.table(changeKinds)
        self.decoder = CloudTrailDecoder(wanted: analytics.wantedKinds.union(changeKinds), profile: learn)
        self.context = context
        self.options = options
        self.changes = ChangeRuns(limit: options.changesInMemory, parent: options.spillDirectory)
        reader.maxTextBytes = options.maxRecordBytes
    }

    /// Reads one unit to the end.
    func run(_ unit: WorkUnit) {
        let path = unit.file.path
        var index = 0
        var texts = 0
        // With stored state, a file scanned before (same path, size and modification time) is
        // skipped: its activity is in the baselines and its alerts are in the store. (Scanning a
        // bucket again reads only what arrived since.)
        if let known, !unit.file.isStandardInput, let identity = Self.identity(of: path) {
            if known.contains(identity) {
                if unit.range == nil || unit.range?.lowerBound == 0 { summary.skipped["already-scanned", default: 0] += 1 }
                return
            }
            if unit.range == nil || unit.range?.lowerBound == 0 { ingested.append(identity) }
        }
        if unit.range == nil || unit.range?.lowerBound == 0 { summary.files += 1 }
        let since = options.since?.milliseconds ?? Int64.min
        let until = options.until?.milliseconds ?? Int64.max
        reader.read(unit, onText: { text in
            texts += 1
            // Lines that are not JSON may be network device telemetry.
            let first = text.count > 0 ? text.pointer.load(as: UInt8.self) : 0
            if first != UInt8(ascii: "{"), first != UInt8(ascii: "["),
               deviceLine(text, unit: unit, index: index, since: since, until: until) {
                index += 1
                return
            }
            let firstIndex = index
            // Records without CloudTrail's event name or time may be another cloud's: decided
            // once the text has been read.
            var deferred: [Problem] = []
            let (kind, brokeOff) = decoder.decode(text) { record in
                defer { index += 1 }
                if let problem = record.problem {
                    let p = Problem(file: path, offset: record.offset, line: record.line ?? text.line, record: unit.range == nil ? index : nil,
                                    code: problem.code, message: problem.description)
                    switch problem {
                    case .missingTime, .missingName: deferred.append(p)
                    default: note(p)
                    }
                    return
                }
                summary.records += 1
                let t = record.time.milliseconds
                if t < since || t >= until { summary.outsideTimeRange += 1; return }
                recorder?.observe(record)
                let kind = record.kind
                let stateless = analytics.wants(kind)
                let stateful = changing[Int(kind.rawValue)]
                guard stateless || stateful else { return }
                summary.eventsAnalysed += 1
                if stateless { alerts += analytics.evaluate(record.event(file: path, index: index), context: context) }
                if stateful { keep(change(record, file: path, index: index)) }
            }
            if !deferred.isEmpty {
                if let count = otherClouds(text, path: path, firstIndex: firstIndex, split: unit.range != nil, since: since, until: until) {
                    index = firstIndex + count
                } else {
                    deferred.forEach(note)
                }
            }
            switch kind {
            case .records: break
            case .digest: summary.skipped["cloudtrail-digest", default: 0] += 1
            case .failed(.empty, _): break
            case .failed(let problem, let offset):
                note(Problem(file: path, offset: offset, line: text.line, record: nil, code: problem.code,
                             message: problem.description + (text.count > 0 ? "" : "")))
            }
            if let (problem, offset) = brokeOff {
                note(Problem(file: path, offset: offset, line: nil, record: unit.range == nil ? index : nil, code: problem.code,
                             message: "\(problem.description); the rest of this JSON text was not read"))
            }
        }, onIssue: { issue in
            note(Problem(file: issue.file, offset: issue.offset, line: issue.line, record: nil, code: issue.kind.rawValue,
                         message: issue.message))
        })
        if texts == 0, unit.range == nil {
            summary.skipped["empty-input", default: 0] += 1
            if summary.problems.count < options.reportedProblems {
                problems.append(Problem(file: path, offset: 0, line: nil, record: nil, code: "empty-input",
                                        message: "no JSON text in this input (empty or white space only); skipped"))
            }
        }
    }

    /// Reads `text` as Azure Activity or GCP Audit records. Returns how many records it held, or
    /// nil when none of them is one of those logs' (the text then keeps its CloudTrail problems).
    private func otherClouds(_ text: TextSpan, path: String, firstIndex: Int, split: Bool, since: Int64, until: Int64) -> Int? {
        guard case .success(let value) = documents.parse(bytes: UnsafeRawBufferPointer(start: text.pointer, count: text.count)) else {
            return nil
        }
        let records = CloudAuditDecoder.records(in: value)
        var decoded: [(Int, CloudAuditDecoder.Decoded)] = []
        var recognised = false
        for (i, record) in records.enumerated() {
            let raw = RawRef(file: path, offset: text.offset, line: text.line, index: firstIndex + i, eventID: nil)
            let d = cloudAudit.decode(record, raw: raw)
            switch d {
            case .event, .problem: recognised = true
            case .cloudTrail, .unrecognised: break
            }
            decoded.append((i, d))
        }
        guard recognised else { return nil }
        for (i, d) in decoded {
            let index = firstIndex + i
            switch d {
            case .event(let event, let format):
                auditRecords[format, default: 0] += 1
                summary.records += 1
                let t = event.time.milliseconds
                if t < since || t >= until { summary.outsideTimeRange += 1; continue }
                analyse(event, format: format)
            case .problem(let problem, let format):
                note(Problem(file: path, offset: text.offset, line: text.line, record: split ? nil : index, code: problem.code,
                             message: "\(format.rawValue) record: " + Self.describe(problem, format)))
            case .cloudTrail:
                continue  // read as one already
            case .unrecognised:
                note(Problem(file: path, offset: text.offset, line: text.line, record: split ? nil : index, code: "unrecognised-record",
                             message: "record is not CloudTrail, Azure Activity Log or GCP Cloud Audit Logs"))
            }
        }
        return records.count
    }

    /// Reads a line as network device telemetry. False when it is not (and the file has not shown
    /// itself to be a device log): the line then goes to the JSON readers, which report it.
    private func deviceLine(_ text: TextSpan, unit: WorkUnit, index: Int, since: Int64, until: Int64) -> Bool {
        let path = unit.file.path
        if network?.path != path {
            let now = Timestamp(seconds: Int64(time(nil)))
            let reference = unit.file.isStandardInput ? now
                : Self.identity(of: path).map { Timestamp(milliseconds: $0.mtimeNanoseconds / 1_000_000) } ?? now
            network = (path, NetworkLogParser(options: SyslogParser.Options(reference: reference)), false)
        }
        let line = String(decoding: UnsafeRawBufferPointer(start: text.pointer, count: text.count), as: UTF8.self)
        let raw = RawRef(file: path, offset: text.offset, line: text.line, index: index, eventID: nil)
        switch network!.parser.parse(line, raw: raw) {
        case .event(var event):
            network!.isDeviceLog = true
            summary.records += 1
            networkRecords[event.os == .tacacs ? "tacacs" : "syslog", default: 0] += 1
            guard let time = event.timestamp?.instant else {
                note(Problem(file: path, offset: text.offset, line: text.line, record: nil, code: "missing-time",
                             message: "device record has no time (\(event.messageID))"))
                return true
            }
            if time.milliseconds < since || time.milliseconds >= until { summary.outsideTimeRange += 1; return true }
            if event.deviceName == nil, let ip = event.deviceIP, let name = context.deviceName(at: ip) { event.deviceName = name }
            if let device = event.deviceKey {
                coverage.note(device: device, platform: event.os == .tacacs ? nil : event.os.rawValue, kind: TelemetryCoverage.kind(of: event),
                              at: time)
                if let op = event.operatorName, event.succeeded != false {
                    let t = time.milliseconds
                    if (operatorsSeen[device]?[op] ?? .min) < t { operatorsSeen[device, default: [:]][op] = t }
                }
            }
            if localAccounts, LocalAccountAnalytic.actions.contains(event.action) {
                summary.eventsAnalysed += 1
                deviceEvents.append(event)
            }
            return true
        case .otherMessage(let message):
            // A line with no platform and no time is not evidence of a device log ("not json").
            guard network!.isDeviceLog || message.os != .unknown || message.timestamp != nil else { return false }
            network!.isDeviceLog = true
            if let host = message.hostname {
                coverage.note(device: host, platform: message.os == .unknown ? nil : message.os.rawValue, kind: .other,
                              at: message.timestamp?.instant)
            }
            summary.records += 1
            networkRecords["syslog", default: 0] += 1
            return true
        case .malformed(let error):
            guard network!.isDeviceLog else { return false }
            note(Problem(file: path, offset: text.offset, line: text.line, record: nil, code: error.code,
                         message: "device log line: \(error)"))
            return true
        }
    }

    /// A problem in the words of the record's own schema.
    static func describe(_ problem: RecordProblem, _ format: CloudAuditDecoder.Format) -> String {
        let (time, name) = format == .azureActivity
            ? ("time, eventTimestamp or TimeGenerated", "operationName or OperationNameValue")
            : ("timestamp or receiveTimestamp", "protoPayload.methodName")
        switch problem {
        case .missingTime: return "record has no \(time)"
        case .missingName: return "record has no \(name)"
        case .badTime(let t): return "time '\(t)' is not an RFC 3339 time"
        default: return problem.description
        }
    }

    /// An Azure or GCP event: into the baselines, the analytics that want it, and AN0861's changes.
    private func analyse(_ event: Event, format: CloudAuditDecoder.Format) {
        recorder?.observe(event)
        let stateless = analytics.wants(event.kind)
        let stateful = changing[Int(event.kind.rawValue)]
        guard stateless || stateful else { return }
        summary.eventsAnalysed += 1
        if stateless { alerts += analytics.evaluate(event, context: context) }
        guard stateful else { return }
        let change = ChangeRecord(event, client: auditClientFamily(event.userAgent, format.provider))
        // GCP logs a long-running operation's first and last entries; one change, which failed if
        // either entry says so.
        if format == .gcpAudit, let id = event.api.requestID, !id.isEmpty {
            if let first = operations[id] {
                if !change.succeeded { first.succeeded = false }
                return
            }
            if operations.count < 100_000 { operations[id] = change }
        }
        keep(change)
    }

    /// Client families of Azure and GCP user agents, by cloud and text: a log's user agents repeat,
    /// and parsing one is most of what a change of those logs costs.
    private var auditClients: [CloudProvider: [String: String]] = [:]

    private func auditClientFamily(_ userAgent: String?, _ provider: CloudProvider) -> String {
        guard let userAgent else { return ClientFamilies.family(of: nil, provider: provider) }
        if let known = auditClients[provider]?[userAgent] { return known }
        let family = ClientFamilies.family(of: userAgent, provider: provider)
        if (auditClients[provider]?.count ?? 0) < 100_000 { auditClients[provider, default: [:]][userAgent] = family }
        return family
    }

    /// Compute changes per cloud account, region and operation, with the earliest one's time: folded
    /// into ``coverage`` when the worker is done (one table update per change, no key text built).
    private struct ComputeTally: Hashable {
        let provider: CloudProvider
        let account: String
        let region: String
        let operation: String
    }
    private var computeTally: [ComputeTally: (count: Int, first: Timestamp)] = [:]

    /// Keeps a change for the evaluation, and counts it for the cloud account's coverage.
    private func keep(_ c: ChangeRecord) {
        let key = ComputeTally(provider: c.provider, account: c.evidence.account ?? c.principal.account ?? "-",
                               region: c.evidence.region ?? "-", operation: c.evidence.operation)
        Self.count(&computeTally[key, default: (0, c.time)], at: c.time)  // one lookup, changed in place
        changes.append(c)
    }

    private static func count(_ entry: inout (count: Int, first: Timestamp), at time: Timestamp) {
        entry.count += 1
        if time < entry.first { entry.first = time }
    }

    /// Folds the compute tally into ``coverage`` (once, when the worker's reading is done).
    func foldComputeTally() {
        // Earliest first, so that each account and region's entry starts at its earliest change.
        for (k, v) in computeTally.sorted(by: { $0.value.first < $1.value.first }) {
            coverage.noteCompute(provider: k.provider.rawValue, account: k.account, region: k.region, kind: k.operation, at: v.first,
                                 count: v.count)
        }
        computeTally = [:]
    }

    /// After a unit: operations pair up within a file, and changes beyond the limit go to disk.
    func finishUnit() {
        operations = [:]
        changes.spillIfFull()
    }

    /// The compact record of a change, read straight from the reader's record. Texts that repeat
    /// across records (principals, sources, clients, services, regions) are interned, keyed by
    /// the reader's profile keys where it has them, so a record costs its event id and resource
    /// ids and little more.
    private func change(_ record: RecordView, file: String, index: Int) -> ChangeRecord {
        let keys = record.profileKeys
        let principal: (key: PrincipalKey, summary: PrincipalSummary)
        if keys.principal != 0, let known = principals[keys.principal] {
            principal = known
        } else {
            let actor = record.actor
            principal = (PrincipalKey(actor, account: record.account), PrincipalSummary(actor))
            if keys.principal != 0 { principals[keys.principal] = principal }
        }
        let client: (family: String, userAgent: String)
        if let known = clients[keys.client] {
            client = known
        } else {
            let ua = record.userAgent
            client = (ClientFamilies.family(of: ua), ua ?? "")
            clients[keys.client] = client
        }
        let network: String?
        if keys.network != 0, let known = networks[keys.network] {
            network = known
        } else {
            network = record.sourceText.map(SourceNetwork.text)
            if keys.network != 0 { networks[keys.network] = network }
        }
        // A region key stands for one region's text.
        let region: String?
        if keys.region != 0, let known = regions[keys.region] {
            region = known
        } else {
            region = intern(record.region)
            if keys.region != 0 { regions[keys.region] = region }
        }
        // A kind has one or a few (service, operation) pairs: the last one's texts, checked byte
        // for byte, spare making and interning two strings per change.
        let names: (service: String, operation: String)
        if let known = kindNames[record.kind], record.names(service: known.service, operation: known.operation) {
            names = known
        } else {
            names = (intern(record.service) ?? "", intern(record.operation) ?? "")
            kindNames[record.kind] = names
        }
        let eventID = record.eventID
        let errorCode = record.errorCode
        // The source as the event names it (Endpoint): an address in its canonical form. The
        // reader keys only canonical dotted quads as IPv4 (tag 4): their text is that form already.
        let source = keys.network >> 56 == 4 ? record.sourceText : intern(record.sourceText.flatMap { Endpoint(sourceText: $0).text })
        let evidence = Evidence(
            eventID: eventID, time: record.time, service: names.service, operation: names.operation,
            source: source, userAgent: keys.client == 0 ? nil : client.userAgent, account: intern(record.account),
            region: region, errorCode: errorCode,
            raw: RawRef(file: file, offset: record.offset, line: record.line, index: index, eventID: eventID))
        return ChangeRecord(evidence: evidence, kind: record.kind, principal: principal.key, summary: principal.summary, provider: .aws,
                            network: network, client: client.family, resources: record.resources, exposures: record.exposures,
                            succeeded: errorCode == nil)
    }

    /// Service and operation texts by kind (the last pair seen).
    private var kindNames: [EventKind: (service: String, operation: String)] = [:]

    /// One shared copy of texts that repeat. Texts of up to 15 bytes are stored inside the string
    /// value itself, with nothing to share: they are returned as they are.
    private func intern(_ text: String?) -> String? {
        guard let text, text.utf8.count > 15 else { return text }
        if let known = interned[text] { return known }
        if interned.count < 100_000 { interned[text] = text }
        return text
    }

    /// Puts this worker's changes in the evaluation's order (time, event id, file, offset).
    func sortChanges() {
        foldComputeTally()
        changes.sortMemory()
        if let failure = changes.failure {
            note(Problem(file: changes.parent, offset: nil, line: nil, record: nil, code: "spill-failed",
                         message: "compute changes kept in memory: \(failure)"))
        }
    }

    /// Path, size and modification time of a file.
    static func identity(of path: String) -> VigilStore.IngestedFile? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return VigilStore.IngestedFile(path: path, size: Int64(st.st_size),
                                       mtimeNanoseconds: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    private func note(_ p: Problem) {
        summary.malformed[p.code, default: 0] += 1
        if problems.count < options.reportedProblems * 4 { problems.append(p) }
    }

    var bytesRead: Int64 { reader.bytesRead }

    /// Counts what listing a directory found besides files and folders, and what failed.
    func noteListing(_ listing: DirectoryWalker.Listing) {
        if listing.ignored > 0 { summary.skipped["not-a-regular-file", default: 0] += listing.ignored }
        for issue in listing.issues {
            note(Problem(file: issue.file, offset: nil, line: nil, record: nil, code: issue.kind.rawValue, message: issue.message))
        }
    }
}
