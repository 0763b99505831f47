/* test-server-api.c: every action's success path and its error codes,
 * ClientToken replay, isolation between accounts, concurrency, rate
 * limiting and the per-request language (one request after another and
 * many at once), against the real server. */
#include "config.h"

#include <string.h>

#include "test-server-common.h"

static JsonObject *
app_of (JsonObject *response)
{
  g_assert_true (json_object_has_member (response, "App"));
  return json_object_get_object_member (response, "App");
}

static JsonObject *
plan_of (JsonObject *response)
{
  return json_object_get_object_member (app_of (response), "Plan");
}

static const char *
next_modifiable (JsonObject *response,
                 const char *item)
{
  JsonObject *next = json_object_get_object_member (app_of (response), "NextModifiable");

  return json_object_get_null_member (next, item) ? NULL : json_object_get_string_member (next, item);
}

static JsonObject *
callf (TestServer *server,
       const char *action,
       const char *format,
       ...) G_GNUC_PRINTF (3, 4);

static JsonObject *
callf (TestServer *server,
       const char *action,
       const char *format,
       ...)
{
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  return test_server_call (server, action, body);
}

static gint64
log_count (TestServer *server,
           gint64      id)
{
  g_autoptr(JsonObject) r = callf (server, "DescribeAppOperationLogs", "{\"SdkAppId\": %" G_GINT64_FORMAT "}", id);

  test_assert_ok (r);
  return json_object_get_int_member (r, "TotalCount");
}

/* The first app of a DescribeApps page (Offset 0, Limit 1). */
static JsonObject *
first_app (TestServer *server,
           const char *extra)
{
  JsonObject *r = callf (server, "DescribeApps", "{\"Limit\": 1%s}", extra);
  JsonObject *app;

  test_assert_ok (r);
  app = json_object_ref (json_array_get_object_element (json_object_get_array_member (r, "Apps"), 0));
  json_object_unref (r);
  return app;
}

static const char *
edition_of (JsonObject *app)
{
  return json_object_get_string_member (json_object_get_object_member (app, "Plan"), "Edition");
}

/* Pages are kept between requests; none may outlive a change made by
 * this server, by another process on the same database, or show one
 * account's apps to another. */
static void
test_page_cache (void)
{
  g_autoptr(TestServer) a = test_server_start (NULL);
  g_autoptr(TestServer) b = NULL;
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) app = NULL;
  gint64 id;

  if (a == NULL)
    return;
  id = test_server_create_app (a, "Cached");

  app = first_app (a, "");
  g_assert_cmpstr (edition_of (app), ==, "Free");
  g_clear_pointer (&app, json_object_unref);
  app = first_app (a, "");
  g_assert_cmpstr (edition_of (app), ==, "Free");
  g_clear_pointer (&app, json_object_unref);

  /* A change by this server. */
  r = callf (a, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\"}", id);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);
  app = first_app (a, "");
  g_assert_cmpstr (edition_of (app), ==, "Pro");
  g_assert_false (json_object_get_null_member (json_object_get_object_member (app, "NextModifiable"), "Edition"));
  g_clear_pointer (&app, json_object_unref);

  /* A change by another process on the same file. */
  b = test_server_start_on (a, NULL);
  r = callf (b, "DisableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT "}", id);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);
  app = first_app (a, "");
  g_assert_cmpstr (json_object_get_string_member (app, "Status"), ==, "Disabled");
  g_clear_pointer (&app, json_object_unref);

  /* A new app from the other process changes the count. */
  test_server_create_app (b, "Second");
  r = test_server_call (a, "DescribeApps", "{}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 2);
  g_clear_pointer (&r, json_object_unref);

  /* Filters and paging are different pages. */
  r = test_server_call (a, "DescribeApps", "{\"Status\": \"Enabled\"}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 1);
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (a, "DescribeApps", "{\"Keyword\": \"Second\"}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 1);
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (a, "DescribeApps", "{\"Keyword\": \"Sec\", \"Status\": \"Disabled\"}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 0);
  g_clear_pointer (&r, json_object_unref);
  app = first_app (a, ", \"Offset\": 1");
  g_assert_cmpstr (json_object_get_string_member (app, "AppName"), ==, "Second");
  g_clear_pointer (&app, json_object_unref);

  /* The same page asked by another account. */
  {
    g_autofree char *bob_id = NULL;
    g_autofree char *bob_key = NULL;
    TestRequest request = { .action = "DescribeApps", .body = "{}", .body_length = -1 };

    test_server_create_key (a, "bob", &bob_id, &bob_key);
    request.secret_id = bob_id;
    request.secret_key = bob_key;
    r = test_server_send (a, &request);
    test_assert_ok (r);
    g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "Apps")), ==, 0);
  }

  test_server_stop (b);
  test_server_stop (a);
}

