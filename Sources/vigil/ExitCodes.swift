import ArgumentParser

/// Exit codes, as documented in `vigil scan --help` and the README (sysexits.h values where one fits).
enum ExitCodes {
    /// Alerts were found and `--fail-on-alert` was given.
    static let alertsFound = ExitCode(1)
    /// No input path exists.
    static let noInput = ExitCode(66)
    /// The store could not be written.
    static let ioError = ExitCode(74)
    /// The configuration is invalid.
    static let configError = ExitCode(78)
}

extension ExitCodes {
    /// Input data is malformed (an ATT&CK bundle that is not JSON, or not a bundle).
    static let dataError = ExitCode(65)
}

extension ExitCodes {
    /// A service could not be started (`vigil serve`: a listener could not bind).
    static let unavailable = ExitCode(69)
}
