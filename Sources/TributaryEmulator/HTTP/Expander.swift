import TributaryCatalog

/// Replaces ids with the objects they name, for `expand[]`.
struct Expander {
    let state: EmulatorState
    let account: String?

    /// Expands `paths` (`data.customer` in lists, `customer` on a single object) in each object.
    func expand(_ objects: [[UInt8]], paths: [String], prefix: String) throws(EmulatorError) -> [[UInt8]] {
        var fields: [String] = []
        for path in paths {
            guard path.hasPrefix(prefix) else {
                throw .invalidRequest("This property cannot be expanded (\(path)).", param: "expand")
            }
            let field = String(path.dropFirst(prefix.count))
            guard !field.isEmpty, !field.contains(".") else {
                throw .invalidRequest("This property cannot be expanded (\(path)). The emulator expands one level.", param: "expand")
            }
            fields.append(field)
        }
        return try objects.map { (bytes: [UInt8]) throws(EmulatorError) -> [UInt8] in
            guard var value = try? JSONValue.decode(bytes) else { return bytes }
            for field in fields {
                guard let current = value[field] else {
                    throw .invalidRequest("This property cannot be expanded (\(prefix)\(field)).", param: "expand")
                }
                guard let id = current.stringValue, let found = try lookup(id) else { continue }
                value = value.setting(field, to: found)
            }
            return JSONWriter.bytes(value)
        }
    }

    /// The stored object with the id, in whichever top-level collection holds it.
    private func lookup(_ id: String) throws(EmulatorError) -> JSONValue? {
        let collections = state.generator.servedCollections.filter { $0.parent == nil }
        let bytes = try state.withAccount(account) { (data: inout AccountData) throws(EmulatorError) -> [UInt8]? in
            for c in collections {
                if let p = data[c.name].index[id] { return data[c.name].objects[p].json }
            }
            return nil
        }
        return bytes.flatMap { try? JSONValue.decode($0) }
    }
}