static void
test_catalog (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autoptr(JsonObject) r = NULL;

  if (server == NULL)
    return;

  r = test_server_call (server, "DescribePlanCatalog", "{}");
  test_assert_ok (r);
  g_assert_cmpstr (json_object_get_string_member (r, "Currency"), ==, "CNY");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "Editions")), ==, 3);
  /* The answer decodes as a catalog with the client's own code. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcCatalog) catalog = imc_catalog_new_from_json (r, &error);

    g_assert_no_error (error);
    g_assert_cmpint (imc_catalog_get_edition_price (catalog, IMC_EDITION_PRO), ==, 99900);
  }
  test_server_stop (server);
}

static void
test_create_and_describe (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autoptr(JsonObject) r = NULL;
  g_autofree char *long_name = NULL;
  gint64 a, b;

  if (server == NULL)
    return;

  a = test_server_create_app (server, "Alpha chat");
  b = test_server_create_app (server, "Beta 直播");
  g_assert_cmpint (b, ==, a + 1);

  r = callf (server, "DescribeApp", "{\"SdkAppId\": %" G_GINT64_FORMAT "}", a);
  test_assert_ok (r);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcApp) app = imc_app_new_from_json (app_of (r), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (imc_app_get_name (app), ==, "Alpha chat");
    g_assert_cmpint (imc_app_get_status (app), ==, IMC_APP_STATUS_ENABLED);
    g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_FREE);
    g_assert_cmpint (imc_app_get_billing_mode (app), ==, IMC_BILLING_MODE_FREE);
    g_assert_null (imc_app_get_disabled_time (app));
    g_assert_cmpint (imc_app_get_max_av_groups (app), ==, 50);
    g_assert_cmpint (imc_app_get_message_retention_days (app), ==, 7);
    for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
      g_assert_null (imc_app_get_next_modifiable (app, i));
  }
  g_clear_pointer (&r, json_object_unref);

  r = test_server_call (server, "DescribeApps", "{}");
  test_assert_ok (r);
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 2);
  g_clear_pointer (&r, json_object_unref);

  r = test_server_call (server, "DescribeApps", "{\"Keyword\": \"直播\"}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 1);
  g_clear_pointer (&r, json_object_unref);

  r = test_server_call (server, "DescribeApps", "{\"Keyword\": \"%\"}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 0);
  g_clear_pointer (&r, json_object_unref);

  r = test_server_call (server, "DescribeApps", "{\"Limit\": 1, \"Offset\": 1}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "Apps")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (r, "Apps"), 0),
                                               "SdkAppId"), ==, b);
  g_clear_pointer (&r, json_object_unref);

  r = test_server_call (server, "DescribeApps", "{\"Status\": \"Disabled\"}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 0);
  g_clear_pointer (&r, json_object_unref);

  /* Errors */
  r = test_server_call (server, "CreateApp", "{}");
  test_assert_error (r, "MissingParameter");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "CreateApp", "{\"AppName\": \"  \"}");
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  long_name = g_strnfill (65, 'x');
  r = callf (server, "CreateApp", "{\"AppName\": \"%s\"}", long_name);
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "CreateApp", "{\"AppName\": \"tab\\there\"}");
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "CreateApp", "{\"AppName\": 5}");
  test_assert_error (r, "InvalidParameter");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeApp", "{\"SdkAppId\": 1399999999}");
  test_assert_error (r, "ResourceNotFound.App");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeApp", "{}");
  test_assert_error (r, "MissingParameter");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeApps", "{\"Limit\": 0}");
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeApps", "{\"Limit\": 101}");
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeApps", "{\"Status\": \"enabled\"}");
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);

  /* SQL metacharacters are just characters. */
  r = test_server_call (server, "CreateApp", "{\"AppName\": \"x'); DROP TABLE apps;--\"}");
  test_assert_ok (r);
  g_assert_cmpstr (json_object_get_string_member (app_of (r), "AppName"), ==, "x'); DROP TABLE apps;--");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeApps", "{\"Keyword\": \"' OR 1=1 --\"}");
  test_assert_ok (r);
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 0);

  test_server_stop (server);
}

