import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
@testable import VigilServe
import VigilTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A full spool stops a TCP listener reading: the client's sends block (its bytes wait in the
/// kernel), nothing is dropped, and reading resumes when the spool has room again.
@Suite struct BackpressureTests {
    @Test func fullSpoolStopsReadingAndResumes() async throws {
        let dir = TemporaryDirectory()
        // No processor: nothing frees the spool until the test does.
        let spool = try Spool(directory: dir.path + "/spool", maxBytes: 65536, segmentBytes: 16384)
        let metrics = ServeMetrics()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let bound = LockedPort()
        let listener = SyslogListener(kind: .tcp, host: "127.0.0.1", port: 0, spool: spool, metrics: metrics, logger: logger,
                                      maxMessageBytes: 4096, idleTimeout: .seconds(60), group: MultiThreadedEventLoopGroup.singleton,
                                      onBound: { bound.set($0.port) })
        let channel = try await listener.bind()
        let fd = try connectTCP(bound.port)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var small: Int32 = 16384
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        // Send until the kernel will take no more: the service has stopped reading.
        let line = Array("<13>Nov 23 10:00:00 host app: \(String(repeating: "p", count: 200))\n".utf8)
        var sentLines = 0, blocked = false, at = 0
        // Generous deadlines: the full suite loads both cores (this test alone takes under 2 s).
        let deadline = Date().addingTimeInterval(60)
        func sendRest() -> Int { line.withUnsafeBytes { send(fd, $0.baseAddress! + at, $0.count - at, Int32(MSG_NOSIGNAL)) } }
        while Date() < deadline {
            let n = sendRest()
            if n > 0 {
                at += n
                if at == line.count { sentLines += 1; at = 0 }
                continue
            }
            guard n < 0 && errno == EAGAIN else {
                Issue.record("send failed: \(n) \(errno)")
                break
            }
            // Full: does the service come back for more within 300 ms?
            try await Task.sleep(for: .milliseconds(300))
            let again = sendRest()
            if again < 0 && errno == EAGAIN { blocked = true; break }
            if again > 0 { at += again; if at == line.count { sentLines += 1; at = 0 } }
        }
        #expect(blocked, "the client's sends never blocked")
        #expect(spool.depthBytes <= 65536)
        let pushedBack = metrics.render().contains("vigil_input_backpressure_total{input=\"syslog-tcp\"}")
        #expect(pushedBack)
        // Processing frees the spool: reading resumes and every line sent arrives.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        // The line cut by the full buffer is finished once reading resumes.
        let (rest, cut) = (Array(line[at...]), at > 0)
        let finishing = Thread {
            var done = 0
            while done < rest.count {
                let n = rest.withUnsafeBytes { send(fd, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                done += n
            }
            close(fd)
        }
        if cut { sentLines += 1 }
        finishing.start()
        var got = 0
        let end = Date().addingTimeInterval(60)
        while Date() < end {
            spool.seal(olderThan: .zero)
            for s in spool.sealedSegments() {
                got += try Spool.read(spool.sealedPath(s)).payloads.count
                spool.remove(s)
            }
            if got >= sentLines { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(got == sentLines)
        try await channel.close()
        spool.close()
    }
}

final class LockedPort: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func set(_ p: Int) { lock.withLock { value = p } }
    var port: Int { lock.withLock { value } }
}
