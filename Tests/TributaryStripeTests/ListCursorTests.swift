import Testing
import TributaryCatalog
@testable import TributaryStripe

@Suite struct ListCursorTests {
    private func object(_ id: String) -> JSONValue {
        .object([("id", .string(id)), ("object", .string("customer"))])
    }

    private func page(_ ids: [String], hasMore: Bool) -> StripeListPage {
        StripeListPage(objects: ids.map(object), hasMore: hasMore, url: "/v1/customers", requestId: "req_1")
    }

    private func ids(_ page: StripeListPage) -> [String] {
        page.objects.compactMap { $0["id"]?.stringValue }
    }

    @Test func advancesToTheLastIdUntilHasMoreIsFalse() throws {
        var cursor = ListCursor()
        #expect(cursor.startingAfter == nil)
        let accepted1 = try cursor.accept(page(["c3", "c2"], hasMore: true), request: nil)
        #expect(ids(accepted1) == ["c3", "c2"])
        #expect(cursor.startingAfter == "c2")
        #expect(!cursor.isFinished)
        let accepted2 = try cursor.accept(page(["c1"], hasMore: false), request: nil)
        #expect(ids(accepted2) == ["c1"])
        #expect(cursor.isFinished)
    }

    @Test func dropsRepeatsFromThePreviousPageButContinuesAfterTheLastSentObject() throws {
        var cursor = ListCursor()
        _ = try cursor.accept(page(["c5", "c4", "c3"], hasMore: true), request: nil)
        let second = try cursor.accept(page(["c3", "c2"], hasMore: true), request: nil)
        #expect(ids(second) == ["c2"])
        // The next page repeats only c2; its last object is a repeat, yet the cursor must move past it.
        let third = try cursor.accept(page(["c2", "c1"], hasMore: true), request: nil)
        #expect(ids(third) == ["c1"])
        let fourth = try cursor.accept(page(["c1"], hasMore: false), request: nil)
        #expect(fourth.objects.isEmpty)
        #expect(cursor.isFinished)
    }

    @Test func dropsRepeatsWithinOnePage() throws {
        var cursor = ListCursor()
        let accepted3 = try cursor.accept(page(["a", "b", "a"], hasMore: false), request: nil)
        #expect(ids(accepted3) == ["a", "b"])
    }

    @Test func remembersOnlyThePreviousPage() throws {
        var cursor = ListCursor()
        _ = try cursor.accept(page(["a"], hasMore: true), request: nil)
        _ = try cursor.accept(page(["b"], hasMore: true), request: nil)
        // Forward paging cannot bring back "a" two pages later, so it is not remembered (bounded memory).
        let accepted4 = try cursor.accept(page(["a", "c"], hasMore: false), request: nil)
        #expect(ids(accepted4) == ["a", "c"])
    }

    @Test func emptyPageClaimingMoreIsAnError() throws {
        var cursor = ListCursor()
        #expect(throws: StripeError.self) { try cursor.accept(page([], hasMore: true), request: "GET /v1/customers") }
        do {
            _ = try cursor.accept(page([], hasMore: true), request: "GET /v1/customers")
        } catch let error as StripeError {
            #expect(error.code == .unexpectedResponse)
            #expect(error.requestId == "req_1")
        }
        var empty = ListCursor()
        let emptyPage = try empty.accept(page([], hasMore: false), request: nil)
        #expect(emptyPage.objects.isEmpty)
        #expect(empty.isFinished)
    }

    @Test func aCursorThatDoesNotMoveIsAnError() throws {
        var cursor = ListCursor(startingAfter: "c2")
        #expect(throws: StripeError.self) { try cursor.accept(page(["c3", "c2"], hasMore: true), request: nil) }
    }

    @Test func aLastObjectWithoutIdCannotBeContinued() throws {
        var cursor = ListCursor()
        let noID = StripeListPage(objects: [.object([("object", .string("line_item"))])], hasMore: true, url: nil, requestId: nil)
        #expect(throws: StripeError.self) { try cursor.accept(noID, request: nil) }
        var last = ListCursor()
        let finalPage = StripeListPage(objects: [.object([("amount", .int(1))])], hasMore: false, url: nil, requestId: nil)
        let accepted = try last.accept(finalPage, request: nil)
        #expect(accepted.objects.count == 1)
    }

    @Test func readsListBodies() throws {
        let body: JSONValue = .object([
            ("object", .string("list")), ("url", .string("/v1/invoices/in_1/lines")),
            ("has_more", .bool(true)), ("data", .array([object("il_1")])),
        ])
        let page = try StripeListPage(list: body, requestId: "req_9", request: nil)
        #expect(page.hasMore)
        #expect(page.url == "/v1/invoices/in_1/lines")
        #expect(ids(page) == ["il_1"])
        #expect(throws: StripeError.self) {
            try StripeListPage(list: .object([("data", .array([]))]), requestId: nil, request: nil)
        }
        #expect(throws: StripeError.self) { try StripeListPage(list: .null, requestId: nil, request: nil) }
    }
}
