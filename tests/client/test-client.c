/* test-client.c: ImcPlanClient against the real im-plan-server (started
 * through ImcSandbox on loopback with a temporary database), plus a small
 * in-test SoupServer only where a fault must be injected. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "imc-client.h"
#include "imc-test-helpers.h"

static ImcTestServer server;

#define RUN(result, async_call)                            \
  G_STMT_START {                                           \
    ImcTestWaiter _w = { 0 };                              \
    async_call;                                            \
    result = imc_test_waiter_wait (&_w);                   \
  } G_STMT_END

#define WAITER imc_test_waiter_cb, &_w

/* --- synchronous wrappers ------------------------------------------------ */

static gint64
create_app (ImcPlanClient *client,
            const char    *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  RUN (result, imc_plan_client_create_app_async (client, name, NULL, WAITER));
  id = imc_plan_client_create_app_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >=, 1400000000);
  return id;
}

static ImcApp *
describe_app (ImcPlanClient *client,
              gint64         id,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, imc_plan_client_describe_app_async (client, id, NULL, WAITER));
  return imc_plan_client_describe_app_finish (client, result, error);
}

static ImcApp *
upgrade (ImcPlanClient *client,
         gint64         id,
         const ImcPlan *plan,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, imc_plan_client_upgrade_app_plan_async (client, id, plan, NULL, WAITER));
  return imc_plan_client_upgrade_app_plan_finish (client, result, error);
}

static ImcApp *
modify (ImcPlanClient        *client,
        gint64                id,
        const ImcPlanRequest *request,
        GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, imc_plan_client_modify_app_plan_async (client, id, request, NULL, WAITER));
  return imc_plan_client_modify_app_plan_finish (client, result, error);
}

static GPtrArray *
operation_logs (ImcPlanClient *client,
                gint64         id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *logs;
  guint total = 0;

  RUN (result, imc_plan_client_describe_app_operation_logs_async (client, id, 0, 100, NULL, WAITER));
  logs = imc_plan_client_describe_app_operation_logs_finish (client, result, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, logs->len);
  return logs;
}

static guint
count_actions (GPtrArray  *logs,
               const char *action)
{
  guint n = 0;

  for (guint i = 0; i < logs->len; i++)
    if (g_str_equal (imc_operation_log_get_action (g_ptr_array_index (logs, i)), action))
      n++;
  return n;
}

static const ImcPlan pro_1000 = {
  .edition = IMC_EDITION_PRO,
  .unlimited_av_groups = FALSE,
  .max_groups_per_user = 1000,
  .max_members_per_group = 200,
};

/* --- against the real server --------------------------------------------- */

static void
test_sandbox_endpoint (void)
{
  const char *endpoint = imc_sandbox_get_endpoint (server.sandbox);

  g_assert_true (imc_sandbox_is_running (server.sandbox));
  g_assert_true (g_str_has_prefix (endpoint, "http://127.0.0.1:"));
  g_assert_cmpstr (imc_plan_client_get_endpoint (server.client), ==, endpoint);
  g_assert_true (g_str_has_prefix (imc_plan_client_get_secret_id (server.client), "AKID"));
}

static void
test_catalog (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcCatalog) catalog = NULL;
  const gint *tiers;
  guint n = 0;

  RUN (result, imc_plan_client_describe_plan_catalog_async (server.client, NULL, WAITER));
  catalog = imc_plan_client_describe_plan_catalog_finish (server.client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imc_catalog_get_currency (catalog), ==, "CNY");
  g_assert_cmpint (imc_catalog_get_edition_price (catalog, IMC_EDITION_PRO), ==, 99900);
  tiers = imc_catalog_get_tiers (catalog, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpint (tiers[n - 1], ==, 6000);
}

static void
test_describe_apps_paging (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) all_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) all = NULL;
  guint total = 0;
  gboolean free_seen = FALSE, pro_seen = FALSE, ultimate_seen = FALSE, disabled_seen = FALSE;

  RUN (result, imc_plan_client_describe_apps_async (server.client, 0, 2, NULL, NULL, NULL, WAITER));
  page = imc_plan_client_describe_apps_finish (server.client, result, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpuint (total, >=, 5);

  RUN (all_result, imc_plan_client_describe_all_apps_async (server.client, NULL, WAITER));
  all = imc_plan_client_describe_all_apps_finish (server.client, all_result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, total);

  /* The demo account has apps in every state. */
  for (guint i = 0; i < all->len; i++)
    {
      ImcApp *app = g_ptr_array_index (all, i);

      free_seen |= imc_app_get_edition (app) == IMC_EDITION_FREE;
      pro_seen |= imc_app_get_edition (app) == IMC_EDITION_PRO;
      ultimate_seen |= imc_app_get_edition (app) == IMC_EDITION_ULTIMATE;
      if (imc_app_get_status (app) == IMC_APP_STATUS_DISABLED)
        {
          disabled_seen = TRUE;
          g_assert_nonnull (imc_app_get_purge_time (app));
        }
    }
  g_assert_true (free_seen && pro_seen && ultimate_seen && disabled_seen);
}

static void
test_create_and_describe (void)
{
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create_app (server.client, "Client Test App");

  app = describe_app (server.client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_sdk_app_id (app), ==, id);
  g_assert_cmpstr (imc_app_get_name (app), ==, "Client Test App");
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_FREE);
  g_assert_cmpint (imc_app_get_status (app), ==, IMC_APP_STATUS_ENABLED);
  g_assert_cmpstr (imc_format_plan_name (imc_app_get_plan (app)), ==, "Free");
}

