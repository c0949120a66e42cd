import Testing
@testable import TributaryNormalizer

@Suite struct SchemaEvolutionTests {
    let base = TableSchema(name: "things", columns: [ColumnSchema("id", .text, role: .key), ColumnSchema("n", .integer)],
                           primaryKey: ["id"])

    @Test func anUnseenColumnIsAdded() {
        var schema = base
        let columns = ColumnList([ColumnSchema("id", .text, role: .key), ColumnSchema("color", .text, path: "color")])
        let changes = schema.evolve(toHold: columns, rows: [[.text("t_1"), .text("red")]])
        #expect(schema.columns.map(\.name) == ["id", "n", "color"])
        #expect(changes == [SchemaChange(table: "things", column: ColumnSchema("color", .text, path: "color"), kind: .addedColumn)])
        #expect(schema.evolve(toHold: columns, rows: [[.text("t_2"), .text("blue")]]).isEmpty)
    }

    @Test func typesWidenIntegerToRealToTextAndAreRecorded() {
        var schema = base
        let columns = ColumnList([ColumnSchema("id", .text, role: .key), ColumnSchema("n", .integer)])
        #expect(schema.evolve(toHold: columns, rows: [[.text("a"), .integer(1)], [.text("b"), .null]]).isEmpty)
        let toReal = schema.evolve(toHold: columns, rows: [[.text("a"), .real(1.5)]])
        #expect(toReal.map(\.kind) == [.widenedColumn(from: .integer)])
        #expect(schema.column("n")?.type == .real)
        #expect(schema.evolve(toHold: columns, rows: [[.text("a"), .integer(2)]]).isEmpty, "a real column holds integers")
        let toText = schema.evolve(toHold: columns, rows: [[.text("a"), .text("many")]])
        #expect(toText.map(\.kind) == [.widenedColumn(from: .real)])
        #expect(schema.column("n")?.type == .text)
        #expect(schema.evolve(toHold: columns, rows: [[.text("a"), .boolean(true)], [.text("b"), .json("{}")]]).isEmpty)
    }

    @Test func otherConflictsWidenToText() {
        #expect(ColumnType.boolean.widened(with: .integer) == .text)
        #expect(ColumnType.timestamp.widened(with: .real) == .text)
        #expect(ColumnType.integer.widened(with: .real) == .real)
        #expect(ColumnType.json.widened(with: .integer) == .json)
    }

    @Test func columnsAreNeverDropped() {
        var schema = base
        _ = schema.evolve(toHold: ColumnList([ColumnSchema("id", .text, role: .key)]), rows: [[.text("a")]])
        #expect(schema.columns.map(\.name) == ["id", "n"])
    }

    @Test func aNewColumnTakesTheTypeOfItsValues() {
        var schema = base
        let columns = ColumnList([ColumnSchema("id", .text, role: .key), ColumnSchema("ratio", .integer)])
        let changes = schema.evolve(toHold: columns, rows: [[.text("a"), .integer(1)], [.text("b"), .real(0.5)]])
        #expect(changes.count == 1)
        #expect(changes.first?.kind == .addedColumn)
        #expect(changes.first?.column.type == .real)
        #expect(schema.column("ratio")?.type == .real)
    }

    @Test func valuesAreConvertedForWiderColumns() {
        #expect(Value.integer(3).converted(to: .real) == .real(3))
        #expect(Value.integer(3).converted(to: .text) == .text("3"))
        #expect(Value.timestamp(0).converted(to: .text) == .text("1970-01-01 00:00:00"))
        #expect(Value.text("x").converted(to: .json) == .json(#""x""#))
        #expect(Value.boolean(true).converted(to: .text) == .text("true"))
        #expect(Value.null.converted(to: .text) == .null)
    }
}
