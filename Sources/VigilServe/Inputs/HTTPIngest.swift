import Foundation
import Hummingbird
import Logging
import NIOCore

/// HTTP ingest: `POST /ingest` with NDJSON (one JSON record a line), a CloudTrail
/// `{"Records":[…]}` document, or `text/plain` syslog lines; `Content-Encoding: gzip` accepted;
/// bearer-token authentication; a size limit on the (inflated) body. The answer is 200 only once
/// every record of the body is durable in the spool; 503 with `Retry-After` when the spool is
/// full; 400 with the line of the first bad record, and nothing accepted, for a malformed body.
struct HTTPIngest: Sendable {
    let spool: Spool
    let metrics: ServeMetrics
    let logger: Logger
    let tokens: [[UInt8]]
    let maxBodyBytes: Int

    /// Why a body was refused, for the answer.
    enum Refusal: Error {
        case status(HTTPResponse.Status, String)
    }

    func handle(_ request: Request) async -> Response {
        do {
            let records = try await records(of: request)
            metrics.received("http", records.count)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            do {
                try await spool.append(records.map { BatchProcessor.payload($0, receivedMs: now) })
            } catch .full {
                metrics.pushedBack("http")
                return Self.answer(.serviceUnavailable, #"{"error":"spool full, retry later"}"#, retryAfter: true)
            } catch {
                logger.error("spool refused an HTTP batch", metadata: ["error": "\(error)"])
                return Self.answer(.internalServerError, #"{"error":"spool write failed"}"#)
            }
            metrics.parsed("http", records.count)
            return Self.answer(.ok, #"{"accepted":\#(records.count)}"#)
        } catch let Refusal.status(status, why) {
            return Self.answer(status, Self.errorJSON(why))
        } catch {
            return Self.answer(.badRequest, Self.errorJSON("\(error)"))
        }
    }

    private func records(of request: Request) async throws -> [[UInt8]] {
        guard authorised(request.headers[.authorization]) else {
            metrics.malformed("http", "unauthorised")
            logger.warning("HTTP ingest without a valid bearer token refused")  // the token itself is never logged
            throw Refusal.status(.unauthorized, "a valid bearer token is required (Authorization: Bearer …)")
        }
        var request = request
        let compressed = request.headers[.contentEncoding]?.lowercased().contains("gzip") ?? false
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            metrics.malformed("http", "oversized")
            throw Refusal.status(.contentTooLarge, "the body is larger than \(maxBodyBytes) bytes")
        }
        var body = Array(buffer.readableBytesView)
        if compressed {
            do {
                body = try Gunzip.inflate(body, limit: maxBodyBytes)
            } catch .tooLarge {
                metrics.malformed("http", "oversized")
                throw Refusal.status(.contentTooLarge, "the inflated body is larger than \(maxBodyBytes) bytes")
            } catch {
                metrics.malformed("http", "bad-gzip")
                throw Refusal.status(.badRequest, "Content-Encoding gzip: \(error)")
            }
        }
        let plain = request.headers[.contentType]?.lowercased().hasPrefix("text/plain") ?? false
        do {
            return try Self.split(body, syslog: plain)
        } catch {
            metrics.malformed("http", "bad-record")
            throw error
        }
    }

    private func authorised(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.utf8.dropFirst(7))
        var ok = false
        for t in tokens {
            // Constant time for a token of the same length.
            guard t.count == given.count else { continue }
            var diff: UInt8 = 0
            for i in t.indices { diff |= t[i] ^ given[i] }
            if diff == 0 { ok = true }
        }
        return ok
    }

    /// The records of a body: its lines (syslog, or NDJSON when every line is a JSON object), or
    /// the whole body as one JSON document (a CloudTrail `{"Records":[…]}` file) on one line.
    static func split(_ body: [UInt8], syslog: Bool) throws -> [[UInt8]] {
        var lines: [ArraySlice<UInt8>] = body.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            var l = line
            while let last = l.last, last == 0x0D || last == 0x20 || last == 0x09 { l = l.dropLast() }
            while let first = l.first, first == 0x20 || first == 0x09 { l = l.dropFirst() }
            return l
        }
        if syslog { return lines.filter { !$0.isEmpty }.map(Array.init) }
        let numbered = lines.enumerated().filter { !$0.element.isEmpty }
        if numbered.isEmpty { throw Refusal.status(.badRequest, "the body holds no record") }
        if numbered.allSatisfy({ $0.element.first == UInt8(ascii: "{") && $0.element.last == UInt8(ascii: "}") }) {
            for (n, line) in numbered where (try? JSONSerialization.jsonObject(with: Data(line))) == nil {
                throw Refusal.status(.badRequest, "line \(n + 1): not a JSON object (NDJSON expects one object a line)")
            }
            return numbered.map { Array($0.element) }
        }
        // One document: JSON whitespace may include newlines, which become spaces (newlines
        // inside JSON strings are always escaped).
        guard (try? JSONSerialization.jsonObject(with: Data(body))) != nil else {
            let bad = numbered.first { !($0.element.first == UInt8(ascii: "{") && $0.element.last == UInt8(ascii: "}")) }
            throw Refusal.status(.badRequest, "line \((bad?.offset ?? 0) + 1): neither NDJSON (one JSON object a line) nor one JSON document")
        }
        lines = []
        return [body.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }]
    }

    static func errorJSON(_ why: String) -> String {
        let escaped = why.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"error":"\#(escaped)"}"#
    }

    static func answer(_ status: HTTPResponse.Status, _ json: String, retryAfter: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if retryAfter { headers[.retryAfter] = "1" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json + "\n")))
    }
}