static void
test_upgrade_then_not_free (void)
{
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(ImcApp) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) logs = NULL;
  g_autofree char *message = NULL;
  gint64 id = create_app (server.client, "Upgrade Me");

  app = upgrade (server.client, id, &pro_1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_PRO);
  g_assert_cmpint (imc_app_get_billing_mode (app), ==, IMC_BILLING_MODE_POSTPAID);
  g_assert_cmpint (imc_app_get_plan (app)->max_groups_per_user, ==, 1000);
  g_assert_cmpstr (imc_format_plan_name (imc_app_get_plan (app)), ==, "Pro-postpaid");
  /* The upgrade is this month's change of the edition and of the raised item. */
  g_assert_nonnull (imc_app_get_next_modifiable (app, IMC_PLAN_ITEM_EDITION));
  g_assert_nonnull (imc_app_get_next_modifiable (app, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER));

  again = upgrade (server.client, id, &pro_1000, &error);
  g_assert_null (again);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_NOT_FREE_EDITION);
  g_assert_cmpstr (imc_plan_client_error_get_api_code (error), ==, "UnsupportedOperation.NotFreeEdition");
  g_assert_nonnull (imc_plan_client_error_get_request_id (error));
  message = imc_plan_client_error_get_user_message (error);
  g_assert_nonnull (strstr (message, "Modify feature configuration"));

  logs = operation_logs (server.client, id);
  g_assert_cmpuint (count_actions (logs, "UpgradeAppPlan"), ==, 1);
}

static void
test_monthly_limit_carries_date (void)
{
  ImcPlanRequest request = { .has_max_groups_per_user = TRUE, .max_groups_per_user = 2000 };
  g_autoptr(ImcApp) upgraded = NULL;
  g_autoptr(ImcApp) modified = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *message = NULL;
  g_autofree char *date = NULL;
  ImcPlanItem item = IMC_PLAN_ITEM_EDITION;
  gint64 id = create_app (server.client, "Locked Item");

  upgraded = upgrade (server.client, id, &pro_1000, &error);
  g_assert_no_error (error);

  modified = modify (server.client, id, &request, &error);
  g_assert_null (modified);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_MONTHLY_MODIFICATION);
  g_assert_true (imc_plan_client_error_get_monthly_limit (error, &item, &next));
  g_assert_cmpint (item, ==, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER);
  g_assert_cmpint (g_date_time_get_day_of_month (next), ==, 1);

  /* "Max groups per user can be changed again on 1 December 2026." */
  message = imc_plan_client_error_get_user_message (error);
  date = imc_format_date (next);
  g_assert_true (g_str_has_prefix (message, "Max groups per user"));
  g_assert_nonnull (strstr (message, date));
}

static void
test_modify_unchanged_items_only (void)
{
  ImcPlanRequest request = { .has_edition = TRUE, .edition = IMC_EDITION_ULTIMATE };
  const ImcPlan pro_default = { IMC_EDITION_PRO, FALSE, 500, 200 };
  g_autoptr(ImcApp) upgraded = NULL;
  g_autoptr(ImcApp) modified = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create_app (server.client, "Edition Change");

  upgraded = upgrade (server.client, id, &pro_default, &error);
  g_assert_no_error (error);
  /* The upgrade changed the edition this month: a second edition change
   * must wait, but items at their default are still free to change. */
  modified = modify (server.client, id, &request, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_MONTHLY_MODIFICATION);
  g_clear_error (&error);

  request = (ImcPlanRequest) { .has_max_members_per_group = TRUE, .max_members_per_group = 500 };
  modified = modify (server.client, id, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_plan (modified)->max_members_per_group, ==, 500);
  g_assert_cmpint (imc_app_get_edition (modified), ==, IMC_EDITION_PRO);
}

static void
test_disable_enable (void)
{
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(ImcApp) disabled = NULL;
  g_autoptr(ImcApp) enabled = NULL;
  g_autoptr(ImcApp) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create_app (server.client, "Disable Me");

  RUN (r1, imc_plan_client_disable_app_async (server.client, id, NULL, WAITER));
  disabled = imc_plan_client_disable_app_finish (server.client, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_status (disabled), ==, IMC_APP_STATUS_DISABLED);
  g_assert_nonnull (imc_app_get_disabled_time (disabled));
  g_assert_nonnull (imc_app_get_purge_time (disabled));
  g_assert_cmpint (imc_calendar_days_between (imc_app_get_disabled_time (disabled),
                                              imc_app_get_purge_time (disabled)), ==, 90);

  RUN (r2, imc_plan_client_enable_app_async (server.client, id, NULL, WAITER));
  enabled = imc_plan_client_enable_app_finish (server.client, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_status (enabled), ==, IMC_APP_STATUS_ENABLED);

  RUN (r3, imc_plan_client_enable_app_async (server.client, id, NULL, WAITER));
  again = imc_plan_client_enable_app_finish (server.client, r3, &error);
  g_assert_null (again);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_APP_NOT_DISABLED);
}

static void
test_inquiry_price (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ImcPriceQuote) quote = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create_app (server.client, "Price Me");

  RUN (result, imc_plan_client_inquiry_price_app_plan_async (server.client, id, &pro_1000, NULL, WAITER));
  quote = imc_plan_client_inquiry_price_app_plan_finish (server.client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imc_price_quote_get_currency (quote), ==, "CNY");
  /* Pro 999.00 + 1000 groups per user 300.00 per month (sample prices). */
  g_assert_cmpint (imc_price_quote_get_monthly_amount (quote), ==, 129900);
  g_assert_cmpint (imc_price_quote_get_current_month_amount (quote), >, 0);
  g_assert_cmpint (imc_price_quote_get_current_month_amount (quote), <=, 129900);
}