static void
test_upgrade_modify (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autoptr(JsonObject) r = NULL;
  JsonObject *error;
  gint64 id;

  if (server == NULL)
    return;
  id = test_server_create_app (server, "Plans");

  r = callf (server, "ModifyAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"MaxGroupsPerUser\": 1000}", id);
  test_assert_error (r, "UnsupportedOperation.NotPostpaid");
  g_clear_pointer (&r, json_object_unref);
  r = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT "}", id);
  test_assert_error (r, "MissingParameter");
  g_clear_pointer (&r, json_object_unref);
  r = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Free\"}", id);
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Gold\"}", id);
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\", \"MaxGroupsPerUser\": 700}", id);
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  g_assert_cmpint (log_count (server, id), ==, 1);

  r = callf (server, "UpgradeAppPlan",
             "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\", \"UnlimitedAvGroups\": false, "
             "\"MaxGroupsPerUser\": 1000, \"MaxMembersPerGroup\": 200}", id);
  test_assert_ok (r);
  g_assert_cmpstr (json_object_get_string_member (plan_of (r), "Edition"), ==, "Pro");
  g_assert_cmpstr (json_object_get_string_member (plan_of (r), "BillingMode"), ==, "Postpaid");
  g_assert_cmpint (json_object_get_int_member (plan_of (r), "MaxGroupsPerUser"), ==, 1000);
  /* The upgrade counts as this month's change of the edition and of the
   * raised item, not of the items left at the default. */
  g_assert_nonnull (next_modifiable (r, "Edition"));
  g_assert_nonnull (next_modifiable (r, "MaxGroupsPerUser"));
  g_assert_null (next_modifiable (r, "MaxMembersPerGroup"));
  g_assert_null (next_modifiable (r, "UnlimitedAvGroups"));
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Ultimate\"}", id);
  test_assert_error (r, "UnsupportedOperation.NotFreeEdition");
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "ModifyAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Free\"}", id);
  test_assert_error (r, "UnsupportedOperation.DowngradeToFree");
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "ModifyAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"MaxMembersPerGroup\": 500}", id);
  test_assert_ok (r);
  g_assert_cmpint (json_object_get_int_member (plan_of (r), "MaxMembersPerGroup"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (plan_of (r), "MaxGroupsPerUser"), ==, 1000);
  g_assert_nonnull (next_modifiable (r, "MaxMembersPerGroup"));
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "ModifyAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"MaxMembersPerGroup\": 1000}", id);
  test_assert_error (r, "LimitExceeded.MonthlyModification");
  error = json_object_get_object_member (r, "Error");
  g_assert_cmpstr (json_object_get_string_member (error, "Item"), ==, "MaxMembersPerGroup");
  {
    g_autoptr(GDateTime) utc_now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) now = imc_calendar_to_billing (utc_now);
    g_autoptr(GDateTime) next = imc_calendar_next_month_start (now);
    g_autofree char *expected = imc_calendar_format_date (next);

    g_assert_cmpstr (json_object_get_string_member (error, "NextModifiable"), ==, expected);
    g_assert_nonnull (strstr (json_object_get_string_member (error, "Message"), expected));
  }
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "ModifyAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Ultimate\"}", id);
  test_assert_error (r, "LimitExceeded.MonthlyModification");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "Error"), "Item"), ==, "Edition");
  g_clear_pointer (&r, json_object_unref);

  /* Same values as now: no change, nothing logged. */
  r = callf (server, "ModifyAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\", \"MaxMembersPerGroup\": 500}", id);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);
  g_assert_cmpint (log_count (server, id), ==, 3);

  /* The log: newest first, who, what, before and after. */
  r = callf (server, "DescribeAppOperationLogs", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Limit\": 2}", id);
  test_assert_ok (r);
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 3);
  {
    JsonArray *logs = json_object_get_array_member (r, "OperationLogs");
    g_autoptr(GError) err = NULL;
    g_autoptr(ImcOperationLog) log = NULL;

    g_assert_cmpuint (json_array_get_length (logs), ==, 2);
    log = imc_operation_log_new_from_json (json_array_get_object_element (logs, 0), &err);
    g_assert_no_error (err);
    g_assert_cmpstr (imc_operation_log_get_action (log), ==, "ModifyAppPlan");
    g_assert_cmpstr (imc_operation_log_get_secret_id (log), ==, server->secret_id);
    g_assert_cmpint (imc_operation_log_get_plan_before (log)->max_members_per_group, ==, 200);
    g_assert_cmpint (imc_operation_log_get_plan_after (log)->max_members_per_group, ==, 500);
    g_assert_cmpuint (imc_operation_log_get_changed_items (log), ==,
                      IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP));
  }

  test_server_stop (server);
}

