/// One page of a list.
struct ListPage: Sendable {
    var objects: [StoredObject]
    var hasMore: Bool
}

extension CollectionData {
    /// Lists objects newest first, as Stripe does, honouring paging, `created` bounds and filters.
    ///
    /// - Parameters:
    ///   - parentID: restricts the list to one parent's children.
    ///   - include: an extra test (a subscription's default status filter, event retention).
    func list(_ request: ListRequest, parentID: String? = nil,
              include: (StoredObject) -> Bool = { _ in true }) throws(EmulatorError) -> ListPage {
        // Candidate positions, oldest first: a parent's children, or the slice of the whole collection
        // that the `created` bounds allow (a range, so that a page costs nothing per object held).
        if let parentID {
            return try page(request, positions: byParent[parentID] ?? [], include: include)
        }
        let lo = lowerPosition(created: request.lowerBound)
        let hi = max(lo, lowerPosition(created: request.upperBound == .max ? .max : request.upperBound + 1))
        return try page(request, positions: lo..<hi, include: include)
    }

    private func page<Positions: RandomAccessCollection<Int>>(
        _ request: ListRequest, positions: Positions, include: (StoredObject) -> Bool
    ) throws(EmulatorError) -> ListPage {
        func matches(_ o: StoredObject) -> Bool {
            guard !o.deleted, o.created >= request.lowerBound, o.created <= request.upperBound else { return false }
            for (k, v) in request.equals where o.filters[k] != v { return false }
            if !request.types.isEmpty, let type = o.filters["type"], !request.types.contains(type) { return false }
            return include(o)
        }
        let limit = request.limit
        if let cursor = request.endingBefore {
            let start = try cursorOffset(cursor, in: positions, param: "ending_before")
            var picked: [StoredObject] = []
            var i = start + 1
            while i < positions.count, picked.count <= limit {
                let o = objects[position(positions, i)]
                if matches(o) { picked.append(o) }
                i += 1
            }
            let hasMore = picked.count > limit
            return ListPage(objects: Array(picked.prefix(limit).reversed()), hasMore: hasMore)
        }
        var i = positions.count - 1
        if let cursor = request.startingAfter {
            i = try cursorOffset(cursor, in: positions, param: "starting_after") - 1
        }
        var picked: [StoredObject] = []
        picked.reserveCapacity(limit + 1)
        while i >= 0, picked.count <= limit {
            let o = objects[position(positions, i)]
            if matches(o) { picked.append(o) }
            i -= 1
        }
        let hasMore = picked.count > limit
        if hasMore { picked.removeLast() }
        return ListPage(objects: picked, hasMore: hasMore)
    }

    private func position<Positions: RandomAccessCollection<Int>>(_ positions: Positions, _ offset: Int) -> Int {
        positions[positions.index(positions.startIndex, offsetBy: offset)]
    }

    /// The offset of the cursor object among the candidate positions.
    private func cursorOffset<Positions: RandomAccessCollection<Int>>(
        _ id: String, in positions: Positions, param: String
    ) throws(EmulatorError) -> Int {
        let found = index[id]
        var insertion = 0
        if let found {
            // Positions are sorted, so the offset is found by binary search.
            var lo = 0, hi = positions.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if position(positions, mid) < found { lo = mid + 1 } else { hi = mid }
            }
            if lo < positions.count, position(positions, lo) == found { return lo }
            insertion = lo
        }
        // Ids unique only within a parent (an account's capabilities) are found among its children.
        if positions.count <= 10_000,
           let offset = (0..<positions.count).first(where: { objects[position(positions, $0)].id == id }) {
            return offset
        }
        guard found != nil else {
            throw .invalidRequest("No such object: '\(id)'", param: param, code: "resource_missing")
        }
        // A cursor outside the candidates (outside the created range) still orders the list: paging
        // continues from its place in time.
        return param == "ending_before" ? insertion - 1 : insertion
    }

    /// The first position whose `created` is at least `created`.
    func lowerPosition(created: Int64) -> Int {
        var lo = 0, hi = objects.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if objects[mid].created < created { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
