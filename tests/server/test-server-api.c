/* test-server-api.c: every action's success path and its error codes,
 * ClientToken replay, isolation between accounts, concurrency, rate
 * limiting and the per-request language (one request after another and
 * many at once), against the real server.
 *
 * Most cases are rows of a table (ApiStep: action, request body, expected
 * error code or expected members of the answer) walked in order by
 * api_steps_run(); a row may add a check of its own for what a table
 * cannot say. */
#include "config.h"

#include <string.h>

#include "test-server-common.h"

/* What a table's bodies and expected values may refer to. */
typedef struct {
  gint64  id;          /* $ID */
  gint64  id2;         /* $ID2 */
  char   *month;       /* $MONTH: this billing month, "2026-11" */
  char   *next_month;  /* $NEXT_MONTH: the 1st of the next one, "2026-12-01" */
  char   *bob_id;      /* the key of a second account, "bob" */
  char   *bob_key;
} ApiVars;

/* A member of the answer, by its path below "Response" ("App.Plan.Edition",
 * "Apps.0.SdkAppId", "Apps.#" for an array's length), and its value as
 * text: a string as it is, a number in decimal, true, false or null;
 * "$SET" for anything but null; "~TEXT" for a string containing TEXT,
 * "!VALUE" for anything else than VALUE. Variables are expanded. */
typedef struct {
  const char *path;
  const char *value;
} ApiField;

typedef struct _ApiStep ApiStep;
struct _ApiStep {
  const char *action;
  const char *body;        /* variables expanded */
  const char *error;       /* the Error.Code expected; NULL: success */
  ApiField    fields[8];
  gboolean    as_bob;      /* signed with bob's key rather than alice's */
  /* What a table cannot say, run after the rest. */
  void      (*check)       (TestServer    *server,
                            JsonObject    *response,
                            const ApiVars *vars);
};

#define API_ERROR(action_, body_, code_) \
  { .action = (action_), .body = (body_), .error = (code_) }
#define API_OK(action_, body_, ...) \
  { .action = (action_), .body = (body_), .fields = { __VA_ARGS__ } }

#define TEN_X "xxxxxxxxxx"
#define TEN_T "tttttttttt"

static void
api_vars_init (ApiVars *vars)
{
  g_autoptr(GDateTime) utc_now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) now = imc_calendar_to_billing (utc_now);
  g_autoptr(GDateTime) next = imc_calendar_next_month_start (now);

  vars->month = g_date_time_format (now, "%Y-%m");
  vars->next_month = imc_calendar_format_date (next);
}

static void
api_vars_clear (ApiVars *vars)
{
  g_free (vars->month);
  g_free (vars->next_month);
  g_free (vars->bob_id);
  g_free (vars->bob_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ApiVars, api_vars_clear)

static char *
expand (const char    *text,
        const ApiVars *vars)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, vars->id);
  g_autofree char *id2 = g_strdup_printf ("%" G_GINT64_FORMAT, vars->id2);
  const struct { const char *name; const char *value; } names[] = {
    /* $ID2 before $ID, which it starts with. */
    { "$ID2", id2 }, { "$ID", id }, { "$NEXT_MONTH", vars->next_month }, { "$MONTH", vars->month },
  };
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_string_replace (out, names[i].name, names[i].value, 0);
  return g_strdup (out->str);
}

/* The member at @path as text (see ApiField), NULL when missing. */
static char *
member_text (JsonObject *response,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), response);
  JsonNode *node = root;

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (node) && g_str_equal (parts[i], "#"))
        return g_strdup_printf ("%u", json_array_get_length (json_node_get_array (node)));
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          guint index = (guint) g_ascii_strtoull (parts[i], NULL, 10);
          JsonArray *array = json_node_get_array (node);

          node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      else
        node = NULL;
    }
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      g_assert_not_reached ();
    }
}

static void
assert_field (JsonObject     *response,
              const ApiField *field,
              const ApiVars  *vars)
{
  g_autofree char *actual = member_text (response, field->path);
  g_autofree char *expected = expand (field->value, vars);

  g_test_message ("  %s: %s", field->path, actual != NULL ? actual : "(missing)");
  g_assert_nonnull (actual);
  if (g_str_equal (expected, "$SET"))
    g_assert_cmpstr (actual, !=, "null");
  else if (expected[0] == '~')
    g_assert_nonnull (strstr (actual, expected + 1));
  else if (expected[0] == '!')
    g_assert_cmpstr (actual, !=, expected + 1);
  else
    g_assert_cmpstr (actual, ==, expected);
}