static void
test_not_found_keeps_request_id (void)
{
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;

  app = describe_app (server.client, 1499999999, &error);
  g_assert_null (app);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_APP_NOT_FOUND);
  g_assert_nonnull (imc_plan_client_error_get_request_id (error));
  details = imc_plan_client_error_get_details (error);
  g_assert_nonnull (strstr (details, "ResourceNotFound.App"));
  g_assert_nonnull (strstr (details, imc_plan_client_error_get_request_id (error)));
}

static void
test_wrong_key (void)
{
  g_autoptr(ImcPlanClient) bad = NULL;
  g_autoptr(ImcPlanClient) unknown = NULL;
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;
  const char *endpoint = imc_sandbox_get_endpoint (server.sandbox);

  bad = imc_plan_client_new (endpoint, "ap-guangzhou",
                             imc_plan_client_get_secret_id (server.client), "not-the-key");
  app = describe_app (bad, 1400000000, &error);
  g_assert_null (app);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_AUTH_SIGNATURE_FAILURE);
  g_clear_error (&error);

  unknown = imc_plan_client_new (endpoint, "ap-guangzhou", "AKIDnobody", "x");
  app = describe_app (unknown, 1400000000, &error);
  g_assert_null (app);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_AUTH_SECRET_ID_NOT_FOUND);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcApp) app = NULL;

  RUN (result,
       imc_plan_client_describe_app_async (server.client, 1400000000, cancellable, WAITER);
       g_cancellable_cancel (cancellable));
  app = imc_plan_client_describe_app_finish (server.client, result, &error);
  g_assert_null (app);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_secret_key_write_only (void)
{
  GParamSpec *pspec = g_object_class_find_property (g_type_class_peek (IMC_TYPE_PLAN_CLIENT), "secret-key");

  g_assert_nonnull (pspec);
  g_assert_false (pspec->flags & G_PARAM_READABLE);
}

/* --- fault injection ------------------------------------------------------ */

typedef enum {
  FAULT_STATUS_500,
  FAULT_GARBAGE,
  FAULT_HANG,
  FAULT_UNKNOWN_CODE,
  FAULT_RATE_LIMIT_ONCE,
  FAULT_PROXY_DROP_FIRST,
  FAULT_NOT_FOUND,
} FaultMode;

typedef struct
{
  SoupServer  *server;
  char        *endpoint;
  FaultMode    mode;
  guint        requests;
  GPtrArray   *tokens;
  GPtrArray   *languages;  /* X-TC-Language of each request, "" if none */
  GPtrArray   *paused;
  SoupSession *upstream;
  char        *upstream_endpoint;
} Fault;

static void
respond_json (SoupServerMessage *msg,
              const char        *json)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
forward (Fault             *fault,
         SoupServerMessage *msg,
         GBytes            *body)
{
  static const char *headers[] = {
    "X-TC-Action", "X-TC-Version", "X-TC-Timestamp", "X-TC-Region", "X-TC-Language",
    "Authorization",
  };
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  g_autoptr(SoupMessage) out = soup_message_new ("POST", fault->upstream_endpoint);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    if (soup_message_headers_get_one (in, headers[i]) != NULL)
      soup_message_headers_replace (soup_message_get_request_headers (out), headers[i],
                                    soup_message_headers_get_one (in, headers[i]));
  /* The raw Content-Type: it is a signed header, charset included. */
  soup_message_set_request_body_from_bytes (out, soup_message_headers_get_one (in, "Content-Type"), body);
  /* Blocking is fine: the upstream is another process. */
  answer = soup_session_send_and_read (fault->upstream, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (out), ==, SOUP_STATUS_OK);

  if (fault->requests == 1)
    {
      /* The write reached the server, but its answer is lost. */
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
fault_handler (SoupServer        *soup_server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fault *fault = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *language;

  fault->requests++;
  language = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-TC-Language");
  g_ptr_array_add (fault->languages, g_strdup (language != NULL ? language : ""));
  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));

      if (json_object_has_member (object, "ClientToken"))
        g_ptr_array_add (fault->tokens, g_strdup (json_object_get_string_member (object, "ClientToken")));
    }

  switch (fault->mode)
    {
    case FAULT_STATUS_500:
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      break;
    case FAULT_GARBAGE:
      respond_json (msg, "<html>not json</html>");
      break;
    case FAULT_HANG:
      soup_server_message_pause (msg);
      g_ptr_array_add (fault->paused, g_object_ref (msg));
      break;
    case FAULT_UNKNOWN_CODE:
      respond_json (msg, "{\"Response\":{\"Error\":{\"Code\":\"FailedOperation.Weird\","
                         "\"Message\":\"weird\"},\"RequestId\":\"req-1\"}}");
      break;
    case FAULT_RATE_LIMIT_ONCE:
      if (fault->requests == 1)
        respond_json (msg, "{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\","
                           "\"Message\":\"slow down\"},\"RequestId\":\"req-2\"}}");
      else
        respond_json (msg, "{\"Response\":{\"SdkAppId\":1400000777,\"RequestId\":\"req-3\"}}");
      break;
    case FAULT_PROXY_DROP_FIRST:
      forward (fault, msg, body);
      break;
    case FAULT_NOT_FOUND:
      respond_json (msg, "{\"Response\":{\"Error\":{\"Code\":\"ResourceNotFound.App\","
                         "\"Message\":\"gone\"},\"RequestId\":\"req-4\"}}");
      break;
    default:
      g_assert_not_reached ();
    }
}

static Fault *
fault_new (FaultMode mode)
{
  Fault *fault = g_new0 (Fault, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fault->mode = mode;
  fault->tokens = g_ptr_array_new_with_free_func (g_free);
  fault->languages = g_ptr_array_new_with_free_func (g_free);
  fault->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fault->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fault->server, NULL, fault_handler, fault, NULL);
  soup_server_listen_local (fault->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fault->server);
  fault->endpoint = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fault;
}

