/* test-plan-client-fault.c: ImcPlanClient against a SoupServer in the test
 * that injects faults (server errors, garbage, hangs, rate limits, a lost
 * answer), and a port with no listener. */
#include "config.h"

#include "test-client-common.h"

static ImcTestServer server;

static void
test_fault_500_retried_then_reported (void)
{
  g_autoptr(ImcTestFault) fault = imc_test_fault_new (IMC_TEST_FAULT_STATUS_500);
  g_autoptr(ImcPlanClient) client = imc_test_fault_client (fault, 3);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  app = imc_test_describe_app (client, 1400000000, &error);
  g_assert_null (app);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_HTTP_STATUS);
  g_assert_cmpuint (imc_plan_client_error_get_http_status (error), ==, 500);
  g_assert_cmpuint (fault->requests, ==, 3);
}

static void
test_fault_garbage_not_retried (void)
{
  g_autoptr(ImcTestFault) fault = imc_test_fault_new (IMC_TEST_FAULT_GARBAGE);
  g_autoptr(ImcPlanClient) client = imc_test_fault_client (fault, 3);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  app = imc_test_describe_app (client, 1400000000, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (fault->requests, ==, 1);
  message = imc_plan_client_error_get_user_message (error);
  g_assert_nonnull (strstr (message, "plan API server"));
}

static void
test_fault_timeout (void)
{
  g_autoptr(ImcTestFault) fault = imc_test_fault_new (IMC_TEST_FAULT_HANG);
  g_autoptr(ImcPlanClient) client = imc_test_fault_client (fault, 2);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  imc_plan_client_set_timeout (client, 1);
  app = imc_test_describe_app (client, 1400000000, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_TIMEOUT);
  /* A read is retried once more before giving up. */
  g_assert_cmpuint (fault->requests, ==, 2);
}

static void
test_fault_unknown_code (void)
{
  g_autoptr(ImcTestFault) fault = imc_test_fault_new (IMC_TEST_FAULT_UNKNOWN_CODE);
  g_autoptr(ImcPlanClient) client = imc_test_fault_client (fault, 3);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  app = imc_test_describe_app (client, 1400000000, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_UNKNOWN_CODE);
  g_assert_cmpstr (imc_plan_client_error_get_api_code (error), ==, "FailedOperation.Weird");
  g_assert_cmpstr (imc_plan_client_error_get_request_id (error), ==, "req-1");
  g_assert_cmpuint (fault->requests, ==, 1);
}

static void
test_fault_rate_limit_retried_with_same_token (void)
{
  g_autoptr(ImcTestFault) fault = imc_test_fault_new (IMC_TEST_FAULT_RATE_LIMIT_ONCE);
  g_autoptr(ImcPlanClient) client = imc_test_fault_client (fault, 3);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  RUN (result, imc_plan_client_create_app_async (client, "Limited", NULL, WAITER));
  id = imc_plan_client_create_app_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 1400000777);
  g_assert_cmpuint (fault->requests, ==, 2);
  g_assert_cmpuint (fault->tokens->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fault->tokens, 0), ==, g_ptr_array_index (fault->tokens, 1));
}

static void
test_fault_connection_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  /* A port that was free a moment ago and has no listener. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u/",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  client = imc_plan_client_new (endpoint, "ap-guangzhou", "AKIDtest", "key");
  imc_plan_client_set_retry_policy (client, 2, 10);
  app = imc_test_describe_app (client, 1400000000, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_CONNECTION_REFUSED);
}

/* The write reaches the real server but its answer is lost; the retry with
 * the same ClientToken must not change the app a second time. */
static void
test_lost_answer_write_applied_once (void)
{
  g_autoptr(ImcTestFault) fault = imc_test_fault_new (IMC_TEST_FAULT_PROXY_DROP_FIRST);
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(ImcApp) fetched = NULL;
  g_autoptr(GPtrArray) logs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 id = imc_test_create_app (server.client, "Lost Answer");
  g_autofree char *secret_key = NULL;

  fault->upstream = soup_session_new ();
  /* Loopback, like the client's own sessions: no proxy resolver, so
   * libproxy is not loaded (valgrind flags a realloc(0) in its PAC engine,
   * duktape, on Debian 13). */
  soup_session_set_proxy_resolver (fault->upstream, NULL);
  fault->upstream_endpoint = g_strdup (imc_sandbox_get_endpoint (server.sandbox));

  /* The client never gives its key out, so this test makes its own key
   * with create-key and aims a client with it at the proxy; the proxy
   * passes the signed Host header on unchanged. */
  {
    g_autofree char *out = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) spawn_error = NULL;
    JsonObject *object;

    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &spawn_error,
                                g_getenv ("IMC_PLAN_SERVER"), "create-key",
                                "--db", imc_sandbox_get_db_path (server.sandbox),
                                "--account", "demo", NULL);
    g_assert_no_error (spawn_error);
    g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &spawn_error);
    g_assert_no_error (spawn_error);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    secret_key = g_strdup (json_object_get_string_member (object, "SecretKey"));
    g_clear_object (&client);
    client = imc_plan_client_new (fault->endpoint, "ap-guangzhou",
                                  json_object_get_string_member (object, "SecretId"), secret_key);
    imc_plan_client_set_retry_policy (client, 3, 10);
  }

  RUN (result, imc_plan_client_upgrade_app_plan_async (client, id, &imc_test_pro_1000, NULL, WAITER));
  app = imc_plan_client_upgrade_app_plan_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_PRO);
  g_assert_cmpuint (fault->requests, ==, 2);
  g_assert_cmpuint (fault->tokens->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fault->tokens, 0), ==, g_ptr_array_index (fault->tokens, 1));

  fetched = imc_test_describe_app (server.client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_plan (fetched)->max_groups_per_user, ==, 1000);
  logs = imc_test_operation_logs (server.client, id);
  g_assert_cmpuint (imc_test_count_actions (logs, "UpgradeAppPlan"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  imc_test_server_start (&server);

  g_test_add_func ("/client/fault/500", test_fault_500_retried_then_reported);
  g_test_add_func ("/client/fault/garbage", test_fault_garbage_not_retried);
  g_test_add_func ("/client/fault/timeout", test_fault_timeout);
  g_test_add_func ("/client/fault/unknown-code", test_fault_unknown_code);
  g_test_add_func ("/client/fault/rate-limit", test_fault_rate_limit_retried_with_same_token);
  g_test_add_func ("/client/fault/connection-refused", test_fault_connection_refused);
  g_test_add_func ("/client/fault/lost-answer-write-once", test_lost_answer_write_applied_once);

  ret = g_test_run ();
  imc_test_server_stop (&server);
  return ret;
}
