import Foundation
import Testing
@testable import VigilServe
import VigilTestSupport

/// The spool on a real disk: frames round-trip, a crash's torn tail is found, cut and counted,
/// the bound is enforced, and concurrent appends share syncs.
@Suite struct SpoolTests {
    func records(_ n: Int, prefix: String = "r") -> [[UInt8]] { (0..<n).map { Array("\(prefix)\($0) some syslog text".utf8) } }

    @Test func appendedRecordsAreReadBackAfterSealing() async throws {
        let dir = TemporaryDirectory()
        let spool = try Spool(directory: dir.path + "/spool", maxBytes: 1 << 20, segmentBytes: 1 << 16)
        try await spool.append(records(10))
        try await spool.append(records(5, prefix: "s"))
        spool.close()
        let segments = spool.sealedSegments()
        #expect(segments == [1])
        let (payloads, torn) = try Spool.read(spool.sealedPath(1))
        #expect(!torn)
        #expect(payloads == records(10) + records(5, prefix: "s"))
    }

    @Test func segmentsAreSealedAtTheirSize() async throws {
        let dir = TemporaryDirectory()
        let spool = try Spool(directory: dir.path + "/spool", maxBytes: 1 << 20, segmentBytes: 4096)
        for i in 0..<20 { try await spool.append(records(40, prefix: "b\(i)-")) }
        spool.close()
        let segments = spool.sealedSegments()
        #expect(segments.count > 3)
        var all: [[UInt8]] = []
        for s in segments { all += try Spool.read(spool.sealedPath(s)).payloads }
        #expect(all.count == 800)
        #expect(all.first == Array("b0-0 some syslog text".utf8))
        #expect(all.last == Array("b19-39 some syslog text".utf8))
    }

    @Test func tornTailAfterACrashIsCutAndCounted() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/spool"
        do {
            let spool = try Spool(directory: path, maxBytes: 1 << 20, segmentBytes: 1 << 20)
            try await spool.append(records(3))
            // No close: as after kill -9, the segment stays open.
        }
        // A frame cut short mid-payload, as a crash during write leaves it.
        let open = Spool.path(path, 1, sealed: false)
        var frame: [UInt8] = []
        SpoolFrame.append(Array("a record that never finished".utf8), to: &frame)
        let h = try #require(FileHandle(forWritingAtPath: open))
        h.seekToEndOfFile()
        h.write(Data(frame.prefix(frame.count - 5)))
        try h.close()
        let sizeBefore = Spool.fileSize(open)

        let reopened = try Spool(directory: path, maxBytes: 1 << 20, segmentBytes: 1 << 20)
        #expect(reopened.recovery == Spool.Recovery(segmentsSealed: 1, tornTails: 1, tornBytes: frame.count - 5))
        let (payloads, torn) = try Spool.read(reopened.sealedPath(1))
        #expect(payloads == records(3))
        #expect(!torn)
        #expect(Spool.fileSize(reopened.sealedPath(1)) == sizeBefore - Int64(frame.count - 5))
        // New records go to a new segment after the recovered one.
        try await reopened.append(records(1, prefix: "new"))
        reopened.close()
        #expect(reopened.sealedSegments() == [1, 2])
    }

    @Test func corruptFrameEndsTheReadablePart() throws {
        var bytes: [UInt8] = []
        SpoolFrame.append(Array("one".utf8), to: &bytes)
        SpoolFrame.append(Array("two".utf8), to: &bytes)
        bytes[bytes.count - 1] ^= 0xFF  // a flipped bit in the last payload: its CRC fails
        let scan = bytes.withUnsafeBytes { SpoolFrame.scan($0) }
        #expect(scan.payloads.count == 1)
        #expect(scan.tornTail)
        #expect(scan.validBytes == 11)
    }

    @Test func fullSpoolRefusesAndRecoversWhenSegmentsAreRemoved() async throws {
        let dir = TemporaryDirectory()
        let spool = try Spool(directory: dir.path + "/spool", maxBytes: 8192, segmentBytes: 4096)
        var refused: Spool.SpoolError?
        for i in 0..<100 {
            do { try await spool.append(records(10, prefix: "f\(i)-")) } catch { refused = error; break }
        }
        guard case .full? = refused else {
            Issue.record("expected the spool to refuse, got \(String(describing: refused))")
            return
        }
        #expect(spool.depthBytes <= 8192)
        // Processing frees space.
        for _ in 0..<50 where spool.sealedSegments().isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        for s in spool.sealedSegments() { spool.remove(s) }
        try await spool.append(records(1))
        spool.close()
    }

    @Test func concurrentAppendsShareSyncs() async throws {
        let dir = TemporaryDirectory()
        let spool = try Spool(directory: dir.path + "/spool", maxBytes: 1 << 26, segmentBytes: 1 << 24)
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask { for i in 0..<50 { try? await spool.append([Array("t\(t)-\(i)".utf8)]) } }
            }
        }
        let syncs = spool.syncCount
        spool.close()
        var total = 0
        for s in spool.sealedSegments() { total += try Spool.read(spool.sealedPath(s)).payloads.count }
        #expect(total == 400)
        #expect(syncs < 400, "group commit: \(syncs) syncs for 400 appends")
    }
}

extension SpoolTests {
    /// After a clean stop every segment was processed and removed: numbering goes on from the
    /// processor's next segment, never back to 1.
    @Test func segmentNumbersAreNeverReused() async throws {
        let dir = TemporaryDirectory()
        let spool = try Spool(directory: dir.path + "/spool", maxBytes: 1 << 20, segmentBytes: 1 << 20, firstSegment: 7)
        try await spool.append(records(1))
        spool.close()
        #expect(spool.sealedSegments() == [7])
    }
}
