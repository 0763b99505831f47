/* test-tc3.c: TC3-HMAC-SHA256 against Tencent Cloud's published example. */
#include "config.h"

#include <string.h>

#include "imc-core.h"

/* The literal bytes of the published body: the \u escapes are part of it. */
static const char vector_body[] =
  "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
static const char vector_key[] = "Gu5t9xGARNpq86cd98joQYCN3*******";
static const gint64 vector_timestamp = 1551113065;

static void
test_published_vector (void)
{
  g_autofree char *payload_hash = imc_tc3_hash_hex (vector_body, strlen (vector_body));
  g_autofree char *date = imc_tc3_date (vector_timestamp);
  g_autofree char *ct = imc_tc3_canonical_header ("Content-Type", "application/json; charset=utf-8");
  g_autofree char *host = imc_tc3_canonical_header ("Host", "cvm.tencentcloudapi.com");
  g_autofree char *headers = g_strconcat (ct, host, NULL);
  g_autofree char *request = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *authorization = NULL;

  g_assert_cmpstr (payload_hash, ==, "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
  g_assert_cmpstr (date, ==, "2019-02-25");
  g_assert_cmpstr (headers, ==, "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n");

  request = imc_tc3_canonical_request ("POST", "/", "", headers, "content-type;host", payload_hash);
  to_sign = imc_tc3_string_to_sign (vector_timestamp, date, "cvm", request);
  g_assert_true (g_str_has_prefix (to_sign, "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"));
  signature = imc_tc3_sign (vector_key, date, "cvm", to_sign);
  g_assert_cmpstr (signature, ==, "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");

  /* The same in two steps, as the server does with the key of a day: an
   * HMAC keyed with the derived key. */
  {
    guint8 key[IMC_TC3_KEY_SIZE];
    g_autoptr(GHmac) hmac = NULL;

    imc_tc3_derive_key (vector_key, date, "cvm", key);
    hmac = g_hmac_new (G_CHECKSUM_SHA256, key, sizeof key);
    g_hmac_update (hmac, (const guchar *) to_sign, strlen (to_sign));
    g_assert_cmpstr (g_hmac_get_string (hmac), ==, signature);
  }

  authorization = imc_tc3_build_authorization ("AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", vector_key, "cvm",
                                               "cvm.tencentcloudapi.com",
                                               "application/json; charset=utf-8",
                                               vector_timestamp, vector_body, strlen (vector_body));
  g_assert_cmpstr (authorization, ==,
                   "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, "
                   "SignedHeaders=content-type;host, "
                   "Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
}

static void
test_parse_roundtrip (void)
{
  g_autofree char *value = imc_tc3_build_authorization ("AKIDexample", "secret", "im", "127.0.0.1",
                                                        "application/json", 1795000000, "{}", 2);
  g_autoptr(GError) error = NULL;
  ImcTc3Authorization auth;

  g_assert_true (imc_tc3_parse_authorization (value, &auth, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (auth.secret_id, ==, "AKIDexample");
  g_assert_cmpstr (auth.service, ==, "im");
  g_assert_cmpuint (g_strv_length (auth.signed_headers), ==, 2);
  g_assert_cmpstr (auth.signed_headers[0], ==, "content-type");
  g_assert_cmpstr (auth.signed_headers[1], ==, "host");
  g_assert_cmpuint (strlen (auth.signature), ==, 64);
  imc_tc3_authorization_clear (&auth);
  g_assert_null (auth.secret_id);
}

static void
test_parse_rejects (void)
{
  static const char *const bad[] = {
    "",
    "Basic dXNlcjpwYXNz",
    "TC3-HMAC-SHA256 Credential=ID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host",
    "TC3-HMAC-SHA256 Credential=ID/2019-02-25/cvm, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    "TC3-HMAC-SHA256 Credential=ID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=XYZ",
    "TC3-HMAC-SHA256 Credential=ID/2019-02-25/cvm/tc3_request, SignedHeaders=Content-Type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    "TC3-HMAC-SHA256 Credential=ID/2019-02-25/cvm/tc3_request, SignedHeaders=host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    "TC3-HMAC-SHA256 Credential=ID/20190225/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    "TC3-HMAC-SHA256 Credential=/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    "TC3-HMAC-SHA256 Credential=ID/2019-02-25/cvm/tc3_request, Credential=ID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      ImcTc3Authorization auth;

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_false (imc_tc3_parse_authorization (bad[i], &auth, &error));
      g_assert_error (error, IMC_ERROR, IMC_ERROR_AUTH_INVALID_AUTHORIZATION);
      g_assert_cmpstr (imc_error_to_code (error->code), ==, "AuthFailure.InvalidAuthorization");
      g_assert_null (auth.secret_id);
      g_assert_null (auth.signed_headers);
    }
}

static void
test_signature_equal (void)
{
  g_assert_true (imc_tc3_signature_equal ("abcd", "abcd"));
  g_assert_false (imc_tc3_signature_equal ("abcd", "abce"));
  g_assert_false (imc_tc3_signature_equal ("abcd", "abc"));
  g_assert_false (imc_tc3_signature_equal (NULL, "abc"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tc3/published-vector", test_published_vector);
  g_test_add_func ("/tc3/parse-roundtrip", test_parse_roundtrip);
  g_test_add_func ("/tc3/parse-rejects", test_parse_rejects);
  g_test_add_func ("/tc3/signature-equal", test_signature_equal);
  return g_test_run ();
}
