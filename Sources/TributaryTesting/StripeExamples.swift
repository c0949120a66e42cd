import Foundation
import TributaryCatalog

/// Objects as Stripe's API reference shows them (API version 2020-08-27), decoded the way Tributary's
/// client decodes responses.
public enum StripeExamples {
    /// Parses an example; the examples are constants, so a parse failure is a bug in this file.
    public static func decode(_ json: String) -> JSONValue {
        try! JSONValue(parsing: Data(json.utf8))
    }

    /// The reference's example charge, with a billing address filled in.
    public static let charge = decode(#"""
    {
      "id": "ch_3MmlLrLkdIwHu7ix0snN0B15",
      "object": "charge",
      "amount": 1099,
      "amount_captured": 1099,
      "amount_refunded": 0,
      "application": null,
      "application_fee": null,
      "application_fee_amount": null,
      "balance_transaction": "txn_3MmlLrLkdIwHu7ix0uke3Ezy",
      "billing_details": {
        "address": {"city": "San Francisco", "country": "US", "line1": "510 Townsend St", "line2": null,
                    "postal_code": "94103", "state": "CA"},
        "email": "jenny.rosen@example.com",
        "name": "Jenny Rosen",
        "phone": null
      },
      "calculated_statement_descriptor": "Stripe",
      "captured": true,
      "created": 1679090539,
      "currency": "usd",
      "customer": null,
      "description": null,
      "disputed": false,
      "failure_balance_transaction": null,
      "failure_code": null,
      "failure_message": null,
      "fraud_details": {},
      "invoice": null,
      "livemode": false,
      "metadata": {"order_id": "6735"},
      "on_behalf_of": null,
      "outcome": {
        "network_status": "approved_by_network",
        "reason": null,
        "risk_level": "normal",
        "risk_score": 32,
        "seller_message": "Payment complete.",
        "type": "authorized"
      },
      "paid": true,
      "payment_intent": null,
      "payment_method": "card_1MmlLrLkdIwHu7ixIJwEWSNR",
      "payment_method_details": {
        "card": {
          "brand": "visa",
          "checks": {"address_line1_check": null, "address_postal_code_check": null, "cvc_check": null},
          "country": "US",
          "exp_month": 3,
          "exp_year": 2024,
          "fingerprint": "mToisGZ01V71BCos",
          "funding": "credit",
          "installments": null,
          "last4": "4242",
          "mandate": null,
          "network": "visa",
          "three_d_secure": null,
          "wallet": null
        },
        "type": "card"
      },
      "receipt_email": null,
      "receipt_number": null,
      "receipt_url": "https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xTTJKVGtMa2RJd0h1N2l4KOvG06AGMgZfBXyr1aw6LBa9vaaSRWU96d8qBwz9z2J_CObiV_H2-e8RezSK_sw0KISesp4czsOUlVKY",
      "refunded": false,
      "refunds": {
        "object": "list",
        "data": [],
        "has_more": false,
        "url": "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds"
      },
      "review": null,
      "shipping": null,
      "source_transfer": null,
      "statement_descriptor": null,
      "statement_descriptor_suffix": null,
      "status": "succeeded",
      "transfer_data": null,
      "transfer_group": null
    }
    """#)

    /// The reference's example balance transaction, with a Stripe fee and a tax.
    public static let balanceTransaction = decode(#"""
    {
      "id": "txn_1MiN3gLkdIwHu7ixxapQrznl",
      "object": "balance_transaction",
      "amount": -400,
      "available_on": 1678043844,
      "created": 1678043844,
      "currency": "usd",
      "description": null,
      "exchange_rate": null,
      "fee": 59,
      "fee_details": [
        {"amount": 50, "application": null, "currency": "usd", "description": "Stripe processing fees", "type": "stripe_fee"},
        {"amount": 9, "application": null, "currency": "usd", "description": "Sales tax", "type": "tax"}
      ],
      "net": -459,
      "reporting_category": "transfer",
      "source": "tr_1MiN3gLkdIwHu7ixNCZvFdgA",
      "status": "available",
      "type": "transfer"
    }
    """#)

    /// An invoice trimmed to the fields that matter here: two lines and two discounts, one expanded.
    public static let invoice = decode(#"""
    {
      "id": "in_1MtHbELkdIwHu7ixl4OzzPMv",
      "object": "invoice",
      "amount_due": 1500,
      "created": 1680644467,
      "currency": "usd",
      "customer": {"id": "cus_NeZwdNtLEOXuvB", "object": "customer", "email": "jennyrosen@example.com"},
      "discounts": [
        {"id": "di_1", "object": "discount", "coupon": {"id": "25OFF", "object": "coupon", "percent_off": 25.0},
         "customer": "cus_NeZwdNtLEOXuvB", "start": 1680644467, "end": null, "invoice": "in_1MtHbELkdIwHu7ixl4OzzPMv",
         "subscription": null},
        "di_2"
      ],
      "lines": {
        "object": "list",
        "data": [
          {"id": "il_1", "object": "line_item", "amount": 1000, "currency": "usd", "description": "Widget",
           "period": {"end": 1680644467, "start": 1680644467}, "quantity": 2, "type": "invoiceitem"},
          {"id": "il_2", "object": "line_item", "amount": 500, "currency": "usd", "description": "Gadget",
           "period": {"end": 1680644467, "start": 1680644467}, "quantity": 1, "type": "invoiceitem"}
        ],
        "has_more": false,
        "url": "/v1/invoices/in_1MtHbELkdIwHu7ixl4OzzPMv/lines"
      },
      "metadata": {},
      "status": "draft"
    }
    """#)

    /// A customer with a card and a bank account among its sources, and a discount.
    public static let customer = decode(#"""
    {
      "id": "cus_NffrFeUfNV2Hib",
      "object": "customer",
      "created": 1680893993,
      "email": "jennyrosen@example.com",
      "discount": {"id": "di_9", "object": "discount", "coupon": {"id": "WELCOME", "object": "coupon", "amount_off": 500},
                   "customer": "cus_NffrFeUfNV2Hib", "start": 1680893993},
      "sources": {
        "object": "list",
        "data": [
          {"id": "card_1", "object": "card", "brand": "Visa", "last4": "4242", "exp_month": 8, "exp_year": 2030,
           "customer": "cus_NffrFeUfNV2Hib"},
          {"id": "ba_1", "object": "bank_account", "bank_name": "STRIPE TEST BANK", "last4": "6789",
           "customer": "cus_NffrFeUfNV2Hib"},
          {"id": "src_1", "object": "source", "type": "ach_credit_transfer"}
        ],
        "has_more": false,
        "url": "/v1/customers/cus_NffrFeUfNV2Hib/sources"
      },
      "metadata": {}
    }
    """#)
}