static ImcPlanClient *
fault_client (Fault *fault,
              guint  attempts)
{
  ImcPlanClient *client = imc_plan_client_new (fault->endpoint, "ap-guangzhou", "AKIDtest", "key");

  imc_plan_client_set_retry_policy (client, attempts, 10);
  return client;
}

static void
fault_free (Fault *fault)
{
  /* Let paused requests finish before the server goes. */
  for (guint i = 0; i < fault->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (fault->paused, i);

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_unref (fault->paused);
  /* Let the server see the client's connections close (the client is
   * gone by now), so it frees them before it goes itself. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (fault->server);
  g_object_unref (fault->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fault->upstream);
  g_free (fault->upstream_endpoint);
  g_ptr_array_unref (fault->tokens);
  g_ptr_array_unref (fault->languages);
  g_free (fault->endpoint);
  g_free (fault);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fault, fault_free)

static void
test_fault_500_retried_then_reported (void)
{
  g_autoptr(Fault) fault = fault_new (FAULT_STATUS_500);
  g_autoptr(ImcPlanClient) client = fault_client (fault, 3);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  app = describe_app (client, 1400000000, &error);
  g_assert_null (app);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_HTTP_STATUS);
  g_assert_cmpuint (imc_plan_client_error_get_http_status (error), ==, 500);
  g_assert_cmpuint (fault->requests, ==, 3);
}

static void
test_fault_garbage_not_retried (void)
{
  g_autoptr(Fault) fault = fault_new (FAULT_GARBAGE);
  g_autoptr(ImcPlanClient) client = fault_client (fault, 3);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  app = describe_app (client, 1400000000, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (fault->requests, ==, 1);
  message = imc_plan_client_error_get_user_message (error);
  g_assert_nonnull (strstr (message, "plan API server"));
}

static void
test_fault_timeout (void)
{
  g_autoptr(Fault) fault = fault_new (FAULT_HANG);
  g_autoptr(ImcPlanClient) client = fault_client (fault, 2);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  imc_plan_client_set_timeout (client, 1);
  app = describe_app (client, 1400000000, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_TIMEOUT);
  /* A read is retried once more before giving up. */
  g_assert_cmpuint (fault->requests, ==, 2);
}

static void
test_fault_unknown_code (void)
{
  g_autoptr(Fault) fault = fault_new (FAULT_UNKNOWN_CODE);
  g_autoptr(ImcPlanClient) client = fault_client (fault, 3);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  app = describe_app (client, 1400000000, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_UNKNOWN_CODE);
  g_assert_cmpstr (imc_plan_client_error_get_api_code (error), ==, "FailedOperation.Weird");
  g_assert_cmpstr (imc_plan_client_error_get_request_id (error), ==, "req-1");
  g_assert_cmpuint (fault->requests, ==, 1);
}

static void
test_fault_rate_limit_retried_with_same_token (void)
{
  g_autoptr(Fault) fault = fault_new (FAULT_RATE_LIMIT_ONCE);
  g_autoptr(ImcPlanClient) client = fault_client (fault, 3);
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
  app = describe_app (client, 1400000000, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_CONNECTION_REFUSED);
}

/* The write reaches the real server but its answer is lost; the retry with
 * the same ClientToken must not change the app a second time. */
static void
test_lost_answer_write_applied_once (void)
{
  g_autoptr(Fault) fault = fault_new (FAULT_PROXY_DROP_FIRST);
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(ImcApp) fetched = NULL;
  g_autoptr(GPtrArray) logs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 id = create_app (server.client, "Lost Answer");
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

  RUN (result, imc_plan_client_upgrade_app_plan_async (client, id, &pro_1000, NULL, WAITER));
  app = imc_plan_client_upgrade_app_plan_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_PRO);
  g_assert_cmpuint (fault->requests, ==, 2);
  g_assert_cmpuint (fault->tokens->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fault->tokens, 0), ==, g_ptr_array_index (fault->tokens, 1));

  fetched = describe_app (server.client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_plan (fetched)->max_groups_per_user, ==, 1000);
  logs = operation_logs (server.client, id);
  g_assert_cmpuint (count_actions (logs, "UpgradeAppPlan"), ==, 1);
}

/* What reaches the server: the X-TC-Language header of each request, as a
 * recording server sees it. */
static void
test_language_header (void)
{
  g_autoptr(Fault) fault = fault_new (FAULT_NOT_FOUND);
  g_autoptr(ImcPlanClient) client = fault_client (fault, 1);
  const char *expected[] = { "en-US", "ko-KR", "zh-CN", "en-US" };
  const char *set[] = { NULL, "ko-KR", "zh-CN", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(ImcApp) app = NULL;
      g_autoptr(GError) error = NULL;

      /* The tests run with LC_ALL=C.UTF-8: NULL means the locale's, en-US. */
      imc_plan_client_set_language (client, set[i]);
      app = describe_app (client, 1400000000, &error);
      g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_APP_NOT_FOUND);
      g_assert_cmpuint (fault->languages->len, ==, i + 1);
      g_assert_cmpstr (g_ptr_array_index (fault->languages, i), ==, expected[i]);
    }
}

/* The real server answers in the language the header asked for. */
static void
test_language_server_answers (void)
{
  const char *languages[] = { "ko-KR", "zh-CN", NULL };
  const char *messages[] = {
    "애플리케이션 1499999999이(가) 존재하지 않습니다.",
    "应用 1499999999 不存在。",
    "The app 1499999999 does not exist.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(ImcApp) app = NULL;
      g_autoptr(GError) error = NULL;

      imc_plan_client_set_language (server.client, languages[i]);
      app = describe_app (server.client, 1499999999, &error);
      g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_APP_NOT_FOUND);
      g_assert_cmpstr (error->message, ==, messages[i]);
    }
  g_assert_cmpstr (imc_plan_client_get_language (server.client), ==, "en-US");
}