/* Sends @step and checks its answer; returns the "Response" object. */
static JsonObject *
api_step_run (TestServer    *server,
              const ApiStep *step,
              const ApiVars *vars)
{
  g_autofree char *body = expand (step->body, vars);
  TestRequest request = { .action = step->action, .body = body, .body_length = -1 };
  JsonObject *response;

  g_test_message ("%s %s%s", step->action, body, step->as_bob ? " (bob)" : "");
  if (step->as_bob)
    {
      g_assert_nonnull (vars->bob_id);
      request.secret_id = vars->bob_id;
      request.secret_key = vars->bob_key;
    }
  response = test_server_send (server, &request);
  test_assert_error (response, step->error);
  for (guint i = 0; i < G_N_ELEMENTS (step->fields) && step->fields[i].path != NULL; i++)
    assert_field (response, &step->fields[i], vars);
  if (step->check != NULL)
    step->check (server, response, vars);
  return response;
}

static void
api_steps_run (TestServer    *server,
               const ApiStep *steps,
               guint          n_steps,
               const ApiVars *vars)
{
  for (guint i = 0; i < n_steps; i++)
    json_object_unref (api_step_run (server, &steps[i], vars));
}

#define API_STEPS_RUN(server, steps, vars) \
  api_steps_run ((server), (steps), G_N_ELEMENTS (steps), (vars))

static JsonObject *
app_of (JsonObject *response)
{
  g_assert_true (json_object_has_member (response, "App"));
  return json_object_get_object_member (response, "App");
}

/* --- catalog ------------------------------------------------------------- */

/* The answer decodes as a catalog with the client's own code. */
static void
check_catalog (TestServer    *server,
               JsonObject    *response,
               const ApiVars *vars)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_from_json (response, &error);

  g_assert_no_error (error);
  g_assert_cmpint (imc_catalog_get_edition_price (catalog, IMC_EDITION_PRO), ==, 99900);
}

static const ApiStep catalog_steps[] = {
  { .action = "DescribePlanCatalog", .body = "{}",
    .fields = { { "Currency", "CNY" }, { "Editions.#", "3" } }, .check = check_catalog },
};

static void
test_catalog (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_auto(ApiVars) vars = { 0, };

  if (server == NULL)
    return;
  api_vars_init (&vars);
  API_STEPS_RUN (server, catalog_steps, &vars);
  test_server_stop (server);
}

/* --- create and describe ------------------------------------------------- */

static void
check_new_app (TestServer    *server,
               JsonObject    *response,
               const ApiVars *vars)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcApp) app = imc_app_new_from_json (app_of (response), &error);

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

/* Two apps, "Alpha chat" ($ID) and "Beta 直播" ($ID2). */
static const ApiStep create_steps[] = {
  { .action = "DescribeApp", .body = "{\"SdkAppId\": $ID}", .check = check_new_app },
  API_OK ("DescribeApps", "{}", { "TotalCount", "2" }),
  API_OK ("DescribeApps", "{\"Keyword\": \"直播\"}", { "TotalCount", "1" }),
  API_OK ("DescribeApps", "{\"Keyword\": \"%\"}", { "TotalCount", "0" }),
  API_OK ("DescribeApps", "{\"Limit\": 1, \"Offset\": 1}",
          { "TotalCount", "2" }, { "Apps.#", "1" }, { "Apps.0.SdkAppId", "$ID2" }),
  API_OK ("DescribeApps", "{\"Status\": \"Disabled\"}", { "TotalCount", "0" }),

  API_ERROR ("CreateApp", "{}", "MissingParameter"),
  API_ERROR ("CreateApp", "{\"AppName\": \"  \"}", "InvalidParameterValue"),
  /* 65 characters, one too many. */
  API_ERROR ("CreateApp", "{\"AppName\": \"" TEN_X TEN_X TEN_X TEN_X TEN_X TEN_X "xxxxx\"}",
             "InvalidParameterValue"),
  API_ERROR ("CreateApp", "{\"AppName\": \"tab\\there\"}", "InvalidParameterValue"),
  API_ERROR ("CreateApp", "{\"AppName\": 5}", "InvalidParameter"),
  API_ERROR ("DescribeApp", "{\"SdkAppId\": 1399999999}", "ResourceNotFound.App"),
  API_ERROR ("DescribeApp", "{}", "MissingParameter"),
  API_ERROR ("DescribeApps", "{\"Limit\": 0}", "InvalidParameterValue"),
  API_ERROR ("DescribeApps", "{\"Limit\": 101}", "InvalidParameterValue"),
  API_ERROR ("DescribeApps", "{\"Status\": \"enabled\"}", "InvalidParameterValue"),

  /* SQL metacharacters are just characters. */
  API_OK ("CreateApp", "{\"AppName\": \"x'); DROP TABLE apps;--\"}",
          { "App.AppName", "x'); DROP TABLE apps;--" }),
  API_OK ("DescribeApps", "{\"Keyword\": \"' OR 1=1 --\"}", { "TotalCount", "0" }),
};