static void
test_disable_enable (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autoptr(JsonObject) r = NULL;
  gint64 id;

  if (server == NULL)
    return;
  id = test_server_create_app (server, "Switch");

  r = callf (server, "EnableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT "}", id);
  test_assert_error (r, "UnsupportedOperation.AppNotDisabled");
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "DisableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT "}", id);
  test_assert_ok (r);
  g_assert_cmpstr (json_object_get_string_member (app_of (r), "Status"), ==, "Disabled");
  {
    g_autoptr(GDateTime) disabled = imc_calendar_parse_iso8601 (json_object_get_string_member (app_of (r), "DisabledTime"));
    g_autoptr(GDateTime) purge = imc_calendar_parse_iso8601 (json_object_get_string_member (app_of (r), "PurgeTime"));

    g_assert_nonnull (disabled);
    g_assert_nonnull (purge);
    g_assert_cmpint (g_date_time_difference (purge, disabled), ==, (GTimeSpan) 90 * G_TIME_SPAN_DAY);
  }
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "DisableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT "}", id);
  test_assert_error (r, "UnsupportedOperation.AppDisabled");
  g_clear_pointer (&r, json_object_unref);
  r = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\"}", id);
  test_assert_error (r, "UnsupportedOperation.AppDisabled");
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "EnableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT "}", id);
  test_assert_ok (r);
  g_assert_cmpstr (json_object_get_string_member (app_of (r), "Status"), ==, "Enabled");
  g_assert_true (json_object_get_null_member (app_of (r), "DisabledTime"));
  g_clear_pointer (&r, json_object_unref);

  g_assert_cmpint (log_count (server, id), ==, 3);
  test_server_stop (server);
}

static void
test_inquiry_and_bill (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(GDateTime) utc_now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) now = imc_calendar_to_billing (utc_now);
  g_autofree char *month = g_date_time_format (now, "%Y-%m");
  gint64 id;

  if (server == NULL)
    return;
  id = test_server_create_app (server, "Priced");

  r = callf (server, "InquiryPriceAppPlan",
             "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\", \"UnlimitedAvGroups\": true, "
             "\"MaxGroupsPerUser\": 500, \"MaxMembersPerGroup\": 200}", id);
  test_assert_ok (r);
  g_assert_cmpstr (json_object_get_string_member (r, "MonthlyAmount"), ==, "1999.00");
  g_assert_cmpstr (json_object_get_string_member (r, "Currency"), ==, "CNY");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcPriceQuote) quote = imc_price_quote_new_from_json (r, &error);

    g_assert_no_error (error);
    g_assert_cmpint (imc_price_quote_get_current_month_amount (quote), >, 0);
    g_assert_cmpint (imc_price_quote_get_current_month_amount (quote), <=, 199900);
  }
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "InquiryPriceAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\"}", id);
  test_assert_error (r, "MissingParameter");
  g_clear_pointer (&r, json_object_unref);
  r = callf (server, "InquiryPriceAppPlan",
             "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\", \"UnlimitedAvGroups\": true, "
             "\"MaxGroupsPerUser\": 501, \"MaxMembersPerGroup\": 200}", id);
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Ultimate\"}", id);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);

  r = callf (server, "DescribeBill", "{\"Month\": \"%s\"}", month);
  test_assert_ok (r);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcBill) bill = imc_bill_new_from_json (r, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (imc_bill_get_n_apps (bill), ==, 1);
    g_assert_cmpint (imc_bill_get_app_id (bill, 0), ==, id);
    /* Today is billed at Ultimate. */
    g_assert_cmpint (imc_bill_get_total (bill), >, 0);
  }
  g_clear_pointer (&r, json_object_unref);

  r = test_server_call (server, "DescribeBill", "{\"Month\": \"2026-13\"}");
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeBill", "{}");
  test_assert_error (r, "MissingParameter");
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeBill", "{\"Month\": \"2001-01\"}");
  test_assert_ok (r);
  g_assert_cmpstr (json_object_get_string_member (r, "TotalAmount"), ==, "0.00");

  test_server_stop (server);
}

