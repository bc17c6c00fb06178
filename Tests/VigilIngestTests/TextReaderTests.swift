import Foundation
import Testing
import VigilIngest
import VigilTestSupport

/// Collects what a reader produced.
struct Collected {
    var texts: [(text: String, offset: Int64, line: Int?)] = []
    var issues: [IngestIssue] = []
}

func readAll(_ unit: WorkUnit, configure: (TextReader) -> Void = { _ in }) -> Collected {
    let reader = TextReader()
    configure(reader)
    var c = Collected()
    reader.read(unit, onText: { t in
        c.texts.append((String(decoding: UnsafeRawBufferPointer(start: t.pointer, count: t.count), as: UTF8.self), t.offset, t.line))
        #expect(t.readable >= t.count + PaddedBuffer.padding)
    }, onIssue: { c.issues.append($0) })
    return c
}

func gzip(_ data: Data, in dir: TemporaryDirectory, name: String) throws -> String {
    let plain = try dir.write(name + ".src", data)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = ["-n", "-k", "-c", plain]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let gz = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return try dir.write(name, gz)
}

func unit(_ path: String) -> WorkUnit {
    var st = stat()
    stat(path, &st)
    return WorkUnit(file: InputFile(path: path, size: Int64(st.st_size)))
}

@Suite struct TextReaderTests {
    @Test func framesLinesSkippingBlanksAndCRLF() throws {
        let dir = TemporaryDirectory()
        let path = try dir.write("a.ndjson", "{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}")
        let c = readAll(unit(path))
        #expect(c.texts.map(\.text) == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
        #expect(c.texts.map(\.line) == [1, 4, 5])
        #expect(c.texts.map(\.offset) == [0, 13, 21])
        #expect(c.issues.isEmpty)
    }

    @Test func readsPrettyPrintedDocumentWhole() throws {
        let dir = TemporaryDirectory()
        let doc = "{\n  \"Records\": [\n    {\"eventName\": \"X\"}\n  ]\n}\n"
        let c = readAll(unit(try dir.write("pretty.json", doc)))
        #expect(c.texts.count == 1)
        #expect(c.texts.first?.text == doc.trimmingCharacters(in: .newlines))
    }

    @Test func gzipWholeAndStreamingAgree() throws {
        let dir = TemporaryDirectory()
        var body = ""
        for i in 0..<5000 { body += "{\"n\":\(i),\"pad\":\"\(String(repeating: "x", count: i % 97))\"}\n" }
        let path = try gzip(Data(body.utf8), in: dir, name: "big.json.gz")
        let whole = readAll(unit(path))
        let streamed = readAll(unit(path)) { $0.wholeGzipLimit = 0 }
        #expect(whole.texts.count == 5000)
        #expect(whole.texts.map(\.text) == streamed.texts.map(\.text))
        #expect(whole.texts.map(\.offset) == streamed.texts.map(\.offset))
        #expect(whole.issues.isEmpty && streamed.issues.isEmpty)
    }

    @Test func concatenatedGzipMembers() throws {
        let dir = TemporaryDirectory()
        let a = try gzip(Data("{\"a\":1}\n".utf8), in: dir, name: "a.gz")
        let b = try gzip(Data("{\"b\":2}\n".utf8), in: dir, name: "b.gz")
        var both = try Data(contentsOf: URL(fileURLWithPath: a))
        both.append(try Data(contentsOf: URL(fileURLWithPath: b)))
        let path = try dir.write("ab.gz", both)
        for limit in [64 << 20, 0] {
            let c = readAll(unit(path)) { $0.wholeGzipLimit = limit }
            #expect(c.texts.map(\.text) == ["{\"a\":1}", "{\"b\":2}"], "limit \(limit)")
            #expect(c.issues.isEmpty)
        }
    }

