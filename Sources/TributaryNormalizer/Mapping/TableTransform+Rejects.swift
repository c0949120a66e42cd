import TributaryCatalog
import Foundation

extension TableTransform {
    /// A rejected object of this table's collection with its excluded and hashed fields removed from the
    /// raw JSON, so that `_tributary_rejects` does not keep what the table leaves out.
    ///
    /// Rejects of other collections pass unchanged; JSON that does not parse is replaced by `{}`, since
    /// it cannot be checked.
    public func apply(to reject: Reject) -> Reject {
        guard reject.collection == table, !scrubbedPaths.isEmpty else { return reject }
        var scrubbed = reject
        guard var object = try? JSONValue(parsing: Data(reject.rawJSON.utf8)) else {
            scrubbed.rawJSON = "{}"
            return scrubbed
        }
        for path in scrubbedPaths { object = Self.removing(path[...], from: object) }
        scrubbed.rawJSON = JSONText.of(object)
        return scrubbed
    }

    private static func removing(_ path: ArraySlice<String>, from value: JSONValue) -> JSONValue {
        guard let key = path.first, case let .object(members) = value else { return value }
        if path.count == 1 { return .object(members.filter { $0.0 != key }) }
        return .object(members.map { $0.0 == key ? ($0.0, removing(path.dropFirst(), from: $0.1)) : $0 })
    }
}
