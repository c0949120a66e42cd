import TributaryCatalog

/// What a request path asks for.
enum Route: Sendable {
    /// A list: the collection, and the parent's id for lists nested in a path.
    case list(CollectionDescriptor, parentID: String?)
    /// One object by id.
    case retrieve(CollectionDescriptor, id: String)
}

/// Matches request paths against the catalog's endpoints.
struct RouteTable: Sendable {
    private struct Entry: Sendable {
        var segments: [Substring]
        var collection: CollectionDescriptor
        var retrieve: Bool
    }

    private let entries: [Entry]

    init(collections: [CollectionDescriptor]) {
        var entries: [Entry] = []
        for c in collections {
            let segments = c.path.split(separator: "/")
            entries.append(Entry(segments: segments, collection: c, retrieve: false))
            if c.parent == nil || c.parent.map({ if case .queryParameter = $0.access { true } else { false } }) == true {
                entries.append(Entry(segments: segments + ["{id}"], collection: c, retrieve: true))
            }
        }
        self.entries = entries
    }

    func match(_ path: String) -> Route? {
        let parts = path.split(separator: "/")
        // Exact endpoints win over retrieves (`/v1/checkout/sessions` is not `/v1/checkout/{id}`).
        var best: (route: Route, literal: Int)?
        for entry in entries where entry.segments.count == parts.count {
            var parameter: String?
            var literal = 0
            var ok = true
            for (pattern, part) in zip(entry.segments, parts) {
                if pattern.hasPrefix("{") {
                    parameter = String(part)
                    if pattern == "{id}", entry.retrieve { continue }
                } else if pattern == part {
                    literal += 1
                } else {
                    ok = false
                    break
                }
            }
            guard ok, literal > (best?.literal ?? -1) else { continue }
            if entry.retrieve {
                best = (.retrieve(entry.collection, id: String(parts.last!)), literal)
            } else {
                best = (.list(entry.collection, parentID: parameter), literal)
            }
        }
        return best?.route
    }

    /// The endpoint template a path matched, for statistics.
    static func template(of route: Route) -> String {
        switch route {
        case let .list(c, _): c.path
        case let .retrieve(c, _): c.path + "/{id}"
        }
    }
}