/* --- connections and the offline cache ------------------------------------ */

static void
test_connections_round_trip (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(ImcConnection) sandbox = imc_connection_new_sandbox ();
  g_autofree char *id = imc_connection_generate_id ();
  g_autofree char *bad_scheme = imc_connection_check_endpoint ("ftp://example.com/");
  g_autofree char *no_host = imc_connection_check_endpoint ("https://");

  g_ptr_array_add (saved, g_object_ref (sandbox));
  g_ptr_array_add (saved, imc_connection_new (id, "Staging", "https://im.example.com/", "ap-shanghai"));
  imc_connections_save (settings, saved);

  /* The sandbox is built in, never stored. */
  loaded = imc_connections_load (settings);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpstr (imc_connection_get_id (g_ptr_array_index (loaded, 0)), ==, id);
  g_assert_cmpstr (imc_connection_get_name (g_ptr_array_index (loaded, 0)), ==, "Staging");
  g_assert_cmpstr (imc_connection_get_endpoint (g_ptr_array_index (loaded, 0)), ==, "https://im.example.com/");
  g_assert_cmpstr (imc_connection_get_region (g_ptr_array_index (loaded, 0)), ==, "ap-shanghai");
  g_assert_true (imc_connection_is_sandbox (sandbox));

  g_assert_null (imc_connection_check_endpoint ("http://127.0.0.1:8700/"));
  g_assert_nonnull (bad_scheme);
  g_assert_nonnull (no_host);
  g_settings_reset (settings, "connections");
}

static void
test_app_cache_round_trip (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) fetched = NULL;
  g_autofree char *path = imc_app_cache_get_path ("test/../profile");

  /* Odd profile ids never leave the cache directory. */
  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));
  g_assert_null (strstr (path + strlen (g_get_user_cache_dir ()), ".."));

  RUN (result, imc_plan_client_describe_all_apps_async (server.client, NULL, WAITER));
  apps = imc_plan_client_describe_all_apps_finish (server.client, result, &error);
  g_assert_no_error (error);

  g_assert_true (imc_app_cache_save ("test/../profile", apps, now, &error));
  g_assert_no_error (error);
  cached = imc_app_cache_load ("test/../profile", &fetched, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached->len, ==, apps->len);
  g_assert_cmpint (g_date_time_to_unix (fetched), ==, g_date_time_to_unix (now));
  for (guint i = 0; i < apps->len; i++)
    {
      ImcApp *a = g_ptr_array_index (apps, i);
      ImcApp *b = g_ptr_array_index (cached, i);

      g_assert_cmpint (imc_app_get_sdk_app_id (a), ==, imc_app_get_sdk_app_id (b));
      g_assert_true (imc_plan_equal (imc_app_get_plan (a), imc_app_get_plan (b)));
      g_assert_cmpint (imc_app_get_status (a), ==, imc_app_get_status (b));
    }

  g_assert_null (imc_app_cache_load ("no-such-profile", NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* --- a sandbox server that dies ------------------------------------------- */

static gboolean
sandbox_stopped (gpointer data)
{
  return !imc_sandbox_is_running (IMC_SANDBOX (data));
}

static void
test_sandbox_restarts_after_crash (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) sandbox = imc_sandbox_new (dir);
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(ImcPlanClient) again = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;

  RUN (r1, imc_sandbox_start_async (sandbox, NULL, WAITER));
  client = imc_sandbox_start_finish (sandbox, r1, &error);
  g_assert_no_error (error);
  pid = imc_sandbox_get_server_pid (sandbox);
  g_assert_cmpint (pid, >, 0);

  /* The test started this server through the sandbox: end it hard. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  imc_test_iterate_until (sandbox_stopped, sandbox);
  g_assert_cmpint (imc_sandbox_get_server_pid (sandbox), ==, 0);

  /* Starting again brings up a new server on the same database. */
  RUN (r2, imc_sandbox_start_async (sandbox, NULL, WAITER));
  again = imc_sandbox_start_finish (sandbox, r2, &error);
  g_assert_no_error (error);
  g_assert_true (imc_sandbox_is_running (sandbox));
  g_assert_cmpint (imc_sandbox_get_server_pid (sandbox), !=, pid);
  RUN (r3, imc_plan_client_describe_apps_async (again, 0, 10, NULL, NULL, NULL, WAITER));
  apps = imc_plan_client_describe_apps_finish (again, r3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, >, 0);

  imc_sandbox_stop (sandbox);
  g_assert_false (imc_sandbox_is_running (sandbox));
  imc_test_remove_tree (dir);
}

/* --- the sandbox's key ------------------------------------------------------ */

/* DescribeApps' TotalCount. */
static guint
count_apps (ImcPlanClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  RUN (result, imc_plan_client_describe_apps_async (client, 0, 1, NULL, NULL, NULL, WAITER));
  apps = imc_plan_client_describe_apps_finish (client, result, &total, &error);
  g_assert_no_error (error);
  return total;
}

static ImcPlanClient *
start_sandbox (ImcSandbox *sandbox)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ImcPlanClient *client;

  RUN (result, imc_sandbox_start_async (sandbox, NULL, WAITER));
  client = imc_sandbox_start_finish (sandbox, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
  return client;
}

/* Watches the session bus for anyone talking to the Secret Service (or
 * asking the bus to find or start it), from any connection of any
 * process: a D-Bus monitor (org.freedesktop.DBus.Monitoring), which only
 * receives. */
#define SECRETS_NAME "org.freedesktop.secrets"
#define MARKER_NAME "io.github.imconsole.ImConsole.Test.Marker"

/* What the filter saw; the filter runs in GDBus' worker thread, and may
 * still run just after it was removed, so it holds a reference. */
typedef struct
{
  GMutex     lock;
  GPtrArray *seen;
  int        marker_seen;
} MonitorLog;

static void
monitor_log_clear (MonitorLog *log)
{
  g_mutex_clear (&log->lock);
  g_ptr_array_unref (log->seen);
}

static void
monitor_log_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) monitor_log_clear);
}