static void
test_client_token (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) r = NULL;
  g_autofree char *long_token = g_strnfill (65, 't');
  gint64 id;

  if (server == NULL)
    return;

  first = test_server_call (server, "CreateApp", "{\"AppName\": \"Once\", \"ClientToken\": \"create-1\"}");
  second = test_server_call (server, "CreateApp", "{\"AppName\": \"Once\", \"ClientToken\": \"create-1\"}");
  test_assert_ok (first);
  test_assert_ok (second);
  id = json_object_get_int_member (first, "SdkAppId");
  g_assert_cmpint (json_object_get_int_member (second, "SdkAppId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (first, "RequestId"), !=,
                   json_object_get_string_member (second, "RequestId"));
  r = test_server_call (server, "DescribeApps", "{}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 1);
  g_clear_pointer (&r, json_object_unref);
  g_clear_pointer (&first, json_object_unref);
  g_clear_pointer (&second, json_object_unref);

  first = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\", \"ClientToken\": \"up-1\"}", id);
  second = callf (server, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\", \"ClientToken\": \"up-1\"}", id);
  test_assert_ok (first);
  /* The replay gets the first answer, not NotFreeEdition. */
  test_assert_ok (second);
  {
    g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), app_of (first));
    g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), app_of (second));

    g_assert_true (json_node_equal (a, b));
  }
  g_assert_cmpint (log_count (server, id), ==, 2);

  r = callf (server, "DisableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"ClientToken\": \"up-1\"}", id);
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = callf (server, "DisableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"ClientToken\": \"%s\"}", id, long_token);
  test_assert_error (r, "InvalidParameterValue");
  g_clear_pointer (&r, json_object_unref);
  r = callf (server, "DisableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"ClientToken\": 7}", id);
  test_assert_error (r, "InvalidParameter");
  g_clear_pointer (&r, json_object_unref);

  /* A failed write does not use up its token. */
  r = callf (server, "EnableApp", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"ClientToken\": \"en-1\"}", id);
  test_assert_error (r, "UnsupportedOperation.AppNotDisabled");
  g_clear_pointer (&r, json_object_unref);

  /* Tokens belong to an account: bob's "up-1" is his own. */
  {
    TestRequest request = { .action = "CreateApp", .body = "{\"AppName\": \"Bob\", \"ClientToken\": \"up-1\"}",
                            .body_length = -1 };
    g_autofree char *bob_id = NULL;
    g_autofree char *bob_key = NULL;

    test_server_create_key (server, "bob", &bob_id, &bob_key);
    request.secret_id = bob_id;
    request.secret_key = bob_key;
    r = test_server_send (server, &request);
    test_assert_ok (r);
    g_assert_cmpint (json_object_get_int_member (r, "SdkAppId"), !=, id);
  }

  test_server_stop (server);
}

static void
test_isolation (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autofree char *bob_id = NULL;
  g_autofree char *bob_key = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *actions[] = {
    "DescribeApp", "UpgradeAppPlan", "ModifyAppPlan", "DisableApp", "EnableApp",
    "DescribeAppOperationLogs", "InquiryPriceAppPlan",
  };
  gint64 id;

  if (server == NULL)
    return;
  id = test_server_create_app (server, "Alice's");
  test_server_create_key (server, "bob", &bob_id, &bob_key);
  before = test_server_snapshot (server);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\", "
                                               "\"UnlimitedAvGroups\": false, \"MaxGroupsPerUser\": 500, "
                                               "\"MaxMembersPerGroup\": 200}", id);
      TestRequest request = { .action = actions[i], .body = body, .body_length = -1,
                              .secret_id = bob_id, .secret_key = bob_key };
      g_autoptr(JsonObject) r = test_server_send (server, &request);

      g_test_message ("%s", actions[i]);
      test_assert_error (r, "ResourceNotFound.App");
    }

  {
    TestRequest request = { .action = "DescribeApps", .body_length = -1,
                            .secret_id = bob_id, .secret_key = bob_key };
    g_autoptr(JsonObject) r = test_server_send (server, &request);

    test_assert_ok (r);
    g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 0);
  }

  after = test_server_snapshot (server);
  g_assert_cmpstr (before, ==, after);
  test_server_stop (server);
}