    @Test func truncatedGzipKeepsWhatCameBeforeAndSaysWhere() throws {
        let dir = TemporaryDirectory()
        var body = ""
        for i in 0..<20000 { body += "{\"n\":\(i),\"v\":\"\(i * 7919 % 10007)\"}\n" }
        let full = try Data(contentsOf: URL(fileURLWithPath: try gzip(Data(body.utf8), in: dir, name: "t.gz")))
        let path = try dir.write("cut.json.gz", full.prefix(full.count / 2))
        let c = readAll(unit(path))
        #expect(c.issues.count == 1)
        #expect(c.issues.first?.kind == .truncatedGzip)
        #expect(c.texts.count > 1000 && c.texts.count < 20000)
        // Every text but possibly the last (cut mid-line) is a whole original line.
        for t in c.texts.dropLast() { #expect(t.text.hasPrefix("{\"n\":") && t.text.hasSuffix("\"}")) }
    }

    @Test func corruptGzipIsReported() throws {
        let dir = TemporaryDirectory()
        var data = try Data(contentsOf: URL(fileURLWithPath: try gzip(Data((0..<3000).map { "{\"a\":\($0 * 7919 % 10007)}\n" }.joined().utf8), in: dir, name: "c.gz")))
        for i in 100..<400 { data[i] ^= 0x5A }
        let c = readAll(unit(try dir.write("corrupt.gz", data)))
        #expect(c.issues.map(\.kind) == [.corruptGzip])
    }

    @Test func overlongLineIsSkippedAndReadingGoesOn() throws {
        let dir = TemporaryDirectory()
        let long = "{\"x\":\"" + String(repeating: "y", count: 10 << 20) + "\"}"
        let path = try dir.write("long.ndjson", "{\"a\":1}\n" + long + "\n{\"b\":2}\n")
        let c = readAll(unit(path)) { $0.maxTextBytes = 1 << 20 }
        #expect(c.texts.map(\.text) == ["{\"a\":1}", "{\"b\":2}"])
        #expect(c.issues.map(\.kind) == [.textTooLarge])
        #expect(c.issues.first?.offset == 8)
        #expect(c.issues.first?.line == 2)
        // With the default limit, a 10 MB line is an ordinary text.
        #expect(readAll(unit(path)).texts.count == 3)
    }

    @Test func rangesOfASplitFileCoverEveryLineExactlyOnce() throws {
        let dir = TemporaryDirectory()
        var body = "", expected: [String] = []
        var rng = SystemRandomNumberGenerator()
        for i in 0..<3000 {
            let line = "{\"i\":\(i),\"p\":\"\(String(repeating: "z", count: Int.random(in: 0...300, using: &rng)))\"}"
            expected.append(line)
            body += line + "\n"
        }
        let path = try dir.write("split.ndjson", body)
        let size = Int64(body.utf8.count)
        var planner = InputPlanner()
        planner.splitThreshold = 1000
        planner.splitSize = 4099
        let plan = planner.plan([path])
        #expect(plan.units.count > 10)
        var got: [(Int64, String)] = []
        for u in plan.units { got += readAll(u).texts.map { ($0.offset, $0.text) } }
        got.sort { $0.0 < $1.0 }
        #expect(got.map(\.1) == expected)
        #expect(plan.units.reduce(Int64(0)) { $0 + ($1.range.map { $0.upperBound - $0.lowerBound } ?? 0) } == size)
    }

    @Test func plannerWalksDirectoriesInOrderAndReportsMissingPaths() throws {
        let dir = TemporaryDirectory()
        try dir.write("b/2.json", "{}")
        try dir.write("a/1.json", "{}")
        try dir.write(".hidden.json", "{}")
        let plan = InputPlanner().plan([dir.path, dir.path + "/nope"])
        #expect(plan.files.map { ($0.path as NSString).lastPathComponent } == ["1.json", "2.json"])
        #expect(plan.issues.map(\.kind) == [.notFound])
    }

    @Test func emptyFileGivesNoText() throws {
        let dir = TemporaryDirectory()
        #expect(readAll(unit(try dir.write("empty.json", ""))).texts.isEmpty)
        #expect(readAll(unit(try dir.write("blank.json", "\n \n\t\n"))).texts.isEmpty)
    }
}
