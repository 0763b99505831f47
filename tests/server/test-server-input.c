/* test-server-input.c: TC3 verification and a table of bad requests.
 * Every bad request gets its documented Error.Code, the server stays up
 * and the stored data is unchanged. */
#include "config.h"

#include <string.h>

#include "test-server-common.h"

/* The published example from Tencent Cloud's signature v3 document. */
static void
test_published_vector (void)
{
  const char *body = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
  g_autofree char *hash = imc_tc3_hash_hex (body, strlen (body));
  g_autofree char *ct = imc_tc3_canonical_header ("content-type", "application/json; charset=utf-8");
  g_autofree char *host = imc_tc3_canonical_header ("host", "cvm.tencentcloudapi.com");
  g_autofree char *headers = g_strconcat (ct, host, NULL);
  g_autofree char *date = imc_tc3_date (1551113065);
  g_autofree char *request = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *authorization = NULL;
  ImcTc3Authorization parsed;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (hash, ==, "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
  g_assert_cmpstr (date, ==, "2019-02-25");
  request = imc_tc3_canonical_request ("POST", "/", "", headers, "content-type;host", hash);
  to_sign = imc_tc3_string_to_sign (1551113065, date, "cvm", request);
  signature = imc_tc3_sign ("Gu5t9xGARNpq86cd98joQYCN3*******", date, "cvm", to_sign);
  g_assert_cmpstr (signature, ==, "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");

  authorization = imc_tc3_build_authorization ("AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
                                               "Gu5t9xGARNpq86cd98joQYCN3*******", "cvm",
                                               "cvm.tencentcloudapi.com",
                                               "application/json; charset=utf-8", 1551113065,
                                               body, strlen (body));
  g_assert_true (imc_tc3_parse_authorization (authorization, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parsed.signature, ==, signature);
  imc_tc3_authorization_clear (&parsed);
}

static void
assert_code (TestServer        *server,
             const TestRequest *request,
             const char        *expected)
{
  g_autoptr(JsonObject) r = test_server_send (server, request);

  g_assert_cmpstr (test_response_error_code (r), ==, expected);
}

static void
test_signing_variants (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  TestRequest request = { .action = "DescribeApps", .body_length = -1 };

  if (server == NULL)
    return;

  /* Host as sent (with port) and bare, as the official SDKs sign it. */
  assert_code (server, &request, NULL);
  request.sign_host = "127.0.0.1";
  assert_code (server, &request, NULL);
  request.sign_host = "example.com";
  assert_code (server, &request, "AuthFailure.SignatureFailure");
  request.sign_host = NULL;

  request.content_type = "application/json";
  assert_code (server, &request, NULL);
  request.content_type = "application/json; charset=UTF-8";
  assert_code (server, &request, NULL);
  request.content_type = "text/plain";
  assert_code (server, &request, "InvalidParameter");
  request.content_type = "application/json; charset=latin1";
  assert_code (server, &request, "InvalidParameter");
  request.content_type = "";
  assert_code (server, &request, "InvalidParameter");
  request.content_type = NULL;

  request.service = "cvm";
  assert_code (server, &request, "AuthFailure.InvalidAuthorization");
  request.service = NULL;

  /* A key made while the server runs works at once. */
  {
    g_autofree char *id = NULL;
    g_autofree char *key = NULL;

    test_server_create_key (server, "carol", &id, &key);
    request.secret_id = id;
    request.secret_key = key;
    assert_code (server, &request, NULL);
    request.secret_key = server->secret_key;
    assert_code (server, &request, "AuthFailure.SignatureFailure");

    /* A deleted key stops working at once, while the server runs. */
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("IMC_PLAN_SERVER"),
                                  "delete-key", "--db", server->db, "--secret-id", id, NULL);
      g_assert_no_error (error);
      g_subprocess_wait_check (process, NULL, &error);
      g_assert_no_error (error);
    }
    request.secret_key = key;
    assert_code (server, &request, "AuthFailure.SecretIdNotFound");
  }

  test_server_stop (server);
}

/* DescribeApp of @app_id signed with @secret_id/@secret_key answers
 * @expected_code, or (@expected_code NULL) the app named @expected_name. */
static void
assert_describe_app (TestServer *server,
                     gint64      app_id,
                     const char *secret_id,
                     const char *secret_key,
                     const char *expected_code,
                     const char *expected_name)
{
  g_autofree char *body = g_strdup_printf ("{\"SdkAppId\": %" G_GINT64_FORMAT "}", app_id);
  TestRequest request = { .action = "DescribeApp", .body = body, .body_length = -1,
                          .secret_id = secret_id, .secret_key = secret_key };
  g_autoptr(JsonObject) response = test_server_send (server, &request);

  test_assert_error (response, expected_code);
  if (expected_code == NULL)
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (response, "App"),
                                                    "AppName"), ==, expected_name);
}