typedef struct {
  guint       pending;
  guint       ok;
  guint       locked;
  guint       other;
  const char *expected_error;
} Tally;

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  Tally *tally = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonObject) r = NULL;
  const char *code;

  g_assert_no_error (error);
  r = test_server_parse_response (bytes);
  code = test_response_error_code (r);
  if (code == NULL)
    tally->ok++;
  else if (g_strcmp0 (code, tally->expected_error) == 0)
    tally->locked++;
  else
    {
      g_test_message ("unexpected %s", code);
      tally->other++;
    }
  tally->pending--;
}

static gboolean
timed_out (gpointer user_data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

static void
run_parallel (TestServer  **servers,
              guint         n_servers,
              const char   *action,
              char        **bodies,
              guint         n,
              Tally        *tally)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  guint timeout_id;

  tally->pending = n;
  for (guint i = 0; i < n; i++)
    {
      TestServer *server = servers[i % n_servers];
      TestRequest request = { .action = action, .body = bodies[i], .body_length = -1 };
      SoupMessage *msg = test_server_build (server, &request);

      g_ptr_array_add (messages, msg);
      soup_session_send_and_read_async (server->session, msg, G_PRIORITY_DEFAULT, NULL, sent, tally);
    }

  timeout_id = g_timeout_add_seconds (30, timed_out, NULL);
  while (tally->pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

/* Two server processes on one database file: the once-per-month check and
 * the write are one transaction, so exactly one modify of an item wins. */
static void
test_concurrency (void)
{
  const char *args[] = { "--rate-limit", "0", NULL };
  g_autoptr(TestServer) a = test_server_start (args);
  g_autoptr(TestServer) b = NULL;
  g_autoptr(JsonObject) r = NULL;
  TestServer *servers[2];
  const gint tiers[] = { 500, 1000, 2000, 3000, 6000 };
  g_auto(GStrv) bodies = NULL;
  Tally tally = { 0, };
  gint64 id;

  if (a == NULL)
    return;
  b = test_server_start_on (a, args);
  servers[0] = a;
  servers[1] = b;

  /* 16 upgrades of one Free app: one wins. */
  id = test_server_create_app (a, "Contended");
  bodies = g_new0 (char *, 17);
  for (guint i = 0; i < 16; i++)
    bodies[i] = g_strdup_printf ("{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"%s\"}",
                                 id, i % 2 ? "Pro" : "Ultimate");
  tally.expected_error = "UnsupportedOperation.NotFreeEdition";
  run_parallel (servers, 2, "UpgradeAppPlan", bodies, 16, &tally);
  g_assert_cmpuint (tally.ok, ==, 1);
  g_assert_cmpuint (tally.locked, ==, 15);
  g_assert_cmpuint (tally.other, ==, 0);
  g_clear_pointer (&bodies, g_strfreev);

  /* Modifies of one item to five different values, on a Pro app whose
   * items are unlocked: one wins, the others hit the monthly lock. */
  id = test_server_create_app (a, "Contended 2");
  r = callf (a, "UpgradeAppPlan", "{\"SdkAppId\": %" G_GINT64_FORMAT ", \"Edition\": \"Pro\"}", id);
  test_assert_ok (r);
  bodies = g_new0 (char *, G_N_ELEMENTS (tiers) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (tiers); i++)
    bodies[i] = g_strdup_printf ("{\"SdkAppId\": %" G_GINT64_FORMAT ", \"MaxMembersPerGroup\": %d}", id, tiers[i]);
  memset (&tally, 0, sizeof tally);
  tally.expected_error = "LimitExceeded.MonthlyModification";
  run_parallel (servers, 2, "ModifyAppPlan", bodies, G_N_ELEMENTS (tiers), &tally);
  g_assert_cmpuint (tally.ok, ==, 1);
  g_assert_cmpuint (tally.locked, ==, G_N_ELEMENTS (tiers) - 1);
  g_assert_cmpuint (tally.other, ==, 0);
  g_assert_cmpint (log_count (b, id), ==, 3);

  test_server_stop (b);
  test_server_stop (a);
}

static void
test_rate_limit (void)
{
  const char *args[] = { "--rate-limit", "1", NULL };
  g_autoptr(TestServer) server = test_server_start (args);
  guint limited = 0;

  if (server == NULL)
    return;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) r = test_server_call (server, "DescribeApps", "{}");

      if (g_strcmp0 (test_response_error_code (r), "RequestLimitExceeded") == 0)
        limited++;
      else
        test_assert_ok (r);
    }
  g_assert_cmpuint (limited, >=, 1);

  /* The limit is per action: another action still works. */
  {
    g_autoptr(JsonObject) r = test_server_call (server, "DescribePlanCatalog", "{}");
    test_assert_ok (r);
  }
  test_server_stop (server);
}

