/* test-plan-client.c: ImcPlanClient against the real im-plan-server
 * (started through ImcSandbox on loopback with a temporary database): every
 * action, its errors, cancelling, and the language it asks for. */
#include "config.h"

#include <string.h>

#include "test-client-common.h"

static ImcTestServer server;

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
  gint64 id = imc_test_create_app (server.client, "Client Test App");

  app = imc_test_describe_app (server.client, id, &error);
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
  gint64 id = imc_test_create_app (server.client, "Upgrade Me");

  app = imc_test_upgrade (server.client, id, &imc_test_pro_1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_PRO);
  g_assert_cmpint (imc_app_get_billing_mode (app), ==, IMC_BILLING_MODE_POSTPAID);
  g_assert_cmpint (imc_app_get_plan (app)->max_groups_per_user, ==, 1000);
  g_assert_cmpstr (imc_format_plan_name (imc_app_get_plan (app)), ==, "Pro-postpaid");
  /* The upgrade is this month's change of the edition and of the raised item. */
  g_assert_nonnull (imc_app_get_next_modifiable (app, IMC_PLAN_ITEM_EDITION));
  g_assert_nonnull (imc_app_get_next_modifiable (app, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER));

  again = imc_test_upgrade (server.client, id, &imc_test_pro_1000, &error);
  g_assert_null (again);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_NOT_FREE_EDITION);
  g_assert_cmpstr (imc_plan_client_error_get_api_code (error), ==, "UnsupportedOperation.NotFreeEdition");
  g_assert_nonnull (imc_plan_client_error_get_request_id (error));
  message = imc_plan_client_error_get_user_message (error);
  g_assert_nonnull (strstr (message, "Modify feature configuration"));

  logs = imc_test_operation_logs (server.client, id);
  g_assert_cmpuint (imc_test_count_actions (logs, "UpgradeAppPlan"), ==, 1);
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
  gint64 id = imc_test_create_app (server.client, "Locked Item");

  upgraded = imc_test_upgrade (server.client, id, &imc_test_pro_1000, &error);
  g_assert_no_error (error);

  modified = imc_test_modify (server.client, id, &request, &error);
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
  gint64 id = imc_test_create_app (server.client, "Edition Change");

  upgraded = imc_test_upgrade (server.client, id, &pro_default, &error);
  g_assert_no_error (error);
  /* The upgrade changed the edition this month: a second edition change
   * must wait, but items at their default are still free to change. */
  modified = imc_test_modify (server.client, id, &request, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_MONTHLY_MODIFICATION);
  g_clear_error (&error);

  request = (ImcPlanRequest) { .has_max_members_per_group = TRUE, .max_members_per_group = 500 };
  modified = imc_test_modify (server.client, id, &request, &error);
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
  gint64 id = imc_test_create_app (server.client, "Disable Me");

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
  gint64 id = imc_test_create_app (server.client, "Price Me");

  RUN (result, imc_plan_client_inquiry_price_app_plan_async (server.client, id, &imc_test_pro_1000, NULL, WAITER));
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

  app = imc_test_describe_app (server.client, 1499999999, &error);
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
  app = imc_test_describe_app (bad, 1400000000, &error);
  g_assert_null (app);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_AUTH_SIGNATURE_FAILURE);
  g_clear_error (&error);

  unknown = imc_plan_client_new (endpoint, "ap-guangzhou", "AKIDnobody", "x");
  app = imc_test_describe_app (unknown, 1400000000, &error);
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

/* What reaches the server: the X-TC-Language header of each request, as a
 * recording server sees it. */
static void
test_language_header (void)
{
  g_autoptr(ImcTestFault) fault = imc_test_fault_new (IMC_TEST_FAULT_NOT_FOUND);
  g_autoptr(ImcPlanClient) client = imc_test_fault_client (fault, 1);
  const char *expected[] = { "en-US", "ko-KR", "zh-CN", "en-US" };
  const char *set[] = { NULL, "ko-KR", "zh-CN", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(ImcApp) app = NULL;
      g_autoptr(GError) error = NULL;

      /* The tests run with LC_ALL=C.UTF-8: NULL means the locale's, en-US. */
      imc_plan_client_set_language (client, set[i]);
      app = imc_test_describe_app (client, 1400000000, &error);
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
      app = imc_test_describe_app (server.client, 1499999999, &error);
      g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_APP_NOT_FOUND);
      g_assert_cmpstr (error->message, ==, messages[i]);
    }
  g_assert_cmpstr (imc_plan_client_get_language (server.client), ==, "en-US");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
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

  ret = g_test_run ();
  imc_test_server_stop (&server);
  return ret;
}