/* create-key --revoke-others, while the server runs: the account's older
 * keys are refused from the next request on, the new one works on the
 * account's apps, other accounts' keys are untouched. */
static void
test_revoke_others (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autofree char *old1_id = NULL, *old1_key = NULL;
  g_autofree char *old2_id = NULL, *old2_key = NULL;
  g_autofree char *dave_id = NULL, *dave_key = NULL;
  g_autofree char *new_id = NULL, *new_key = NULL;
  g_autofree char *newer_id = NULL, *newer_key = NULL;
  g_autoptr(JsonObject) created = NULL;
  TestRequest create = { .action = "CreateApp", .body = "{\"AppName\": \"Carol's app\"}",
                         .body_length = -1 };
  gint64 app_id;
  gint64 alice_app_id;

  if (server == NULL)
    return;

  alice_app_id = test_server_create_app (server, "Alice's app");
  test_server_create_key (server, "carol", &old1_id, &old1_key);
  test_server_create_key (server, "carol", &old2_id, &old2_key);
  test_server_create_key (server, "dave", &dave_id, &dave_key);
  create.secret_id = old1_id;
  create.secret_key = old1_key;
  created = test_server_send (server, &create);
  test_assert_ok (created);
  app_id = json_object_get_int_member (created, "SdkAppId");

  test_server_replace_key (server, "carol", &new_id, &new_key);
  g_assert_cmpstr (new_id, !=, old1_id);
  g_assert_cmpstr (new_id, !=, old2_id);

  assert_describe_app (server, app_id, old1_id, old1_key, "AuthFailure.SecretIdNotFound", NULL);
  assert_describe_app (server, app_id, old2_id, old2_key, "AuthFailure.SecretIdNotFound", NULL);
  assert_describe_app (server, app_id, new_id, new_key, NULL, "Carol's app");

  /* Other accounts: their keys work, and see their own apps only. */
  assert_describe_app (server, app_id, dave_id, dave_key, "ResourceNotFound.App", NULL);
  assert_describe_app (server, alice_app_id, server->secret_id, server->secret_key, NULL, "Alice's app");

  /* Each replacement revokes the one before. */
  test_server_replace_key (server, "carol", &newer_id, &newer_key);
  assert_describe_app (server, app_id, new_id, new_key, "AuthFailure.SecretIdNotFound", NULL);
  assert_describe_app (server, app_id, newer_id, newer_key, NULL, "Carol's app");
  assert_describe_app (server, app_id, dave_id, dave_key, "ResourceNotFound.App", NULL);

  test_server_stop (server);
}

typedef struct {
  const char *name;
  const char *action;
  const char *body;          /* %s: an existing SdkAppId */
  const char *expected;
  void      (*tweak) (TestRequest *request);
} BadInput;

static void tweak_no_authorization (TestRequest *r) { r->authorization = ""; }
static void tweak_bad_authorization (TestRequest *r) { r->authorization = "Bearer abc"; }
static void tweak_no_action (TestRequest *r) { r->omit_action = TRUE; }
static void tweak_no_version (TestRequest *r) { r->version = ""; }
static void tweak_bad_version (TestRequest *r) { r->version = "2017-03-12"; }
static void tweak_no_timestamp (TestRequest *r) { r->omit_timestamp = TRUE; }
static void tweak_stale (TestRequest *r) { r->timestamp = g_get_real_time () / G_USEC_PER_SEC - 600; }
static void tweak_future (TestRequest *r) { r->timestamp = g_get_real_time () / G_USEC_PER_SEC + 600; }
static void tweak_wrong_key (TestRequest *r) { r->secret_key = "0123456789abcdef0123456789abcdef"; }
static void tweak_unknown_id (TestRequest *r) { r->secret_id = "AKIDnobodyhasthisid000000000000000000"; }
static void tweak_content_type (TestRequest *r) { r->content_type = "application/x-www-form-urlencoded"; }
static void tweak_get (TestRequest *r) { r->method = "GET"; }
static void tweak_service (TestRequest *r) { r->service = "cvm"; }

