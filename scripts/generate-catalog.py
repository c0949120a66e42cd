#!/usr/bin/env python3
"""Derives Tributary's collection catalog from Stripe's OpenAPI spec.

Reads ../shared/stripe-openapi/spec3.json (and fixtures3.json for id prefixes) and writes Swift source
under Sources/TributaryCatalog/Generated/. Run it again when the spec changes:

    python3 scripts/generate-catalog.py [--spec PATH] [--fixtures PATH] [--out DIR]

Everything that cannot be read off the spec (Segment's table names, which lists are aliases, how event
type names map onto objects) is an explicit table in this file, each entry with its reason.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# List endpoints that are not collections of their own. tests/ check that every list endpoint of the
# spec is either a collection or here, so a new endpoint cannot go unnoticed.
EXCLUDED = {
    "/v1/account/capabilities": "the key's own account; connected accounts' lists are synced through accounts",
    "/v1/account/external_accounts": "the key's own account; connected accounts' lists are synced through accounts",
    "/v1/account/people": "the key's own account; connected accounts' lists are synced through accounts",
    "/v1/account/persons": "the key's own account; connected accounts' lists are synced through accounts",
    "/v1/accounts/{account}/people": "alias of /v1/accounts/{account}/persons",
    "/v1/balance/history": "alias of /v1/balance_transactions",
    "/v1/bitcoin/receivers/{receiver}/transactions": "alias of /v1/bitcoin/transactions?receiver=",
    "/v1/charges/search": "search: eventually consistent, 20 req/s, not for extraction",
    "/v1/customers/search": "search: eventually consistent, 20 req/s, not for extraction",
    "/v1/invoices/search": "search: eventually consistent, 20 req/s, not for extraction",
    "/v1/payment_intents/search": "search: eventually consistent, 20 req/s, not for extraction",
    "/v1/prices/search": "search: eventually consistent, 20 req/s, not for extraction",
    "/v1/products/search": "search: eventually consistent, 20 req/s, not for extraction",
    "/v1/subscriptions/search": "search: eventually consistent, 20 req/s, not for extraction",
    "/v1/charges/{charge}/refunds": "alias of /v1/refunds?charge=; every refund is in refunds",
    "/v1/credit_notes/preview/lines": "preview of a credit note that does not exist yet",
    "/v1/invoices/upcoming/lines": "preview of the next invoice, not a stored object",
    "/v1/customers/{customer}/payment_methods": "alias of /v1/payment_methods?customer=",
    "/v1/customers/{customer}/sources": "the same objects as cards and bank_accounts",
    "/v1/customers/{customer}/subscriptions": "alias of /v1/subscriptions?customer=",
    "/v1/subscription_items/{subscription_item}/usage_record_summaries": "per-item usage summaries, recomputed by Stripe",
    "/v1/sources/{source}/source_transactions": "sources have no list endpoint to reach them from",
    "/v1/test_helpers/test_clocks": "test helper, absent in live mode",
}

# Table names: Segment's and Adobe's where users know them, otherwise the path's own words.
TABLE_NAMES = {
    "/v1/files": "file_uploads",                      # Segment's name for today's files
    "/v1/invoiceitems": "invoice_items",
    "/v1/invoices/{invoice}/lines": "invoice_lines",
    "/v1/application_fees/{id}/refunds": "application_fee_refunds",
    "/v1/transfers/{id}/reversals": "transfer_reversals",
    "/v1/customers/{customer}/cards": "cards",
    "/v1/customers/{customer}/bank_accounts": "bank_accounts",
    "/v1/customers/{customer}/balance_transactions": "customer_balance_transactions",
    "/v1/customers/{customer}/tax_ids": "tax_ids",
    "/v1/accounts/{account}/capabilities": "capabilities",
    "/v1/accounts/{account}/external_accounts": "external_accounts",
    "/v1/accounts/{account}/persons": "persons",
    "/v1/checkout/sessions": "checkout_sessions",
    "/v1/checkout/sessions/{session}/line_items": "checkout_session_line_items",
    "/v1/credit_notes/{credit_note}/lines": "credit_note_lines",
    "/v1/payment_links/{payment_link}/line_items": "payment_link_line_items",
    "/v1/quotes/{quote}/line_items": "quote_line_items",
    "/v1/quotes/{quote}/computed_upfront_line_items": "quote_upfront_line_items",
    "/v1/radar/early_fraud_warnings": "early_fraud_warnings",
    "/v1/bitcoin/receivers": "bitcoin_receivers",
    "/v1/bitcoin/transactions": "bitcoin_transactions",
}

# Lists that need a parent's id in the query rather than the path.
QUERY_PARENTS = {
    "/v1/subscription_items": ("subscriptions", "subscription", "items"),
    "/v1/setup_attempts": ("setup_intents", "setup_intent", None),
    "/v1/radar/value_list_items": ("radar_value_lists", "value_list", "list_items"),
}

# Query parameters always sent: lists that hide objects by default.
FIXED_QUERY = {
    "/v1/subscriptions": {"status": "all"},          # the default hides canceled subscriptions
}

# Lists that require a parameter with a fixed set of values: one listing per value.
PARTITIONS = {
    "/v1/payment_methods": "type",                    # `type` is required by this API version
}

NOTES = {
    "/v1/files": "Stripe's files, under Segment's table name file_uploads",
    "/v1/bitcoin/receivers": "removed by Stripe; skipped with a notice where the API answers 404",
    "/v1/bitcoin/transactions": "removed by Stripe; skipped with a notice where the API answers 404",
    "/v1/subscriptions": "listed with status=all, or canceled subscriptions would be missed",
}

# Objects that never change once created.
IMMUTABLE = {"events", "balance_transactions", "payout_balance_transactions", "file_uploads",
             "bitcoin_transactions", "exchange_rates", "country_specs", "tax_codes", "reporting_report_types"}

# Event names differ from object names for objects that Stripe nests under another in its event types.
EVENT_PREFIX = {
    "subscription": "customer.subscription",
    "dispute": "charge.dispute",
    "refund": "charge.refund",
    "tax_id": "customer.tax_id",
    "discount": "customer.discount",
    "card": "customer.source",
    "bank_account": "customer.source",
    "fee_refund": "application_fee.refund",
    "issuing.authorization": "issuing_authorization",
    "issuing.card": "issuing_card",
    "issuing.cardholder": "issuing_cardholder",
    "issuing.dispute": "issuing_dispute",
    "issuing.transaction": "issuing_transaction",
    "source_transaction": "source.transaction",
}
# External accounts of connected accounts announce themselves as account.external_account.*.
EVENT_PREFIX_BY_TABLE = {"external_accounts": "account.external_account"}
# Verbs that create an object; `deleted` removes it. Everything else is an update.
CREATE_VERBS = {"created", "opened"}
# Event types that do not carry a stored object, or whose `deleted` is not a deletion.
NOT_OBJECT_EVENTS = {"invoice.upcoming"}
DELETE_IS_UPDATE = {
    "customer.subscription.deleted": "a canceled subscription stays listable with status=all",
}

# Embedded structures that become child tables although Stripe does not page them.
EXTRA_CHILDREN = {
    "balance_transactions": [("balance_transaction_fee_details", "fee_details", "fee", "balance_transaction_id")],
    "customers": [("discounts", "discount", "discount", "customer_id")],
    "subscriptions": [("discounts", "discount", "discount", "subscription_id")],
    "invoices": [("discounts", "discounts", "discount", "invoice_id")],
}

# Collections that are not list endpoints of their own but a filter of one, reached per parent.
SYNTHETIC = [
    dict(name="payout_balance_transactions", path="/v1/balance_transactions", schema="balance_transaction",
         parent=("payouts", "query", "payout", "payout_id", None),
         note="which balance transactions each automatic payout settled (balance_transactions?payout=)"),
]


def swift_string(s):
    return json.dumps(s, ensure_ascii=False)


class Deriver:
    def __init__(self, spec, fixtures):
        self.spec = spec
        self.schemas = spec["components"]["schemas"]
        self.fixtures = fixtures
        self.out_schemas = {}
        self.pending = []
        body = spec["paths"]["/v1/webhook_endpoints"]["post"]["requestBody"]["content"]
        self.event_types = [e for e in body["application/x-www-form-urlencoded"]["schema"]["properties"]
                            ["enabled_events"]["items"]["enum"] if e != "*"]

    # Field types -------------------------------------------------------------------------------------

    def ref_name(self, ref):
        return ref.split("/")[-1]

    def want(self, name):
        if name not in self.out_schemas and name not in self.pending:
            self.pending.append(name)
        return name

    def field_type(self, prop, owner, field):
        if "$ref" in prop:
            return ".object(%s)" % swift_string(self.want(self.ref_name(prop["$ref"])))
        if "anyOf" in prop:
            options = prop["anyOf"]
            refs = [self.ref_name(o["$ref"]) for o in options if "$ref" in o]
            has_string = any(o.get("type") == "string" for o in options)
            if has_string and refs:
                return ".expandable([%s])" % ", ".join(swift_string(self.want(r)) for r in refs)
            if len(options) == 1:
                return self.field_type(options[0], owner, field)
            return ".anyOf([%s])" % ", ".join(self.field_type(o, owner, field) for o in options)
        t = prop.get("type")
        if t == "string":
            if "enum" in prop:
                return ".enumeration([%s])" % ", ".join(swift_string(v) for v in prop["enum"])
            if prop.get("format") == "unix-time":
                return ".unixTime"
            return ".string"
        if t == "integer":
            return ".unixTime" if prop.get("format") == "unix-time" else ".integer"
        if t == "number":
            return ".number"
        if t == "boolean":
            return ".boolean"
        if t == "array":
            return ".array(%s)" % self.field_type(prop.get("items", {}), owner, field)
        if t == "object":
            props = prop.get("properties")
            if props and {"data", "has_more", "url"} <= set(props):
                item = props["data"].get("items", {})
                if "$ref" in item:
                    return ".list(%s)" % swift_string(self.want(self.ref_name(item["$ref"])))
                return ".list(%s)" % swift_string(self.inline_any_list(item, owner, field))
            if props:
                name = "%s.%s" % (owner, field)
                self.schemas.setdefault(name, prop)
                return ".object(%s)" % swift_string(self.want(name))
            if "additionalProperties" in prop and isinstance(prop["additionalProperties"], dict):
                return ".map(%s)" % self.field_type(prop["additionalProperties"], owner, field)
            return ".json"
        return ".json"

    def inline_any_list(self, item, owner, field):
        # A polymorphic list (a customer's sources): its items are described by the first option.
        refs = [self.ref_name(o["$ref"]) for o in item.get("anyOf", []) if "$ref" in o]
        return self.want(refs[0]) if refs else "json"

    def emit_schemas(self):
        lines = []
        while self.pending:
            name = self.pending.pop(0)
            if name in self.out_schemas:
                continue
            schema = self.schemas[name]
            props = schema.get("properties", {})
            required = set(schema.get("required", props.keys()))
            fields = []
            for field, prop in props.items():
                ftype = self.field_type(prop, name, field)
                nullable = ", nullable: true" if prop.get("nullable") else ""
                optional = ", optional: true" if field not in required else ""
                fields.append("        Field(%s, %s%s%s)," % (swift_string(field), ftype, nullable, optional))
            self.out_schemas[name] = fields
        return self.out_schemas

    # Collections ------------------------------------------------------------------------------------

    def list_endpoints(self):
        result = []
        for path, ops in self.spec["paths"].items():
            get = ops.get("get")
            if not get:
                continue
            content = get["responses"].get("200", {}).get("content", {}).get("application/json")
            if not content:
                continue
            props = content["schema"].get("properties", {})
            if "data" in props and "has_more" in props:
                result.append((path, get, props["data"]["items"]))
        return result

    def table_name(self, path):
        if path in TABLE_NAMES:
            return TABLE_NAMES[path]
        words = [w for w in path.split("/")[2:] if not w.startswith("{")]
        return "_".join(words).replace("-", "_")

    def id_prefix(self, schema):
        fixture = self.fixtures.get(schema)
        if fixture and isinstance(fixture.get("id"), str) and "_" in fixture["id"]:
            prefix = fixture["id"].split("_")[0]
            if schema == "checkout.session":
                return "cs_test"
            return prefix
        return None

    def events_for(self, table, schema):
        prefix = EVENT_PREFIX_BY_TABLE.get(table) or EVENT_PREFIX.get(schema, schema)
        created, updated, deleted = [], [], []
        for ev in self.event_types:
            if ev in NOT_OBJECT_EVENTS or not ev.startswith(prefix + "."):
                continue
            verb = ev[len(prefix) + 1:]
            if "." in verb:
                continue    # a nested object's event (charge.dispute.created is not about charges)
            if verb in CREATE_VERBS:
                created.append(ev)
            elif verb == "deleted" and ev not in DELETE_IS_UPDATE:
                deleted.append(ev)
            else:
                updated.append(ev)
        return created, updated, deleted

    def derive(self):
        endpoints = self.list_endpoints()
        by_path = {}
        collections = []
        for path, get, item in endpoints:
            if path in EXCLUDED:
                continue
            params = {p["name"]: p for p in get.get("parameters", [])}
            if "$ref" in item:
                schema = self.ref_name(item["$ref"])
            else:
                schema = self.ref_name(item["anyOf"][0]["$ref"])  # external accounts: bank accounts or cards
            table = self.table_name(path)
            c = dict(name=table, path=path, schema=schema, params=params)
            by_path[path] = c
            collections.append(c)
        for c in collections:
            path, params = c["path"], c["params"]
            parent = None
            m = re.match(r"^(/v1/.+)/\{(\w+)\}/\w+$", path)
            if m:
                parent_path, param = m.group(1), m.group(2)
                parent_table = by_path[parent_path]["name"]
                parent = (parent_table, "path", param, fk_for(parent_table), None)
            elif path in QUERY_PARENTS:
                parent_table, param, _ = QUERY_PARENTS[path]
                parent = (parent_table, "query", param, fk_for(parent_table), None)
            c["parent"] = parent
            c["supportsCreated"] = "created" in params
            skip = {"created", "limit", "starting_after", "ending_before", "expand"}
            if parent and parent[1] == "path":
                skip.add(parent[2])
            c["filters"] = sorted(n for n, p in params.items() if n not in skip and p["in"] == "query")
            if path in PARTITIONS:
                param = PARTITIONS[path]
                c["partition"] = (param, params[param]["schema"]["enum"])
        for syn in SYNTHETIC:
            get = self.spec["paths"][syn["path"]]["get"]
            params = {p["name"]: p for p in get.get("parameters", [])}
            c = dict(name=syn["name"], path=syn["path"], schema=syn["schema"], params=params,
                     parent=syn["parent"], supportsCreated="created" in params, note=syn["note"])
            c["filters"] = sorted(n for n, p in params.items()
                                  if n not in {"created", "limit", "starting_after", "ending_before", "expand"})
            collections.append(c)
        # Embedded lists of a parent that a nested collection pages.
        tables = {c["name"]: c for c in collections}
        for c in collections:
            c.setdefault("children", [])
        for c in collections:
            if not c["parent"]:
                continue
            parent_table, access, param, fk, _ = c["parent"]
            parent = tables[parent_table]
            embedded = None
            props = self.schemas[parent["schema"]].get("properties", {})
            for field, prop in props.items():
                sub = prop.get("properties") or {}
                items = sub.get("data", {}).get("items", {})
                if "has_more" in sub and items.get("$ref", "").endswith("/" + c["schema"]):
                    embedded = field
            c["parent"] = (parent_table, access, param, fk, embedded)
            if embedded:
                parent["children"].append((c["name"], embedded, c["schema"], fk, c["name"]))
        for table, extras in EXTRA_CHILDREN.items():
            for (child, field, schema, fk) in extras:
                tables[table]["children"].append((child, field, schema, fk, None))
        for c in collections:
            c["events"] = self.events_for(c["name"], c["schema"])
            c["immutable"] = c["name"] in IMMUTABLE
            if c["parent"]:
                c["syncMethod"] = "viaParent"
            elif c["name"] in ("events",) or c["immutable"] and c["supportsCreated"]:
                c["syncMethod"] = "createdCursor"
            elif c["events"][0]:
                # New objects announce themselves, so events alone keep the table whole.
                c["syncMethod"] = "events"
            elif c["supportsCreated"]:
                # Updates may have events (charge.refund.updated) but creations do not: new objects
                # are found by `created`, and the events still apply the updates.
                c["syncMethod"] = "createdCursor"
            elif c["events"][1] or c["events"][2]:
                c["syncMethod"] = "events"
            elif c["supportsCreated"]:
                c["syncMethod"] = "createdCursor"
            else:
                c["syncMethod"] = "fullRefresh"
            self.want(c["schema"])
            for (_, _, schema, _, _) in c["children"]:
                self.want(schema)
        self.want("event")
        for name in list(self.schemas):
            if name.startswith("deleted_"):
                self.want(name)
        return collections


def fk_for(table):
    singular = {
        "invoices": "invoice", "subscriptions": "subscription", "customers": "customer",
        "application_fees": "application_fee", "transfers": "transfer", "accounts": "account",
        "checkout_sessions": "checkout_session", "credit_notes": "credit_note",
        "payment_links": "payment_link", "quotes": "quote", "setup_intents": "setup_intent",
        "radar_value_lists": "value_list", "payouts": "payout", "bitcoin_receivers": "receiver",
    }
    return singular.get(table, table.rstrip("s")) + "_id"


def render_collection(c):
    parts = ["name: %s" % swift_string(c["name"]), "path: %s" % swift_string(c["path"]),
             "schema: %s" % swift_string(c["schema"]), "objectType: %s" % swift_string(c["objectType"])]
    if c.get("idPrefix"):
        parts.append("idPrefix: %s" % swift_string(c["idPrefix"]))
    if c["parent"]:
        table, access, param, fk, embedded = c["parent"]
        acc = ".pathParameter(%s)" % swift_string(param) if access == "path" else ".queryParameter(%s)" % swift_string(param)
        emb = ", embeddedField: %s" % swift_string(embedded) if embedded else ""
        parts.append("parent: ParentLink(collection: %s, access: %s, foreignKey: %s%s)" %
                     (swift_string(table), acc, swift_string(fk), emb))
    parts.append("supportsCreated: %s" % ("true" if c["supportsCreated"] else "false"))
    if c["filters"]:
        parts.append("filters: [%s]" % ", ".join(swift_string(f) for f in c["filters"]))
    fixed = FIXED_QUERY.get(c["path"]) if c["name"] != "payout_balance_transactions" else None
    if fixed:
        parts.append("fixedQuery: [%s]" % ", ".join("%s: %s" % (swift_string(k), swift_string(v)) for k, v in fixed.items()))
    if c.get("partition"):
        param, values = c["partition"]
        parts.append("partition: QueryPartition(parameter: %s, values: [%s])" %
                     (swift_string(param), ", ".join(swift_string(v) for v in values)))
    if c["immutable"]:
        parts.append("immutable: true")
    created, updated, deleted = c["events"]
    if created or updated or deleted:
        ev = []
        if created:
            ev.append("created: [%s]" % ", ".join(swift_string(e) for e in created))
        if updated:
            ev.append("updated: [%s]" % ", ".join(swift_string(e) for e in updated))
        if deleted:
            ev.append("deleted: [%s]" % ", ".join(swift_string(e) for e in deleted))
        parts.append("events: EventTypes(%s)" % ", ".join(ev))
    parts.append("syncMethod: .%s" % c["syncMethod"])
    if c["children"]:
        kids = []
        for (table, field, schema, fk, paged) in c["children"]:
            p = ", pagedBy: %s" % swift_string(paged) if paged else ""
            kids.append("ChildTable(table: %s, field: %s, schema: %s, foreignKey: %s%s)" %
                        (swift_string(table), swift_string(field), swift_string(schema), swift_string(fk), p))
        parts.append("childTables: [%s]" % ", ".join(kids))
    note = c.get("note") or NOTES.get(c["path"])
    if note:
        parts.append("note: %s" % swift_string(note))
    return "    CollectionDescriptor(\n        " + ",\n        ".join(parts) + "\n    )"


HEADER = "// Generated by scripts/generate-catalog.py from Stripe's OpenAPI spec (%s). Do not edit.\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", default=os.path.join(ROOT, "..", "shared", "stripe-openapi", "spec3.json"))
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "..", "shared", "stripe-openapi", "fixtures3.json"))
    ap.add_argument("--out", default=os.path.join(ROOT, "Sources", "TributaryCatalog", "Generated"))
    args = ap.parse_args()
    spec = json.load(open(args.spec))
    fixtures = json.load(open(args.fixtures))["resources"]
    version = spec["info"]["version"]
    d = Deriver(spec, fixtures)
    collections = d.derive()
    for c in collections:
        schema = d.schemas[c["schema"]]
        obj = schema.get("properties", {}).get("object", {}).get("enum", [c["schema"]])
        c["objectType"] = obj[0]
        c["idPrefix"] = d.id_prefix(c["schema"])
    schemas = d.emit_schemas()

    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".swift"):
            os.remove(os.path.join(args.out, f))
    header = HEADER % version
    with open(os.path.join(args.out, "Catalog+Collections.swift"), "w") as out:
        out.write(header + "\n")
        out.write("extension Catalog {\n")
        out.write("    /// The Stripe API version of the spec the catalog was derived from.\n")
        out.write("    public static let specVersion = %s\n\n" % swift_string(version))
        out.write("    /// The catalog derived from Stripe's spec.\n")
        out.write("    public static let stripe = Catalog(apiVersion: specVersion, collections: generatedCollections, "
                  "schemas: generatedSchemas, excludedEndpoints: generatedExclusions)\n")
        out.write("}\n\n")
        out.write("let generatedCollections: [CollectionDescriptor] = [\n")
        out.write(",\n".join(render_collection(c) for c in collections))
        out.write(",\n]\n\n")
        out.write("/// List endpoints of the spec that are deliberately not collections, with the reason.\n")
        out.write("let generatedExclusions: [String: String] = [\n")
        for path in sorted(EXCLUDED):
            out.write("    %s: %s,\n" % (swift_string(path), swift_string(EXCLUDED[path])))
        out.write("]\n")
    # Schemas go into several files, one static array per schema, so that no single expression is
    # large enough to slow the type checker down.
    names = sorted(schemas)
    chunks = 8
    per = (len(names) + chunks - 1) // chunks
    all_refs = []
    for i in range(chunks):
        part = names[i * per:(i + 1) * per]
        if not part:
            continue
        with open(os.path.join(args.out, "Catalog+Schemas%d.swift" % (i + 1)), "w") as out:
            out.write(header + "\n")
            out.write("enum GeneratedSchemas%d {\n" % (i + 1))
            for j, name in enumerate(part):
                ident = "s%d" % j
                out.write("    static let %s = ObjectSchema(name: %s, fields: [\n" % (ident, swift_string(name)))
                for line in schemas[name]:
                    out.write("    " + line + "\n")
                out.write("    ])\n")
                all_refs.append("GeneratedSchemas%d.%s" % (i + 1, ident))
            out.write("}\n")
    with open(os.path.join(args.out, "Catalog+SchemaIndex.swift"), "w") as out:
        out.write(header + "\n")
        out.write("let generatedSchemas: [ObjectSchema] = [\n")
        for ref in all_refs:
            out.write("    %s,\n" % ref)
        out.write("]\n")
    print("%d collections, %d schemas, %d exclusions" % (len(collections), len(schemas), len(EXCLUDED)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