static void
test_create_and_describe (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_auto(ApiVars) vars = { 0, };

  if (server == NULL)
    return;
  api_vars_init (&vars);
  vars.id = test_server_create_app (server, "Alpha chat");
  vars.id2 = test_server_create_app (server, "Beta 直播");
  g_assert_cmpint (vars.id2, ==, vars.id + 1);
  API_STEPS_RUN (server, create_steps, &vars);
  test_server_stop (server);
}

/* --- the page cache ------------------------------------------------------ */

/* On server a: the app "Cached" ($ID), while it changes. */
static const ApiStep cache_steps_before[] = {
  API_OK ("DescribeApps", "{\"Limit\": 1}", { "Apps.0.Plan.Edition", "Free" }),
  API_OK ("DescribeApps", "{\"Limit\": 1}", { "Apps.0.Plan.Edition", "Free" }),
  /* A change by this server. */
  API_OK ("UpgradeAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Pro\"}"),
  API_OK ("DescribeApps", "{\"Limit\": 1}",
          { "Apps.0.Plan.Edition", "Pro" }, { "Apps.0.NextModifiable.Edition", "$NEXT_MONTH" }),
};

/* On server b, another process on the same database file. */
static const ApiStep cache_steps_other[] = {
  API_OK ("DisableApp", "{\"SdkAppId\": $ID}"),
};

/* On server a again. */
static const ApiStep cache_steps_disabled[] = {
  API_OK ("DescribeApps", "{\"Limit\": 1}", { "Apps.0.Status", "Disabled" }),
};

/* After b created "Second". */
static const ApiStep cache_steps_after[] = {
  API_OK ("DescribeApps", "{}", { "TotalCount", "2" }),
  /* Filters and paging are different pages. */
  API_OK ("DescribeApps", "{\"Status\": \"Enabled\"}", { "TotalCount", "1" }),
  API_OK ("DescribeApps", "{\"Keyword\": \"Second\"}", { "TotalCount", "1" }),
  API_OK ("DescribeApps", "{\"Keyword\": \"Sec\", \"Status\": \"Disabled\"}", { "TotalCount", "0" }),
  API_OK ("DescribeApps", "{\"Limit\": 1, \"Offset\": 1}", { "Apps.0.AppName", "Second" }),
  /* The same page asked by another account. */
  { .action = "DescribeApps", .body = "{}", .as_bob = TRUE,
    .fields = { { "TotalCount", "0" }, { "Apps.#", "0" } } },
};

/* Pages are kept between requests; none may outlive a change made by
 * this server, by another process on the same database, or show one
 * account's apps to another. */
static void
test_page_cache (void)
{
  g_autoptr(TestServer) a = test_server_start (NULL);
  g_autoptr(TestServer) b = NULL;
  g_auto(ApiVars) vars = { 0, };

  if (a == NULL)
    return;
  api_vars_init (&vars);
  vars.id = test_server_create_app (a, "Cached");
  API_STEPS_RUN (a, cache_steps_before, &vars);

  b = test_server_start_on (a, NULL);
  API_STEPS_RUN (b, cache_steps_other, &vars);
  API_STEPS_RUN (a, cache_steps_disabled, &vars);
  /* A new app from the other process changes the count. */
  test_server_create_app (b, "Second");

  test_server_create_key (a, "bob", &vars.bob_id, &vars.bob_key);
  API_STEPS_RUN (a, cache_steps_after, &vars);

  test_server_stop (b);
  test_server_stop (a);
}