static const BadInput bad_inputs[] = {
  { "empty body", "DescribeApps", "", "InvalidParameter" },
  { "not JSON", "DescribeApps", "hello", "InvalidParameter" },
  { "truncated JSON", "DescribeApps", "{\"Limit\": ", "InvalidParameter" },
  { "JSON array", "DescribeApps", "[]", "InvalidParameter" },
  { "JSON string", "DescribeApps", "\"{}\"", "InvalidParameter" },
  { "JSON null", "DescribeApps", "null", "InvalidParameter" },
  { "deep nesting", "DescribeApps", NULL, "InvalidParameter" },  /* built below */
  { "invalid UTF-8", "CreateApp", "{\"AppName\": \"\xff\xfe\"}", "InvalidParameter" },
  { "name wrong type", "CreateApp", "{\"AppName\": [\"x\"]}", "InvalidParameter" },
  { "id as string", "DescribeApp", "{\"SdkAppId\": \"%s\"}", "InvalidParameter" },
  { "id as float", "DescribeApp", "{\"SdkAppId\": %s.5}", "InvalidParameter" },
  { "id huge", "DescribeApp", "{\"SdkAppId\": 99999999999999999999999}", "InvalidParameter" },
  { "id exponent", "DescribeApp", "{\"SdkAppId\": 1e30}", "InvalidParameter" },
  { "id negative", "DescribeApp", "{\"SdkAppId\": -1}", "InvalidParameterValue" },
  { "id zero", "DescribeApp", "{\"SdkAppId\": 0}", "InvalidParameterValue" },
  { "id unknown", "DisableApp", "{\"SdkAppId\": 1500000000}", "ResourceNotFound.App" },
  { "bool as int", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": \"Pro\", \"UnlimitedAvGroups\": 1}", "InvalidParameter" },
  { "tier as string", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": \"Pro\", \"MaxGroupsPerUser\": \"1000\"}", "InvalidParameter" },
  { "tier beyond int32", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": \"Pro\", \"MaxGroupsPerUser\": 4294968296}", "InvalidParameter" },
  { "tier negative", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": \"Pro\", \"MaxMembersPerGroup\": -200}", "InvalidParameterValue" },
  { "tier not in catalog", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": \"Pro\", \"MaxMembersPerGroup\": 201}", "InvalidParameterValue" },
  { "tier below default", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": \"Ultimate\", \"MaxMembersPerGroup\": 200}", "InvalidParameterValue" },
  { "edition lower case", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": \"pro\"}", "InvalidParameterValue" },
  { "edition as number", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": 1}", "InvalidParameter" },
  { "limit negative", "DescribeApps", "{\"Limit\": -5}", "InvalidParameterValue" },
  { "offset negative", "DescribeApps", "{\"Offset\": -1}", "InvalidParameterValue" },
  { "limit huge", "DescribeApps", "{\"Limit\": 9223372036854775807}", "InvalidParameter" },
  { "limit large", "DescribeApps", "{\"Limit\": 922337203685477580}", "InvalidParameterValue" },
  { "keyword too long", "DescribeApps", "{\"Keyword\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}", "InvalidParameterValue" },
  { "month malformed", "DescribeBill", "{\"Month\": \"2026-1\"}", "InvalidParameterValue" },
  { "month injection", "DescribeBill", "{\"Month\": \"2026-11' OR '1'='1\"}", "InvalidParameterValue" },
  { "token empty", "DisableApp", "{\"SdkAppId\": %s, \"ClientToken\": \"\"}", "InvalidParameterValue" },
  { "token too long", "DisableApp", "{\"SdkAppId\": %s, \"ClientToken\": \"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\"}", "InvalidParameterValue" },
  { "token as number", "DisableApp", "{\"SdkAppId\": %s, \"ClientToken\": 42}", "InvalidParameter" },
  { "name empty", "CreateApp", "{\"AppName\": \"\"}", "InvalidParameterValue" },
  { "name missing", "CreateApp", "{}", "MissingParameter" },
  { "keyword as number", "DescribeApps", "{\"Keyword\": 42}", "InvalidParameter" },
  { "status unknown", "DescribeApps", "{\"Status\": \"Deleted\"}", "InvalidParameterValue" },
  { "limit zero", "DescribeApps", "{\"Limit\": 0}", "InvalidParameterValue" },
  { "edition to Free", "UpgradeAppPlan", "{\"SdkAppId\": %s, \"Edition\": \"Free\"}", "InvalidParameterValue" },
  { "month missing", "DescribeBill", "{}", "MissingParameter" },
  { "no Authorization", "DescribeApps", "{}", "AuthFailure.InvalidAuthorization", tweak_no_authorization },
  { "bad Authorization", "DescribeApps", "{}", "AuthFailure.InvalidAuthorization", tweak_bad_authorization },
  { "other service", "DescribeApps", "{}", "AuthFailure.InvalidAuthorization", tweak_service },
  { "no action", "DescribeApps", "{}", "MissingParameter", tweak_no_action },
  { "no version", "DescribeApps", "{}", "MissingParameter", tweak_no_version },
  { "other version", "DescribeApps", "{}", "NoSuchVersion", tweak_bad_version },
  { "no timestamp", "DescribeApps", "{}", "MissingParameter", tweak_no_timestamp },
  { "unknown action", "DeleteEverything", "{}", "InvalidAction" },
  { "stale timestamp", "DisableApp", "{\"SdkAppId\": %s}", "AuthFailure.SignatureExpire", tweak_stale },
  { "future timestamp", "DisableApp", "{\"SdkAppId\": %s}", "AuthFailure.SignatureExpire", tweak_future },
  { "wrong key", "DisableApp", "{\"SdkAppId\": %s}", "AuthFailure.SignatureFailure", tweak_wrong_key },
  { "unknown SecretId", "DisableApp", "{\"SdkAppId\": %s}", "AuthFailure.SecretIdNotFound", tweak_unknown_id },
  { "form content type", "DisableApp", "{\"SdkAppId\": %s}", "InvalidParameter", tweak_content_type },
  { "GET", "DescribeApps", "{}", "UnsupportedProtocol", tweak_get },
};