/* Per-request language -------------------------------------------------- */

typedef struct {
  const char *header;     /* X-TC-Language; NULL: none */
  const char *language;   /* the catalog the answer must come from; NULL: English */
} LanguageCase;

static const LanguageCase language_cases[] = {
  { NULL, NULL },
  { "en-US", NULL },
  { "zh-CN", "zh_CN" },
  { "ko-KR", "ko" },
  { "zh-cn", "zh_CN" },   /* the tag in any case */
  { "KO-kr", "ko" },
  { "fr-FR", NULL },      /* anything else: English */
  { "zh", NULL },
};

/* One kind of failed request, with what its message is made of. */
typedef struct {
  const char *action;
  const char *body;
  const char *path;       /* NULL: "/" */
  const char *code;
  const char *msgid;
  const char *arg;        /* for the first %s, as it is */
  const char *arg_msgid;  /* for the second %s, translated too */
} LanguageRequest;

static const LanguageRequest language_requests[] = {
  /* Made in libimc-core, in the server, and in the early handler. */
  { "DescribeApp", "{}", NULL, "MissingParameter", "The parameter “%s” is missing.", "SdkAppId", NULL },
  { "DescribeApp", "{\"SdkAppId\": \"1\"}", NULL, "InvalidParameter",
    "The parameter “%s” must be a %s.", "SdkAppId", "integer" },
  { "NoSuchAction", "{}", NULL, "InvalidAction", "The action does not exist.", NULL, NULL },
  { "DescribeApps", "{}", "/v2", "UnsupportedProtocol", "Send API requests to the path /.", NULL, NULL },
};

static const char *
translate (const char *language,
           const char *msgid)
{
  static ImcMessageCatalog *catalogs[2];
  const char *languages[] = { "zh_CN", "ko" };
  const char *translation = NULL;

  for (guint i = 0; language != NULL && i < G_N_ELEMENTS (languages); i++)
    if (strcmp (language, languages[i]) == 0)
      {
        g_autoptr(GError) error = NULL;

        if (catalogs[i] == NULL)
          catalogs[i] = imc_message_catalog_new_for_language (g_getenv ("IMC_LOCALEDIR"), GETTEXT_PACKAGE,
                                                              languages[i], &error);
        g_assert_no_error (error);
        translation = imc_message_catalog_lookup (catalogs[i], NULL, msgid);
        /* Every message here is translated: English would be a miss. */
        g_assert_nonnull (translation);
      }
  return translation != NULL ? translation : msgid;
}

/* The message the server must answer @request with in @language: the
 * build's catalog, read here on its own; %s, %1$s and %2$s filled in. */
static char *
expected_message (const LanguageRequest *request,
                  const char            *language)
{
  const char *args[] = { request->arg,
                         request->arg_msgid != NULL ? translate (language, request->arg_msgid) : NULL };
  GString *out = g_string_new (NULL);
  guint next = 0;

  for (const char *p = translate (language, request->msgid); *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 's')
        {
          g_string_append (out, args[next++]);
          p++;
        }
      else if (p[0] == '%' && (p[1] == '1' || p[1] == '2') && p[2] == '$' && p[3] == 's')
        {
          g_string_append (out, args[p[1] - '1']);
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static SoupMessage *
build_language_request (TestServer            *server,
                        const LanguageRequest *kind,
                        const char            *header)
{
  TestRequest request = { .action = kind->action, .body = kind->body, .body_length = -1,
                          .language = header };
  SoupMessage *msg = test_server_build (server, &request);

  if (kind->path != NULL)
    {
      g_autofree char *url = g_strconcat (server->url, kind->path + 1, NULL);
      g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

      soup_message_set_uri (msg, uri);
    }
  return msg;
}

static void
assert_message (GBytes     *bytes,
                const char *code,
                const char *expected)
{
  g_autoptr(JsonObject) r = test_server_parse_response (bytes);

  test_assert_error (r, code);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "Error"), "Message"),
                   ==, expected);
}