/* --- upgrade and modify -------------------------------------------------- */

/* The log: newest first, who, what, before and after. */
static void
check_modify_log (TestServer    *server,
                  JsonObject    *response,
                  const ApiVars *vars)
{
  JsonArray *logs = json_object_get_array_member (response, "OperationLogs");
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcOperationLog) log = NULL;

  log = imc_operation_log_new_from_json (json_array_get_object_element (logs, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imc_operation_log_get_action (log), ==, "ModifyAppPlan");
  g_assert_cmpstr (imc_operation_log_get_secret_id (log), ==, server->secret_id);
  g_assert_cmpint (imc_operation_log_get_plan_before (log)->max_members_per_group, ==, 200);
  g_assert_cmpint (imc_operation_log_get_plan_after (log)->max_members_per_group, ==, 500);
  g_assert_cmpuint (imc_operation_log_get_changed_items (log), ==,
                    IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP));
}

/* One Free app, $ID, through an upgrade and the monthly lock. */
static const ApiStep upgrade_modify_steps[] = {
  API_ERROR ("ModifyAppPlan", "{\"SdkAppId\": $ID, \"MaxGroupsPerUser\": 1000}",
             "UnsupportedOperation.NotPostpaid"),
  API_ERROR ("UpgradeAppPlan", "{\"SdkAppId\": $ID}", "MissingParameter"),
  API_ERROR ("UpgradeAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Free\"}", "InvalidParameterValue"),
  API_ERROR ("UpgradeAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Gold\"}", "InvalidParameterValue"),
  API_ERROR ("UpgradeAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Pro\", \"MaxGroupsPerUser\": 700}",
             "InvalidParameterValue"),
  /* Only the creation is logged. */
  API_OK ("DescribeAppOperationLogs", "{\"SdkAppId\": $ID}", { "TotalCount", "1" }),

  /* The upgrade counts as this month's change of the edition and of the
   * raised item, not of the items left at the default. */
  API_OK ("UpgradeAppPlan",
          "{\"SdkAppId\": $ID, \"Edition\": \"Pro\", \"UnlimitedAvGroups\": false, "
          "\"MaxGroupsPerUser\": 1000, \"MaxMembersPerGroup\": 200}",
          { "App.Plan.Edition", "Pro" }, { "App.Plan.BillingMode", "Postpaid" },
          { "App.Plan.MaxGroupsPerUser", "1000" },
          { "App.NextModifiable.Edition", "$NEXT_MONTH" },
          { "App.NextModifiable.MaxGroupsPerUser", "$NEXT_MONTH" },
          { "App.NextModifiable.MaxMembersPerGroup", "null" },
          { "App.NextModifiable.UnlimitedAvGroups", "null" }),
  API_ERROR ("UpgradeAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Ultimate\"}",
             "UnsupportedOperation.NotFreeEdition"),
  API_ERROR ("ModifyAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Free\"}",
             "UnsupportedOperation.DowngradeToFree"),
  API_OK ("ModifyAppPlan", "{\"SdkAppId\": $ID, \"MaxMembersPerGroup\": 500}",
          { "App.Plan.MaxMembersPerGroup", "500" }, { "App.Plan.MaxGroupsPerUser", "1000" },
          { "App.NextModifiable.MaxMembersPerGroup", "$NEXT_MONTH" }),
  { .action = "ModifyAppPlan", .body = "{\"SdkAppId\": $ID, \"MaxMembersPerGroup\": 1000}",
    .error = "LimitExceeded.MonthlyModification",
    .fields = { { "Error.Item", "MaxMembersPerGroup" }, { "Error.NextModifiable", "$NEXT_MONTH" },
                { "Error.Message", "~$NEXT_MONTH" } } },
  { .action = "ModifyAppPlan", .body = "{\"SdkAppId\": $ID, \"Edition\": \"Ultimate\"}",
    .error = "LimitExceeded.MonthlyModification", .fields = { { "Error.Item", "Edition" } } },
  /* Same values as now: no change, nothing logged. */
  API_OK ("ModifyAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Pro\", \"MaxMembersPerGroup\": 500}"),
  API_OK ("DescribeAppOperationLogs", "{\"SdkAppId\": $ID}", { "TotalCount", "3" }),
  { .action = "DescribeAppOperationLogs", .body = "{\"SdkAppId\": $ID, \"Limit\": 2}",
    .fields = { { "TotalCount", "3" }, { "OperationLogs.#", "2" } }, .check = check_modify_log },
};

