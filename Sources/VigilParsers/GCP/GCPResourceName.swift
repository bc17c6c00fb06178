import VigilCore

/// Compute Engine resource names (`projects/p/zones/z/disks/d`, `projects/p/global/snapshots/s`)
/// and the forms requests refer to them by (full URLs, partial paths, bare names).
enum GCPResourceName {
    /// The project a name or log name names (`projects/{project}/…`).
    static func project(_ name: String) -> String? {
        segment(after: "projects", in: name)
    }

    /// The zone, or else the region, a name names.
    static func location(_ name: String) -> String? {
        segment(after: "zones", in: name) ?? segment(after: "regions", in: name)
    }

    /// The resource a name names, typed by its collection: instances, disks, snapshots, images;
    /// anything else `.other`.
    static func resource(_ name: String) -> Resource {
        guard let ascii = ASCIIPath(name) else { return resourceCharacters(name) }
        // The next-to-last of the name's non-empty components, found from the end.
        var end = ascii.bytes.count, seen = 0
        while let (start, stop) = ascii.component(endingBefore: end) {
            seen += 1
            if seen == 2 { return Resource(type: type(ofCollection: ascii.text(start, stop)), id: name) }
            end = start
        }
        return Resource(type: .other, id: name)
    }

    /// ``resource(_:)`` by characters (for names that are not ASCII).
    static func resourceCharacters(_ name: String) -> Resource {
        let parts = name.split(separator: "/")
        guard parts.count >= 2 else { return Resource(type: .other, id: name) }
        return Resource(type: type(ofCollection: parts[parts.count - 2]), id: name)
    }

    static func type(ofCollection c: Substring) -> ResourceType {
        switch c {
        case "instances": return .instance
        case "disks": return .volume
        case "snapshots": return .snapshot
        case "images": return .image
        default: return .other
        }
    }

    /// A reference from a request, as the resource name audit logs use for the resource itself,
    /// so one disk or snapshot has one id in every event:
    /// `https://www.googleapis.com/compute/v1/projects/p/zones/z/disks/d` and
    /// `zones/z/disks/d` (relative to `project`) become `projects/p/zones/z/disks/d`; a bare name
    /// becomes the name it has in `collection` (`zones/{zone}/disks` or `global/snapshots`).
    static func normalise(_ reference: String, project: String?, zone: String?, collection: String) -> String? {
        guard !reference.isEmpty else { return nil }
        if let r = reference.firstRange(of: "projects/") { return String(reference[r.lowerBound...]) }
        if reference.contains("/") {
            guard let project else { return reference }
            return "projects/\(project)/\(reference)"
        }
        guard let project else { return reference }
        if collection == "disks" {
            guard let zone else { return reference }
            return "projects/\(project)/zones/\(zone)/disks/\(reference)"
        }
        return "projects/\(project)/global/\(collection)/\(reference)"
    }

    /// The non-empty component after the first one that is `key` (an ASCII word).
    static func segment(after key: String, in name: String) -> String? {
        guard let ascii = ASCIIPath(name) else { return segmentCharacters(after: key, in: name) }
        var from = 0, matched = false
        while let (start, stop) = ascii.component(startingAt: from) {
            if matched { return String(ascii.text(start, stop)) }
            matched = ascii.bytes[start..<stop].elementsEqual(key.utf8)
            from = stop
        }
        return nil
    }

    /// ``segment(after:in:)`` by characters (for names that are not ASCII).
    static func segmentCharacters(after key: String, in name: String) -> String? {
        let parts = name.split(separator: "/")
        guard let i = parts.firstIndex(where: { $0 == key }), i + 1 < parts.count else { return nil }
        return String(parts[i + 1])
    }
}