static void
test_language (void)
{
  const char *args[] = { "--rate-limit", "0", NULL };
  g_autoptr(TestServer) server = test_server_start (args);
  g_autofree char *english = NULL;
  g_autofree char *chinese = NULL;
  g_autofree char *korean = NULL;

  if (server == NULL)
    return;

  /* The test fails if the languages could not be told apart. */
  english = expected_message (&language_requests[1], NULL);
  chinese = expected_message (&language_requests[1], "zh_CN");
  korean = expected_message (&language_requests[1], "ko");
  g_assert_cmpstr (english, ==, "The parameter “SdkAppId” must be a integer.");
  g_assert_true (g_regex_match_simple ("^[^a-z]*SdkAppId[^a-z]*[\u4e00-\u9fff]", chinese, 0, 0));
  g_assert_true (g_regex_match_simple ("[\uac00-\ud7af]", korean, 0, 0));

  /* Every language after every other, so a language left over from the
   * request before would show. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (language_cases); i++)
      for (guint j = 0; j < G_N_ELEMENTS (language_requests); j++)
        {
          const LanguageCase *c = &language_cases[(i + round * 3) % G_N_ELEMENTS (language_cases)];
          const LanguageRequest *kind = &language_requests[j];
          g_autoptr(SoupMessage) msg = build_language_request (server, kind, c->header);
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
          g_autofree char *expected = expected_message (kind, c->language);

          g_assert_no_error (error);
          assert_message (bytes, kind->code, expected);
        }
  test_server_stop (server);
}

typedef struct {
  const LanguageRequest *kind;
  char                  *expected;
  guint                 *pending;
} LanguageCall;

static void
language_call_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LanguageCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  assert_message (bytes, call->kind->code, call->expected);
  (*call->pending)--;
}

/* Many clients at once, each in its own language: every answer is in the
 * language of its request. */
static void
test_language_concurrent (void)
{
  const char *args[] = { "--rate-limit", "0", NULL };
  g_autoptr(TestServer) server = test_server_start (args);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  const LanguageCase *cases[] = { &language_cases[2], &language_cases[3], &language_cases[1] };
  LanguageCall calls[96];
  guint pending = G_N_ELEMENTS (calls);
  guint timeout_id;

  if (server == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      const LanguageCase *c = cases[i % G_N_ELEMENTS (cases)];
      const LanguageRequest *kind = &language_requests[(i / G_N_ELEMENTS (cases)) % G_N_ELEMENTS (language_requests)];
      SoupMessage *msg = build_language_request (server, kind, c->header);

      calls[i].kind = kind;
      calls[i].expected = expected_message (kind, c->language);
      calls[i].pending = &pending;
      g_ptr_array_add (messages, msg);
      soup_session_send_and_read_async (server->session, msg, G_PRIORITY_DEFAULT, NULL,
                                        language_call_done, &calls[i]);
    }

  timeout_id = g_timeout_add_seconds (30, timed_out, NULL);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    g_free (calls[i].expected);
  test_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/api/catalog", test_catalog);
  g_test_add_func ("/server/api/create-and-describe", test_create_and_describe);
  g_test_add_func ("/server/api/page-cache", test_page_cache);
  g_test_add_func ("/server/api/upgrade-modify", test_upgrade_modify);
  g_test_add_func ("/server/api/disable-enable", test_disable_enable);
  g_test_add_func ("/server/api/inquiry-and-bill", test_inquiry_and_bill);
  g_test_add_func ("/server/api/client-token", test_client_token);
  g_test_add_func ("/server/api/isolation", test_isolation);
  g_test_add_func ("/server/api/concurrency", test_concurrency);
  g_test_add_func ("/server/api/rate-limit", test_rate_limit);
  g_test_add_func ("/server/api/language", test_language);
  g_test_add_func ("/server/api/language-concurrent", test_language_concurrent);

  return g_test_run ();
}