static void
test_upgrade_modify (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_auto(ApiVars) vars = { 0, };

  if (server == NULL)
    return;
  api_vars_init (&vars);
  vars.id = test_server_create_app (server, "Plans");
  API_STEPS_RUN (server, upgrade_modify_steps, &vars);
  test_server_stop (server);
}

/* --- disable and enable -------------------------------------------------- */

/* Purged 90 days after it was disabled. */
static void
check_purge_time (TestServer    *server,
                  JsonObject    *response,
                  const ApiVars *vars)
{
  JsonObject *app = app_of (response);
  g_autoptr(GDateTime) disabled = imc_calendar_parse_iso8601 (json_object_get_string_member (app, "DisabledTime"));
  g_autoptr(GDateTime) purge = imc_calendar_parse_iso8601 (json_object_get_string_member (app, "PurgeTime"));

  g_assert_nonnull (disabled);
  g_assert_nonnull (purge);
  g_assert_cmpint (g_date_time_difference (purge, disabled), ==, (GTimeSpan) 90 * G_TIME_SPAN_DAY);
}

static const ApiStep disable_enable_steps[] = {
  API_ERROR ("EnableApp", "{\"SdkAppId\": $ID}", "UnsupportedOperation.AppNotDisabled"),
  { .action = "DisableApp", .body = "{\"SdkAppId\": $ID}",
    .fields = { { "App.Status", "Disabled" } }, .check = check_purge_time },
  API_ERROR ("DisableApp", "{\"SdkAppId\": $ID}", "UnsupportedOperation.AppDisabled"),
  API_ERROR ("UpgradeAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Pro\"}", "UnsupportedOperation.AppDisabled"),
  API_OK ("EnableApp", "{\"SdkAppId\": $ID}", { "App.Status", "Enabled" }, { "App.DisabledTime", "null" }),
  /* Created, disabled, enabled. */
  API_OK ("DescribeAppOperationLogs", "{\"SdkAppId\": $ID}", { "TotalCount", "3" }),
};

static void
test_disable_enable (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_auto(ApiVars) vars = { 0, };

  if (server == NULL)
    return;
  api_vars_init (&vars);
  vars.id = test_server_create_app (server, "Switch");
  API_STEPS_RUN (server, disable_enable_steps, &vars);
  test_server_stop (server);
}

/* --- price and bill ------------------------------------------------------ */

static void
check_quote (TestServer    *server,
             JsonObject    *response,
             const ApiVars *vars)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcPriceQuote) quote = imc_price_quote_new_from_json (response, &error);

  g_assert_no_error (error);
  g_assert_cmpint (imc_price_quote_get_current_month_amount (quote), >, 0);
  g_assert_cmpint (imc_price_quote_get_current_month_amount (quote), <=, 199900);
}

static void
check_bill (TestServer    *server,
            JsonObject    *response,
            const ApiVars *vars)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcBill) bill = imc_bill_new_from_json (response, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (imc_bill_get_n_apps (bill), ==, 1);
  g_assert_cmpint (imc_bill_get_app_id (bill, 0), ==, vars->id);
  /* Today is billed at Ultimate. */
  g_assert_cmpint (imc_bill_get_total (bill), >, 0);
}

