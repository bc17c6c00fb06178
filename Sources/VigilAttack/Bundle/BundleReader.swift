import Dispatch
import Foundation

/// Reads STIX 2.1 bundles (`.json`, or gzip whatever the name) into ``AttackBundle``s.
///
/// The bundle's `objects` array is first split into byte ranges by a structural scan; each object
/// is then parsed, canonicalised and hashed independently, in parallel across cores.
public enum BundleReader {
    /// Reads and indexes the bundle at `path`.
    public static func read(path: String) throws(BundleError) -> AttackBundle {
        let bytes = try BundleFile.read(path)
        return try read(bytes: bytes, file: path)
    }

    /// Reads and indexes a bundle's (uncompressed) text; `file` names it in errors. `fileDigest`
    /// is the text's SHA-256 when the caller has it already.
    public static func read(bytes: [UInt8], file: String, fileDigest: String? = nil) throws(BundleError) -> AttackBundle {
        let result: Result<AttackBundle, BundleError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(BundleError) {
                return .success(try read(buffer, file: file, fileDigest: fileDigest ?? SHA256.hex(UnsafeRawBufferPointer(buffer))))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, fileDigest: String) throws(BundleError) -> AttackBundle {
        let ranges = try objectRanges(bytes, file: file)
        let parsed = ParsedObjects(count: ranges.count)
        let workers = max(1, min(ranges.count / 256, ProcessInfo.processInfo.activeProcessorCount))
        nonisolated(unsafe) let input = bytes  // read only, and outlives concurrentPerform
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < ranges.count {
                parsed.set(i, ObjectParser.parse(input, range: ranges[i], index: i, file: file))
                i += workers
            }
        }
        var objects: [AttackObject] = []
        var links: [ObjectLink] = []
        var problems: [BundleProblem] = []
        var collection: JSONNode?
        var invalid: JSONSyntaxError?
        objects.reserveCapacity(ranges.count)
        for result in parsed.results {
            switch result {
            case .object(let o, let l, let c):
                objects.append(o)
                links += l
                if let c, collection == nil { collection = c }
            case .problem(let p): problems.append(p)
            case .invalid(let e): invalid = invalid ?? e
            case nil: break
            }
        }
        if let invalid { throw .syntax(file: file, invalid) }
        guard let collection else { throw .notABundle(file: file, reason: "it holds no x-mitre-collection object") }
        nameRelationships(&objects, links: links)
        let release = AttackRelease(
            collectionID: collection["id"]?.string ?? "",
            name: collection["name"]?.string ?? "",
            version: collection["x_mitre_version"]?.string ?? "",
            modified: collection["modified"]?.string ?? "",
            objectCount: objects.count,
            digest: digest(objects))
        guard !release.version.isEmpty else {
            throw .notABundle(file: file, reason: "its x-mitre-collection has no x_mitre_version")
        }
        return AttackBundle(file: file, fileDigest: fileDigest, release: release, objects: objects, links: links, problems: problems)
    }

    /// The byte range of each element of the top-level `objects` array.
    private static func objectRanges(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(BundleError) -> [Range<Int>] {
        var p = JSONParser(bytes)
        var ranges: [Range<Int>] = []
        var sawObjects = false
        var type: String?
        do throws(JSONSyntaxError) {
            try p.expect(UInt8(ascii: "{"))
            if !p.consume(UInt8(ascii: "}")) {
                repeat {
                    let key = try p.value()
                    guard let key = key.string else { throw p.error("expected a member name") }
                    try p.expect(UInt8(ascii: ":"))
                    switch key {
                    case "objects":
                        sawObjects = true
                        try p.expect(UInt8(ascii: "["))
                        if !p.consume(UInt8(ascii: "]")) {
                            repeat {
                                p.skipWhitespace()
                                let start = p.position
                                try p.skipValue()
                                ranges.append(start..<p.position)
                            } while p.consume(UInt8(ascii: ","))
                            try p.expect(UInt8(ascii: "]"))
                        }
                    case "type": type = try p.value().string
                    default: try p.skipValue()
                    }
                } while p.consume(UInt8(ascii: ","))
                try p.expect(UInt8(ascii: "}"))
            }
            guard p.atEnd() else { throw p.error("text after the bundle") }
        } catch {
            throw .syntax(file: file, error)
        }
        guard type == "bundle" else { throw .notABundle(file: file, reason: "its type is not \"bundle\"") }
        guard sawObjects else { throw .notABundle(file: file, reason: "it has no objects array") }
        return ranges
    }

    /// Relationships have no name of their own; they are named by what they link, as
    /// `DET0308 detects T1578`, so that diffs and histories can say which one changed.
    private static func nameRelationships(_ objects: inout [AttackObject], links: [ObjectLink]) {
        var ids: [String: String] = [:]
        for o in objects { if let a = o.attackID { ids[o.stixID] = a } }
        var byVia: [String: ObjectLink] = [:]
        for l in links { if let v = l.via { byVia[v] = l } }
        for i in objects.indices where objects[i].type == .relationship {
            guard let l = byVia[objects[i].stixID] else { continue }
            objects[i].name = "\(ids[l.source] ?? l.source) \(l.kind.rawValue) \(ids[l.target] ?? l.target)"
        }
    }

    /// SHA-256 over `stix id TAB hash LF` for every object, sorted by STIX id.
    static func digest(_ objects: [AttackObject]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(objects.count * 128)
        for o in objects.sorted(by: { $0.stixID < $1.stixID }) {
            text += Array(o.stixID.utf8)
            text.append(0x09)
            text += Array(o.hash.hex.utf8)
            text.append(0x0A)
        }
        return SHA256.hex(text)
    }
}

/// Results of the parallel stage, one slot per object.
private final class ParsedObjects: @unchecked Sendable {
    // Safe: slot i is written by exactly one iteration of concurrentPerform, and the slots are
    // read only after concurrentPerform has returned. A raw buffer, not an array property, so
    // that concurrent writes to different slots are not one exclusive access to the array.
    private let slots: UnsafeMutableBufferPointer<ObjectParser.Result?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
    func set(_ i: Int, _ r: ObjectParser.Result) { slots[i] = r }
    var results: UnsafeMutableBufferPointer<ObjectParser.Result?> { slots }
}
