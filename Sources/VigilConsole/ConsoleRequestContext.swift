import HTTPTypes
public import Hummingbird

/// What the console's routes need of a request context: a place for the authenticated caller.
/// `vigil serve` may use its own context type conforming to this, or `ConsoleRequestContext`.
public protocol ConsoleRequestContextProtocol: RequestContext {
    /// Set by the console's routes once the request is authenticated.
    var consoleIdentity: ConsoleIdentity? { get set }
}

/// The console's request context.
public struct ConsoleRequestContext: ConsoleRequestContextProtocol {
    public var coreContext: CoreRequestContextStorage
    public var consoleIdentity: ConsoleIdentity?

    /// A context for a request from the application's server.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.consoleIdentity = nil
    }
}
