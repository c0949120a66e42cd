import Foundation
import TributaryWarehouse

/// Where the events stream was last read up to.
struct EventsCursor: Codable, Sendable, Hashable {
    /// The newest event applied (or, before any run applied one, the newest that existed when the first
    /// backfill began), if there was any.
    var id: String?
    /// Its `created`, or the moment the cursor was taken when there was no event.
    var created: Int64
}

/// How far a collection's backfill or created-cursor sync has come.
struct CollectionCheckpoint: Codable, Sendable, Hashable {
    /// The upper bound of the backfill: objects created later come from events or the next run.
    var upper: Int64
    /// Unfinished slices of a created-filtered backfill.
    var slices: [Slice]?
    /// The cursor of a sequential backfill (lists without `created`), per partition value ("" for none).
    var cursors: [String: String]?
    /// Partitions (or the single sequential list, "") already paged to the end.
    var finished: [String]?
    /// Whether the backfill has ended.
    var complete: Bool
    /// For collections without creation events: the highest `created` loaded, from which the next run
    /// lists again (minus a lookback).
    var createdHighWater: Int64?
}

/// The keys of a source's state in `_tributary_state`; a connected account's keys carry its id, so one
/// source holds the state of the platform and of every connected account side by side.
struct StateKey: Sendable {
    let account: String?

    private var prefix: String { account.map { "\($0)/" } ?? "" }
    var events: String { prefix + "events.cursor" }
    /// The schema and table prefix the state was kept for.
    var location: String { prefix + "location" }
    func collection(_ name: String) -> String { prefix + "collection.\(name)" }
}

extension Namespace {
    /// Where the source's tables are, as its state records it: `schema.prefix*`.
    var stateLocation: String { "\(schema).\(tablePrefix)*" }
}

enum StateCoding {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