typedef struct
{
  GDBusConnection *connection;
  guint            filter_id;
  MonitorLog      *log;
} SecretsMonitor;

static GDBusMessage *
secrets_monitor_filter (GDBusConnection *connection,
                        GDBusMessage    *message,
                        gboolean         incoming,
                        gpointer         user_data)
{
  MonitorLog *log = user_data;
  GVariant *body;
  g_autofree char *arg0 = NULL;

  /* What the monitor is sent are other connections' calls: never for it
   * to answer (a monitor that sends anything is disconnected). Replies to
   * its own calls pass. */
  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    return message;

  body = g_dbus_message_get_body (message);
  if (body != NULL && g_variant_n_children (body) > 0)
    {
      g_autoptr(GVariant) first = g_variant_get_child_value (body, 0);

      if (g_variant_is_of_type (first, G_VARIANT_TYPE_STRING))
        arg0 = g_variant_dup_string (first, NULL);
    }

  g_mutex_lock (&log->lock);
  if (g_strcmp0 (arg0, MARKER_NAME) == 0)
    {
      g_atomic_int_set (&log->marker_seen, TRUE);
      g_main_context_wakeup (NULL);
    }
  else
    g_ptr_array_add (log->seen,
                     g_strdup_printf ("%s: %s.%s (%s) to %s", g_dbus_message_get_sender (message),
                                      g_dbus_message_get_interface (message),
                                      g_dbus_message_get_member (message),
                                      arg0 ? arg0 : "", g_dbus_message_get_destination (message)));
  g_mutex_unlock (&log->lock);
  g_object_unref (message);
  return NULL;
}

static SecretsMonitor *
secrets_monitor_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  SecretsMonitor *monitor = g_new0 (SecretsMonitor, 1);
  const char *rules[] = {
    "type='method_call',destination='" SECRETS_NAME "'",
    "type='method_call',destination='org.freedesktop.DBus',arg0='" SECRETS_NAME "'",
    "type='method_call',destination='org.freedesktop.DBus',member='NameHasOwner',arg0='" MARKER_NAME "'",
    NULL,
  };

  g_assert_no_error (error);
  monitor->log = g_atomic_rc_box_new0 (MonitorLog);
  g_mutex_init (&monitor->log->lock);
  monitor->log->seen = g_ptr_array_new_with_free_func (g_free);
  monitor->connection = g_dbus_connection_new_for_address_sync (address,
                                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                                NULL, NULL, &error);
  g_assert_no_error (error);
  monitor->filter_id = g_dbus_connection_add_filter (monitor->connection, secrets_monitor_filter,
                                                     g_atomic_rc_box_acquire (monitor->log),
                                                     monitor_log_release);
  reply = g_dbus_connection_call_sync (monitor->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                                       g_variant_new ("(^asu)", rules, 0), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  return monitor;
}

static gboolean
marker_seen (gpointer data)
{
  return g_atomic_int_get (&((MonitorLog *) data)->marker_seen);
}

/* Sends a marker through the process's session bus connection (the one
 * libsecret uses) and waits until the monitor has seen it: whatever this
 * process sent the Secret Service before has been seen by then. Returns
 * what was seen, "" for nothing, and ends the monitor. */