static const ApiStep inquiry_bill_steps[] = {
  /* Pro 999.00 + unlimited audio-video groups 1000.00. */
  { .action = "InquiryPriceAppPlan",
    .body = "{\"SdkAppId\": $ID, \"Edition\": \"Pro\", \"UnlimitedAvGroups\": true, "
            "\"MaxGroupsPerUser\": 500, \"MaxMembersPerGroup\": 200}",
    .fields = { { "MonthlyAmount", "1999.00" }, { "Currency", "CNY" } }, .check = check_quote },
  API_ERROR ("InquiryPriceAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Pro\"}", "MissingParameter"),
  API_ERROR ("InquiryPriceAppPlan",
             "{\"SdkAppId\": $ID, \"Edition\": \"Pro\", \"UnlimitedAvGroups\": true, "
             "\"MaxGroupsPerUser\": 501, \"MaxMembersPerGroup\": 200}", "InvalidParameterValue"),
  API_OK ("UpgradeAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Ultimate\"}"),
  { .action = "DescribeBill", .body = "{\"Month\": \"$MONTH\"}", .check = check_bill },
  API_ERROR ("DescribeBill", "{\"Month\": \"2026-13\"}", "InvalidParameterValue"),
  API_ERROR ("DescribeBill", "{}", "MissingParameter"),
  API_OK ("DescribeBill", "{\"Month\": \"2001-01\"}", { "TotalAmount", "0.00" }),
};

static void
test_inquiry_and_bill (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_auto(ApiVars) vars = { 0, };

  if (server == NULL)
    return;
  api_vars_init (&vars);
  vars.id = test_server_create_app (server, "Priced");
  API_STEPS_RUN (server, inquiry_bill_steps, &vars);
  test_server_stop (server);
}

/* --- ClientToken --------------------------------------------------------- */

/* After the replayed CreateApp: one app. */
static const ApiStep client_token_created[] = {
  API_OK ("DescribeApps", "{}", { "TotalCount", "1" }),
};

/* After the replayed upgrade of that app, $ID. */
static const ApiStep client_token_steps[] = {
  /* Created, upgraded. */
  API_OK ("DescribeAppOperationLogs", "{\"SdkAppId\": $ID}", { "TotalCount", "2" }),
  /* A token used by another action, too long, not a string. */
  API_ERROR ("DisableApp", "{\"SdkAppId\": $ID, \"ClientToken\": \"up-1\"}", "InvalidParameterValue"),
  API_ERROR ("DisableApp", "{\"SdkAppId\": $ID, \"ClientToken\": \""
             TEN_T TEN_T TEN_T TEN_T TEN_T TEN_T "ttttt\"}", "InvalidParameterValue"),
  API_ERROR ("DisableApp", "{\"SdkAppId\": $ID, \"ClientToken\": 7}", "InvalidParameter"),
  /* A failed write does not use up its token. */
  API_ERROR ("EnableApp", "{\"SdkAppId\": $ID, \"ClientToken\": \"en-1\"}",
             "UnsupportedOperation.AppNotDisabled"),
  /* Tokens belong to an account: bob's "up-1" is his own. */
  { .action = "CreateApp", .body = "{\"AppName\": \"Bob\", \"ClientToken\": \"up-1\"}", .as_bob = TRUE,
    .fields = { { "SdkAppId", "!$ID" } } },
};

/* Sends @body twice with the same token; both answers succeed. */
static void
send_twice (TestServer  *server,
            const char  *action,
            const char  *body,
            JsonObject **out_first,
            JsonObject **out_second)
{
  *out_first = test_server_call (server, action, body);
  *out_second = test_server_call (server, action, body);
  test_assert_ok (*out_first);
  test_assert_ok (*out_second);
  g_assert_cmpstr (json_object_get_string_member (*out_first, "RequestId"), !=,
                   json_object_get_string_member (*out_second, "RequestId"));
}

static void
test_client_token (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) up_first = NULL;
  g_autoptr(JsonObject) up_second = NULL;
  g_autofree char *upgrade = NULL;
  g_auto(ApiVars) vars = { 0, };

  if (server == NULL)
    return;
  api_vars_init (&vars);

  send_twice (server, "CreateApp", "{\"AppName\": \"Once\", \"ClientToken\": \"create-1\"}", &first, &second);
  vars.id = json_object_get_int_member (first, "SdkAppId");
  g_assert_cmpint (json_object_get_int_member (second, "SdkAppId"), ==, vars.id);
  API_STEPS_RUN (server, client_token_created, &vars);

  /* The replay gets the first answer, not NotFreeEdition. */
  upgrade = expand ("{\"SdkAppId\": $ID, \"Edition\": \"Pro\", \"ClientToken\": \"up-1\"}", &vars);
  send_twice (server, "UpgradeAppPlan", upgrade, &up_first, &up_second);
  {
    g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), app_of (up_first));
    g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), app_of (up_second));

    g_assert_true (json_node_equal (a, b));
  }

  test_server_create_key (server, "bob", &vars.bob_id, &vars.bob_key);
  API_STEPS_RUN (server, client_token_steps, &vars);
  test_server_stop (server);
}

