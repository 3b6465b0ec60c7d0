/// The example responses of the three seed documents, verbatim: the simulator returns them field for field.
public enum SeedExamples {
  /// Cashfree "Get Order" 200 example (x-api-version 2022-09-01 shape).
  /// https://www.cashfree.com/docs/api-reference/payments/latest/orders/get
  public static let cashfreeOrder = #"""
    {
      "cf_order_id": 2149460581,
      "created_at": "2023-08-11T18:02:46+05:30",
      "customer_details": {
        "customer_id": "409128494",
        "customer_name": "Johmn Doe",
        "customer_email": "pmlpayme@ntsas.com",
        "customer_phone": "9876543210"
      },
      "entity": "order",
      "order_amount": 22,
      "order_currency": "INR",
      "order_expiry_time": "2023-09-09T18:02:46+05:30",
      "order_id": "order_3242Tq4Edj9CC5RDcMeobmJOWOBJij",
      "order_meta": {
        "return_url": "https://example.com/return/{order_id}",
        "notify_url": "https://example.com/notify",
        "payment_methods": "cc"
      },
      "order_note": "some order note LIST",
      "order_splits": [],
      "order_status": "ACTIVE",
      "order_tags": {
        "name": "John",
        "age": "19"
      },
      "payment_session_id": "session_a1VXIPJo8kh7IBigVXX8LgTMupQW_cu25FS8KwLwQLOmiHqbBxq5UhEilrhbDSKKHA6UAuOj9506aaHNlFAHEqYrHSEl9AVtYQN9LIIc4vkH",
      "payments": {
        "url": "https://sandbox.cashfree.com/pg/orders/order_3242Tq4Edj9CC5RDcMeobmJOWOBJij/payments"
      },
      "refunds": {
        "url": "https://sandbox.cashfree.com/pg/orders/order_3242Tq4Edj9CC5RDcMeobmJOWOBJij/refunds"
      },
      "settlements": {
        "url": "https://sandbox.cashfree.com/pg/orders/order_3242Tq4Edj9CC5RDcMeobmJOWOBJij/settlements"
      },
      "terminal_data": null
    }
    """#

  /// Paytring "Fetch Order by ID" 200 example.
  /// https://docs.paytring.com/api-reference/endpoint/fetch
  public static let paytringFetch = #"""
    {
     "status": true,
     "order": {
     "order_id": "1111111111111111",
     "receipt_id": "MGI2222222222222333",
     "pg_transaction_id": "222222222222",
     "amount": 118,
     "currency": "INR",
     "pg": "Paytm",
     "method": "UPI",
     "order_status": "success",
     "unmapped_status": "TXN_SUCCESS",
     "customer": {
     "name": "Jhon Doe",
     "email": "Jhon@doe.com",
     "phone": "917732887777"
     },
     "notes": {
     "udf1": "Sync with #122",
     "udf2": "",
     "udf3": "",
     "udf4": "",
     "udf5": "",
     "udf6": "",
     "udf8": "",
     "udf9": "",
     "udf10": ""
     },
     "billing_address": {
     "firstname": "Jhon",
     "lastname": "LastName",
     "phone": "917732887777",
     "line1": "Gurugram",
     "line2": "Gurugram",
     "city": "Gurgaon",
     "state": "Haryana",
     "country": "IN",
     "zipcode": "122005"
     },
     "shipping_address": {
     "firstname": "Jhon",
     "lastname": "LastName",
     "phone": "917732887777",
     "line1": "Gurugram",
     "line2": "Gurugram",
     "city": "Gurgaon",
     "state": "Haryana",
     "country": "IN",
     "zipcode": "122005"
     },
     "additional_charges": 0,
     "mdr": "",
     "tpv": [],
     "created_at": "2024-04-05 12:19:24",
     "updated_at": "2024-04-05 12:23:24"
     }
    }
    """#

  /// EnKash "Fetch Order Info by Partner order Reference id" 200 example (with its `paylod` spelling).
  /// https://docs.enkash.com/api-13454287
  public static let enkashOrderDetails = #"""
    {
    "paylod": {
    "orderId": "12345",
    "paymentStatus": "SUCCESS",
    "orderStatus": "SUCCESS",
    "totalQuantity": 10,
    "totalAmount": 5000,
    "orderAmount": 4500,
    "paidAmount": 4500,
    "partnerOrderReferenceId": "REF123456789",
    "voucherDetailsList": [
    {
    "cardNumber": "1234567890123456",
    "pin": "1234",
    "expiryDate": "2025-12-31T23:59:59"
    },
    {
    "cardNumber": "6543210987654321",
    "pin": "5678",
    "expiryDate": "2026-06-30T23:59:59"
    }
    ]
    },
    "response_message": "Success",
    "response_code": "0"
    }
    """#
}
