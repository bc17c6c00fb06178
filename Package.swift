// swift-tools-version: 6.1
import PackageDescription
import Foundation

/// Settings every Swift target shares: explicit existentials, internal imports unless a module's
/// types are part of the public API, and imports that are visible only where they are written.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// For modules whose mutable state lives in objects one thread owns at a time (a scan worker's
/// reader, decoder and recorder; an evaluation and its judges): release builds skip the dynamic
/// exclusivity checks on every access to them. Debug builds, and so the tests, keep the checks.
let ownedByOneThread: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

/// simdjson's On-Demand front end is compiled for one instruction set (the DOM API dispatches at
/// run time); without these flags it silently falls back to its scalar kernel.
#if arch(x86_64)
let simdjsonFlags = ["-O3", "-march=haswell"]
#else
let simdjsonFlags = ["-O3"]
#endif

var products: [Product] = [
    .executable(name: "vigil", targets: ["vigil"]),
    .executable(name: "vigil-bench", targets: ["vigil-bench"]),
    .library(name: "VigilEngine", targets: ["VigilEngine"]),
    .library(name: "VigilServe", targets: ["VigilServe"]),
]

var targets: [Target] = [
    // Vocabulary: events, entities, alerts, severities. No I/O.
    .target(name: "VigilCore", swiftSettings: swiftSettings),

    // simdjson behind a small C API (direct C++ interop does not resolve simdjson's overloads).
    .target(
        name: "CVigilJSON",
        cxxSettings: [.unsafeFlags(simdjsonFlags)],
        linkerSettings: [.linkedLibrary("simdjson")]
    ),
    // zlib (streaming) and libdeflate (whole buffers) behind a small C API.
    .target(
        name: "CVigilCompress",
        cSettings: [.unsafeFlags(["-O3"])],
        linkerSettings: [.linkedLibrary("z"), .linkedLibrary("deflate")]
    ),
    // SHA-256 for ATT&CK content hashes (no CryptoKit on Linux, no swift-crypto in the mirror).
    .target(name: "CVigilSHA256", cSettings: [.unsafeFlags(["-O3"])]),
    // libmaxminddb (MaxMind DB reader), found through pkg-config.
    .systemLibrary(name: "CMaxMindDB", pkgConfig: "libmaxminddb", providers: [.apt(["libmaxminddb-dev"])]),

    // Files, directories, stdin; decompression; framing into JSON texts. No knowledge of analytics.
    // Readers and decoders are classes each scan worker owns alone, so release builds skip the
    // per-access exclusivity checks on them (as for the engine); debug builds keep them.
    .target(name: "VigilIngest", dependencies: ["VigilCore", "CVigilCompress"], swiftSettings: swiftSettings + ownedByOneThread),
    // Vendor record → typed event.
    .target(name: "VigilParsers", dependencies: ["VigilCore", "VigilIngest", "CVigilJSON"], swiftSettings: swiftSettings + ownedByOneThread),
    // Network-device telemetry: syslog framing (RFC 3164/5424 and device quirks), vendor AAA/CLI
    // messages and TACACS+ accounting → typed device events, with secrets redacted. Pure parsing.
    .target(name: "VigilNetwork", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
    // The organisation's context, from YAML, validated with located errors.
    .target(
        name: "VigilConfig",
        dependencies: ["VigilCore", .product(name: "Yams", package: "Yams")],
        swiftSettings: swiftSettings
    ),
    // Detection primitives and analytics. (AN0861's evaluation is owned by one thread; each
    // judging slice has its own judge.)
    .target(
        name: "VigilAnalytics",
        dependencies: ["VigilCore", "VigilConfig", "VigilNetwork"],
        swiftSettings: swiftSettings + ownedByOneThread
    ),
    // SQLite store through GRDB.
    .target(
        name: "VigilStore",
        dependencies: ["VigilCore", .product(name: "GRDB", package: "GRDB.swift")],
        swiftSettings: swiftSettings
    ),
    // The ATT&CK knowledge base: STIX bundles read, canonicalised and hashed; releases, diffs,
    // histories and relationships over the store.
    .target(name: "VigilAttack", dependencies: ["VigilStore", "CVigilSHA256", "CVigilCompress"], swiftSettings: swiftSettings),
    // Alert renderers: table, JSON lines, OCSF Detection Finding.
    .target(name: "VigilOutput", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
    // Geolocation and ASN of IP addresses from MaxMind DB files, read with libmaxminddb.
    .target(name: "VigilGeo", dependencies: ["VigilCore", "CMaxMindDB"], swiftSettings: swiftSettings),
    // The batch scan: readers → parsers → analytics → alerts, in parallel across files.
    .target(
        name: "VigilEngine",
        dependencies: ["VigilCore", "VigilIngest", "VigilParsers", "VigilNetwork", "VigilConfig", "VigilAnalytics", "VigilStore", "VigilOutput", "VigilGeo", "VigilAttack"],
        // Each scan worker's state is confined to its thread by construction (one worker per
        // iteration of concurrentPerform).
        swiftSettings: swiftSettings + ownedByOneThread
    ),
    // The live service: syslog (UDP/TCP/TLS), HTTP and directory-watch inputs into a durable spool,
    // micro-batches of sealed spool segments through the batch engine, alert sinks, metrics.
    .target(
        name: "VigilServe",
        dependencies: [
            "VigilCore", "VigilConfig", "VigilStore", "VigilOutput", "VigilEngine", "VigilConsole", "CVigilCompress",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOExtras", package: "swift-nio-extras"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ],
        swiftSettings: swiftSettings
    ),
    // The web console and REST API (Hummingbird) over a store and a configuration: routes, a
    // request context with the authenticated principal, tokens, users, sessions, triage, audit.
    // `vigil console` runs it alone; `vigil serve` mounts the same routes.
    .target(
        name: "VigilConsole",
        dependencies: [
            "VigilCore", "VigilConfig", "VigilStore", "VigilAttack", "VigilEngine", "VigilAnalytics", "VigilNetwork", "CVigilSHA256",
            "CVigilCompress",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ],
        resources: [.copy("Resources")],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "vigil",
        dependencies: [
            "VigilConfig", "VigilEngine", "VigilAttack", "VigilServe", "VigilConsole",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
    // Measures the limits the scan is compared against (simdjson parse-only, zlib/libdeflate
    // decompress-only) on the same bytes.
    .executableTarget(
        name: "vigil-bench",
        dependencies: ["VigilIngest", "CVigilJSON", "CVigilCompress"],
        swiftSettings: swiftSettings
    ),
    // Fixtures (with provenance), golden files, temporary folders, and running the built binary.
    .target(
        name: "VigilTestSupport",
        dependencies: ["VigilCore"],
        resources: [.copy("Fixtures")],
        swiftSettings: swiftSettings
    ),

    .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "VigilIngestTests", dependencies: ["VigilIngest", "VigilTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "VigilParsersTests", dependencies: ["VigilParsers", "VigilTestSupport"], swiftSettings: swiftSettings),
    // Framing, vendor messages, redaction and account commands, on real-format lines and the corpus.
    .testTarget(name: "VigilNetworkTests", dependencies: ["VigilNetwork", "VigilTestSupport"], swiftSettings: swiftSettings),
    .testTarget(
        name: "VigilConfigTests",
        dependencies: ["VigilConfig"],
        resources: [.copy("Fixtures")],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "VigilAnalyticsTests", dependencies: ["VigilAnalytics", "VigilNetwork", "VigilTestSupport"], swiftSettings: swiftSettings),
    // Canonical JSON, SHA-256, bundle import, diffs and relationships; the attack and analytics
    // commands through the built binary.
    .testTarget(name: "VigilAttackTests", dependencies: ["VigilAttack", "VigilStore", "VigilAnalytics", "VigilCore", "VigilTestSupport", "vigil"], swiftSettings: swiftSettings),
    .testTarget(name: "VigilGeoTests", dependencies: ["VigilGeo", "VigilTestSupport"], swiftSettings: swiftSettings),
    .testTarget(
        name: "VigilEngineTests",
        dependencies: ["VigilEngine", "VigilConfig", "VigilTestSupport", "vigil"],
        exclude: ["Golden"],
        swiftSettings: swiftSettings
    ),
    // Spool, framing, inputs with real clients (logger, openssl, curl), sinks, crash recovery
    // through the built binary.
    .testTarget(
        name: "VigilServeTests",
        dependencies: [
            "VigilServe", "VigilConsole", "VigilEngine", "VigilConfig", "VigilStore", "VigilCore", "VigilTestSupport", "vigil",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ],
        swiftSettings: swiftSettings
    ),
    // The REST API and console in process (HummingbirdTesting): every route, every role, CSRF,
    // escaping, the OpenAPI document against the router.
    .testTarget(
        name: "VigilConsoleTests",
        dependencies: ["VigilConsole", "VigilStore", "VigilAttack", "VigilEngine", "VigilCore", "VigilTestSupport", "vigil",
                       .product(name: "HummingbirdTesting", package: "hummingbird")],
        swiftSettings: swiftSettings
    ),
]

// libFuzzer targets have no `main`; they only link with `swift build --sanitize fuzzer`, so they
// are part of the package only when scripts/fuzz.sh asks for them.
if ProcessInfo.processInfo.environment["VIGIL_FUZZ"] != nil {
    targets += [
        .executableTarget(name: "FuzzRecordReader", dependencies: ["VigilIngest", "VigilParsers"], path: "Fuzz/FuzzRecordReader"),
        .executableTarget(name: "FuzzJSONExtract", dependencies: ["VigilParsers"], path: "Fuzz/FuzzJSONExtract"),
        .executableTarget(name: "FuzzSyslog", dependencies: ["VigilCore", "VigilNetwork"], path: "Fuzz/FuzzSyslog"),
    ]
}

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already a dependency of Hummingbird; named for HTTPField.Name (custom header names).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: targets,
    cxxLanguageStandard: .cxx17
)