/* --- isolation ----------------------------------------------------------- */

#define BOB_PLAN_BODY "{\"SdkAppId\": $ID, \"Edition\": \"Pro\", \"UnlimitedAvGroups\": false, " \
                      "\"MaxGroupsPerUser\": 500, \"MaxMembersPerGroup\": 200}"

/* Bob asks for, and tries to change, alice's app $ID. */
static const ApiStep isolation_steps[] = {
  { .action = "DescribeApp", .body = BOB_PLAN_BODY, .as_bob = TRUE, .error = "ResourceNotFound.App" },
  { .action = "UpgradeAppPlan", .body = BOB_PLAN_BODY, .as_bob = TRUE, .error = "ResourceNotFound.App" },
  { .action = "ModifyAppPlan", .body = BOB_PLAN_BODY, .as_bob = TRUE, .error = "ResourceNotFound.App" },
  { .action = "DisableApp", .body = BOB_PLAN_BODY, .as_bob = TRUE, .error = "ResourceNotFound.App" },
  { .action = "EnableApp", .body = BOB_PLAN_BODY, .as_bob = TRUE, .error = "ResourceNotFound.App" },
  { .action = "DescribeAppOperationLogs", .body = BOB_PLAN_BODY, .as_bob = TRUE,
    .error = "ResourceNotFound.App" },
  { .action = "InquiryPriceAppPlan", .body = BOB_PLAN_BODY, .as_bob = TRUE, .error = "ResourceNotFound.App" },
  { .action = "DescribeApps", .body = "{}", .as_bob = TRUE, .fields = { { "TotalCount", "0" } } },
};

static void
test_isolation (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(ApiVars) vars = { 0, };

  if (server == NULL)
    return;
  api_vars_init (&vars);
  vars.id = test_server_create_app (server, "Alice's");
  test_server_create_key (server, "bob", &vars.bob_id, &vars.bob_key);
  before = test_server_snapshot (server);

  API_STEPS_RUN (server, isolation_steps, &vars);

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

static const ApiStep contended_upgrade[] = {
  API_OK ("UpgradeAppPlan", "{\"SdkAppId\": $ID, \"Edition\": \"Pro\"}"),
};

/* Created, upgraded, and one modify. */
static const ApiStep contended_logs[] = {
  API_OK ("DescribeAppOperationLogs", "{\"SdkAppId\": $ID}", { "TotalCount", "3" }),
};

/* Two server processes on one database file: the once-per-month check and
 * the write are one transaction, so exactly one modify of an item wins. */
static void
test_concurrency (void)
{
  const char *args[] = { "--rate-limit", "0", NULL };
  g_autoptr(TestServer) a = test_server_start (args);
  g_autoptr(TestServer) b = NULL;
  TestServer *servers[2];
  const gint tiers[] = { 500, 1000, 2000, 3000, 6000 };
  g_auto(GStrv) bodies = NULL;
  Tally tally = { 0, };
  g_auto(ApiVars) vars = { 0, };
  gint64 id;

  if (a == NULL)
    return;
  api_vars_init (&vars);
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
  id = vars.id = test_server_create_app (a, "Contended 2");
  API_STEPS_RUN (a, contended_upgrade, &vars);
  bodies = g_new0 (char *, G_N_ELEMENTS (tiers) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (tiers); i++)
    bodies[i] = g_strdup_printf ("{\"SdkAppId\": %" G_GINT64_FORMAT ", \"MaxMembersPerGroup\": %d}", id, tiers[i]);
  memset (&tally, 0, sizeof tally);
  tally.expected_error = "LimitExceeded.MonthlyModification";
  run_parallel (servers, 2, "ModifyAppPlan", bodies, G_N_ELEMENTS (tiers), &tally);
  g_assert_cmpuint (tally.ok, ==, 1);
  g_assert_cmpuint (tally.locked, ==, G_N_ELEMENTS (tiers) - 1);
  g_assert_cmpuint (tally.other, ==, 0);
  API_STEPS_RUN (b, contended_logs, &vars);

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