static char *
secrets_monitor_finish (SecretsMonitor *monitor)
{
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  char *seen;

  reply = g_dbus_connection_call_sync (session, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", MARKER_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  imc_test_iterate_until (marker_seen, monitor->log);

  g_mutex_lock (&monitor->log->lock);
  g_ptr_array_add (monitor->log->seen, NULL);
  seen = g_strjoinv ("\n", (char **) monitor->log->seen->pdata);
  g_mutex_unlock (&monitor->log->lock);

  g_dbus_connection_remove_filter (monitor->connection, monitor->filter_id);
  g_dbus_connection_close_sync (monitor->connection, NULL, NULL);
  g_object_unref (monitor->connection);
  monitor_log_release (monitor->log);
  g_free (monitor);
  return seen;
}

static gboolean
secret_service_running (void)
{
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean running = FALSE;

  reply = g_dbus_connection_call_sync (session, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", SECRETS_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &running);
  return running;
}

/* A desktop without a keyring: the sandbox starts, twice on one database,
 * without a word to the Secret Service (nor to the bus about it, which
 * would start one: a keyring prompt). Runs before anything in this
 * process starts a keyring. */
static void
test_sandbox_needs_no_keyring (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) first = imc_sandbox_new (dir);
  g_autoptr(ImcSandbox) second = imc_sandbox_new (dir);
  g_autoptr(ImcPlanClient) client1 = NULL;
  g_autoptr(ImcPlanClient) client2 = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  SecretsMonitor *monitor;

  g_assert_false (secret_service_running ());
  monitor = secrets_monitor_start ();

  client1 = start_sandbox (first);
  imc_sandbox_stop (first);
  /* The database exists now, as on every later start of the app. */
  client2 = start_sandbox (second);
  RUN (result, imc_plan_client_describe_apps_async (client2, 0, 10, NULL, NULL, NULL, WAITER));
  apps = imc_plan_client_describe_apps_finish (client2, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, >, 0);
  imc_sandbox_stop (second);

  seen = secrets_monitor_finish (monitor);
  g_assert_cmpstr (seen, ==, "");
  g_assert_false (secret_service_running ());
  imc_test_remove_tree (dir);
}

/* Each start makes a new key and revokes the one before at once, also
 * while the earlier start's server still runs; the database (the demo
 * apps and one made by the first start) stays. */
static void
test_sandbox_fresh_key_each_start (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) first = imc_sandbox_new (dir);
  g_autoptr(ImcSandbox) second = imc_sandbox_new (dir);
  g_autoptr(ImcSandbox) third = imc_sandbox_new (dir);
  g_autoptr(ImcPlanClient) client1 = NULL;
  g_autoptr(ImcPlanClient) client2 = NULL;
  g_autoptr(ImcPlanClient) client3 = NULL;
  g_autoptr(ImcPlanClient) second_id_on_third = NULL;
  g_autoptr(ImcApp) refused = NULL;
  g_autoptr(ImcApp) on_second = NULL;
  g_autoptr(ImcApp) on_third = NULL;
  g_autoptr(GError) error = NULL;
  guint apps_before;
  gint64 id;

  client1 = start_sandbox (first);
  apps_before = count_apps (client1);
  g_assert_cmpuint (apps_before, >, 0);
  id = create_app (client1, "Made by the first start");

  /* The second start revokes the first key, while the first server runs. */
  client2 = start_sandbox (second);
  g_assert_cmpstr (imc_plan_client_get_secret_id (client2), !=, imc_plan_client_get_secret_id (client1));
  refused = describe_app (client1, id, &error);
  g_assert_null (refused);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_AUTH_SECRET_ID_NOT_FOUND);
  g_clear_error (&error);
  on_second = describe_app (client2, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imc_app_get_name (on_second), ==, "Made by the first start");
  imc_sandbox_stop (first);
  imc_sandbox_stop (second);

  /* A start after the app quit: the same apps, and the last key gone
   * (its SecretId is unknown, not merely signed wrong). */
  client3 = start_sandbox (third);
  on_third = describe_app (client3, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imc_app_get_name (on_third), ==, "Made by the first start");
  g_assert_cmpuint (count_apps (client3), ==, apps_before + 1);
  second_id_on_third = imc_plan_client_new (imc_sandbox_get_endpoint (third), "ap-guangzhou",
                                            imc_plan_client_get_secret_id (client2), "any");
  g_assert_null (describe_app (second_id_on_third, id, &error));
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_AUTH_SECRET_ID_NOT_FOUND);
  imc_sandbox_stop (third);

  imc_test_remove_tree (dir);
}

/* --- the keyring (remote connections) ---------------------------------------- */

static gboolean keyring_ready;

static void
secrets_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  keyring_ready = TRUE;
}

static gboolean
keyring_is_ready (gpointer data)
{
  return keyring_ready;
}

/* A private gnome-keyring in the test's own D-Bus session, with an
 * unlocked login keyring in a temporary XDG_DATA_HOME. FALSE when there is
 * no gnome-keyring-daemon. */
static gboolean
start_private_keyring (const char *data_home)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  guint watch;

  if (daemon == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, daemon, "--unlock", "--daemonize",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);
  /* The login keyring's password comes on stdin. */
  g_subprocess_communicate_utf8 (process, "test-password", NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Wait until it owns the Secret Service name (no D-Bus activation of a
   * second daemon). */
  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.secrets",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, secrets_appeared_cb, NULL, NULL, NULL);
  imc_test_iterate_until (keyring_is_ready, NULL);
  g_bus_unwatch_name (watch);
  return TRUE;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  return memmem (data, length, needle, strlen (needle)) != NULL;
}

/* Older versions kept the sandbox key in the keyring as the item of the
 * profile "local-sandbox". With a keyring running, the sandbox still does
 * not use it, and leaves such an item as it is (opening the keyring to
 * remove it could prompt). Runs inside the private keyring of
 * test_credentials_in_keyring(). */
static void
test_sandbox_leaves_keyring_alone (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) sandbox = imc_sandbox_new (dir);
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *secret_key = NULL;
  SecretsMonitor *monitor;

  RUN (stored, imc_credentials_store_async (IMC_SANDBOX_PROFILE, "IM Console local sandbox",
                                            "AKIDfromanolderversion", "old-key", NULL, WAITER));
  g_assert_true (imc_credentials_store_finish (stored, &error));
  g_assert_no_error (error);

  monitor = secrets_monitor_start ();
  client = start_sandbox (sandbox);
  g_assert_cmpstr (imc_plan_client_get_secret_id (client), !=, "AKIDfromanolderversion");
  imc_sandbox_stop (sandbox);
  seen = secrets_monitor_finish (monitor);
  g_assert_cmpstr (seen, ==, "");

  RUN (looked_up, imc_credentials_lookup_async (IMC_SANDBOX_PROFILE, NULL, WAITER));
  g_assert_true (imc_credentials_lookup_finish (looked_up, &secret_id, &secret_key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (secret_id, ==, "AKIDfromanolderversion");
  g_assert_cmpstr (secret_key, ==, "old-key");

  imc_test_remove_tree (dir);
}

static void
test_credentials_in_keyring (void)
{
  g_autofree char *data_home = g_dir_make_tmp ("imc-keyring-XXXXXX", NULL);
  g_autofree char *keyring_file = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GAsyncResult) looked_up_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *secret_key = NULL;
  const char *key = "k3y-that-must-never-be-in-plain-text";

  if (!start_private_keyring (data_home))
    {
      g_test_skip ("gnome-keyring-daemon or a session bus is not available");
      imc_test_remove_tree (data_home);
      return;
    }

  RUN (stored, imc_credentials_store_async ("profile-under-test", "IM Console test", "AKIDtest", key,
                                            NULL, WAITER));
  g_assert_true (imc_credentials_store_finish (stored, &error));
  g_assert_no_error (error);

  RUN (looked_up, imc_credentials_lookup_async ("profile-under-test", NULL, WAITER));
  g_assert_true (imc_credentials_lookup_finish (looked_up, &secret_id, &secret_key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (secret_id, ==, "AKIDtest");
  g_assert_cmpstr (secret_key, ==, key);

  /* Stored encrypted, never in plain text. */
  keyring_file = g_build_filename (data_home, "keyrings", "login.keyring", NULL);
  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_EXISTS));
  g_assert_false (file_contains (keyring_file, key));

  RUN (cleared, imc_credentials_clear_async ("profile-under-test", NULL, WAITER));
  g_assert_true (imc_credentials_clear_finish (cleared, &error));
  g_assert_no_error (error);
  RUN (looked_up_again, imc_credentials_lookup_async ("profile-under-test", NULL, WAITER));
  g_assert_false (imc_credentials_lookup_finish (looked_up_again, NULL, NULL, &error));
  g_assert_no_error (error);

  test_sandbox_leaves_keyring_alone ();
  imc_test_remove_tree (data_home);
}

