import HTTPTypes
import Foundation

/// The OpenAPI 3.1 document of the REST API (Resources/openapi.json), served at /openapi.json.
public enum OpenAPIDocument {
    /// The document's text.
    public static func text() throws -> String {
        guard let url = Bundle.module.url(forResource: "Resources/openapi", withExtension: "json")
            ?? Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw ConsoleError(.internalServerError, "openapi.json is missing from the VigilConsole bundle")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