static void
test_bad_input (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *id_str = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  gint64 id;

  if (server == NULL)
    return;

  id = test_server_create_app (server, "Target");
  id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  before = test_server_snapshot (server);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      const BadInput *bad = &bad_inputs[i];
      g_autofree char *body = NULL;
      TestRequest request = { .action = bad->action, .body_length = -1 };

      g_test_message ("bad input: %s", bad->name);
      if (bad->body == NULL)
        body = g_strdup (deep->str);
      else
        {
          g_auto(GStrv) parts = g_strsplit (bad->body, "%s", -1);
          body = g_strjoinv (id_str, parts);
        }
      request.body = body;
      if (bad->tweak != NULL)
        bad->tweak (&request);
      assert_code (server, &request, bad->expected);
    }

  /* NUL byte inside the body. */
  {
    TestRequest request = { .action = "CreateApp", .body = "{\"AppName\": \"a\0b\"}", .body_length = 19 };
    assert_code (server, &request, "InvalidParameter");
  }

  /* Signed for one body, sent with another. */
  {
    g_autofree char *ts = NULL;
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    g_autofree char *authorization = imc_tc3_build_authorization (server->secret_id, server->secret_key, "im",
                                                                  server->host, "application/json; charset=utf-8",
                                                                  now, "{}", 2);
    g_autofree char *body = g_strdup_printf ("{\"SdkAppId\": %s}", id_str);
    TestRequest request = { .action = "DisableApp", .body = body, .body_length = -1,
                            .authorization = authorization, .timestamp = now };
    assert_code (server, &request, "AuthFailure.SignatureFailure");
  }

  /* More than 1 MiB of body, announced by Content-Length. */
  {
    gsize size = 1024 * 1024 + 10;
    g_autofree char *big = g_malloc (size + 1);
    TestRequest request = { .action = "CreateApp", .body_length = -1 };

    memset (big, ' ', size);
    big[0] = '{';
    big[size - 1] = '}';
    big[size] = '\0';
    request.body = big;
    assert_code (server, &request, "RequestSizeLimitExceeded");
  }

  /* More than 1 MiB of chunked body: no Content-Length to go by. */
  {
    TestRequest request = { .action = "CreateApp", .body_length = -1 };
    g_autoptr(SoupMessage) msg = test_server_build (server, &request);
    gsize size = 1024 * 1024 + 4096;
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_malloc0 (size), size, g_free);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) r = NULL;

    soup_message_set_request_body (msg, "application/json", stream, -1);
    bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (msg), "Transfer-Encoding"),
                     ==, "chunked");
    r = test_server_parse_response (bytes);
    test_assert_error (r, "RequestSizeLimitExceeded");
  }

  /* Oversized headers. */
  {
    TestRequest request = { .action = "DescribeApps", .body_length = -1 };
    g_autoptr(SoupMessage) msg = test_server_build (server, &request);
    g_autofree char *filler = g_strnfill (40 * 1024, 'a');
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) r = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-TC-TraceId", filler);
    bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
    g_assert_no_error (error);
    r = test_server_parse_response (bytes);
    test_assert_error (r, "RequestSizeLimitExceeded");
  }

  /* Unknown fields are ignored. */
  {
    g_autofree char *body = g_strdup_printf ("{\"SdkAppId\": %s, \"Foo\": {\"Bar\": [1, 2]}, \"Edition\": null}", id_str);
    TestRequest request = { .action = "DescribeApp", .body = body, .body_length = -1 };
    assert_code (server, &request, NULL);
  }

  after = test_server_snapshot (server);
  g_assert_cmpstr (before, ==, after);
  test_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/tc3/published-vector", test_published_vector);
  g_test_add_func ("/server/tc3/signing-variants", test_signing_variants);
  g_test_add_func ("/server/input/bad-input", test_bad_input);
  g_test_add_func ("/server/keys/revoke-others", test_revoke_others);

  return g_test_run ();
}