/* --- error messages --------------------------------------------------------- */

static void
test_every_code_has_a_message (void)
{
  for (int code = 0; code <= IMC_PLAN_CLIENT_ERROR_SANDBOX_FAILED; code++)
    {
      g_autoptr(GError) error = g_error_new_literal (IMC_PLAN_CLIENT_ERROR, code, "raw");
      g_autofree char *message = imc_plan_client_error_get_user_message (error);
      g_autoptr(GError) generic = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
      g_autofree char *fallback = imc_plan_client_error_get_user_message (generic);

      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 20);
      /* Never the raw server text, never the generic fallback. */
      g_assert_null (strstr (message, "raw"));
      g_assert_cmpstr (message, !=, fallback);
    }
}

static void
test_api_codes_round_trip (void)
{
  for (int code = 0; code <= IMC_ERROR_LAST; code++)
    {
      const char *api = imc_error_to_code (code);
      g_autoptr(GError) error = imc_plan_client_error_new_from_api (api, "m", "rid");

      g_assert_cmpint (error->code, ==, code);
      g_assert_cmpstr (imc_plan_client_error_get_api_code (error), ==, api);
      g_assert_cmpstr (imc_plan_client_error_get_request_id (error), ==, "rid");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* The offline cache of the tests goes to a temporary directory. */
  cache_dir = g_dir_make_tmp ("imc-client-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  imc_test_server_start (&server);

  g_test_add_func ("/client/sandbox-endpoint", test_sandbox_endpoint);
  g_test_add_func ("/client/catalog", test_catalog);
  g_test_add_func ("/client/describe-apps-paging", test_describe_apps_paging);
  g_test_add_func ("/client/create-and-describe", test_create_and_describe);
  g_test_add_func ("/client/upgrade-then-not-free", test_upgrade_then_not_free);
  g_test_add_func ("/client/monthly-limit-carries-date", test_monthly_limit_carries_date);
  g_test_add_func ("/client/modify", test_modify_unchanged_items_only);
  g_test_add_func ("/client/disable-enable", test_disable_enable);
  g_test_add_func ("/client/inquiry-price", test_inquiry_price);
  g_test_add_func ("/client/not-found-keeps-request-id", test_not_found_keeps_request_id);
  g_test_add_func ("/client/wrong-key", test_wrong_key);
  g_test_add_func ("/client/cancel", test_cancel);
  g_test_add_func ("/client/language", test_language_header);
  g_test_add_func ("/client/language/server-answers", test_language_server_answers);
  g_test_add_func ("/client/secret-key-write-only", test_secret_key_write_only);
  g_test_add_func ("/client/fault/500", test_fault_500_retried_then_reported);
  g_test_add_func ("/client/fault/garbage", test_fault_garbage_not_retried);
  g_test_add_func ("/client/fault/timeout", test_fault_timeout);
  g_test_add_func ("/client/fault/unknown-code", test_fault_unknown_code);
  g_test_add_func ("/client/fault/rate-limit", test_fault_rate_limit_retried_with_same_token);
  g_test_add_func ("/client/fault/connection-refused", test_fault_connection_refused);
  g_test_add_func ("/client/fault/lost-answer-write-once", test_lost_answer_write_applied_once);
  g_test_add_func ("/client/connections", test_connections_round_trip);
  g_test_add_func ("/client/app-cache", test_app_cache_round_trip);
  g_test_add_func ("/client/sandbox-restarts-after-crash", test_sandbox_restarts_after_crash);
  /* Before anything starts a keyring on the session bus. */
  g_test_add_func ("/client/sandbox-needs-no-keyring", test_sandbox_needs_no_keyring);
  g_test_add_func ("/client/sandbox-fresh-key-each-start", test_sandbox_fresh_key_each_start);
  g_test_add_func ("/client/credentials-in-keyring", test_credentials_in_keyring);
  g_test_add_func ("/client/errors/messages", test_every_code_has_a_message);
  g_test_add_func ("/client/errors/api-codes", test_api_codes_round_trip);

  ret = g_test_run ();
  /* libsecret keeps one Secret Service connection for the process. */
  secret_service_disconnect ();
  imc_test_server_stop (&server);
  imc_test_remove_tree (cache_dir);
  return ret;
}
