/* test-codec.c: the API's JSON shapes decode strictly and round-trip. */
#include "config.h"

#include "imc-core.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

#define APP_JSON(plan, extra) \
  "{\"SdkAppId\": 1400000001, \"AppName\": \"Chat\", \"Status\": \"Enabled\"," \
  " \"CreatedTime\": \"2026-11-01T09:00:00+08:00\", \"DisabledTime\": null, \"PurgeTime\": null," \
  " \"Plan\": " plan extra "}"
#define PRO_PLAN \
  "{\"Edition\": \"Pro\", \"BillingMode\": \"Postpaid\", \"UnlimitedAvGroups\": false," \
  " \"MaxAvGroups\": 50, \"MaxGroupsPerUser\": 1000, \"MaxMembersPerGroup\": 200, \"MessageRetentionDays\": 7}"

static char *
generate (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Strings come out as JsonGenerator writes them, so answers did not
 * change when the server stopped using it. */
static void
test_writer_strings (void)
{
  const char *strings[] = {
    "", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t", "\x01\x1e\x7f",
    "直播 채팅 😀", "line\xe2\x80\xa8separator", "Alice's app",
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), strings[i]);
      g_autofree char *expected = generate (node);
      ImcJsonWriter *writer = imc_json_writer_new ();
      g_autofree char *text = NULL;

      imc_json_writer_string (writer, strings[i]);
      text = imc_json_writer_free_to_string (writer);
      g_assert_cmpstr (text, ==, expected);
    }

  /* U+001F is escaped too (JsonGenerator 1.6 forgets it). */
  {
    ImcJsonWriter *writer = imc_json_writer_new ();
    g_autofree char *text = NULL;

    imc_json_writer_string (writer, "\x1f");
    text = imc_json_writer_free_to_string (writer);
    g_assert_cmpstr (text, ==, "\"\\u001f\"");
  }

  /* Bytes that are not UTF-8 never reach the output. */
  {
    ImcJsonWriter *writer = imc_json_writer_new ();
    g_autofree char *text = NULL;
    g_autoptr(JsonObject) object = NULL;

    imc_json_writer_begin_object (writer);
    imc_json_writer_member (writer, "Name\xff");
    imc_json_writer_string (writer, "bad \xc3\x28 \"byte\"");
    imc_json_writer_end_object (writer);
    text = imc_json_writer_free_to_string (writer);
    g_assert_true (g_utf8_validate (text, -1, NULL));
    object = parse_object (text);
    g_assert_cmpstr (json_object_get_string_member (object, "Name\xef\xbf\xbd"), ==,
                     "bad \xef\xbf\xbd( \"byte\"");
  }
}

/* Any json-glib tree written by the writer parses back to the same tree,
 * members in the same order. */
static void
test_writer_nodes (void)
{
  const char *json =
    "{\"a\":1,\"b\":[true,false,null,-9223372036854775807,0.5,\"s\",[],{}],"
    "\"c\":{\"z\":{\"y\":[[1],[2,{\"x\":\"\\u0001\"}]]}},\"d\":null}";
  g_autoptr(JsonObject) object = parse_object (json);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonNode) again_node = NULL;
  ImcJsonWriter *writer = imc_json_writer_new ();
  g_autofree char *text = NULL;

  imc_json_writer_node (writer, node);
  text = imc_json_writer_free_to_string (writer);
  again = parse_object (text);
  again_node = json_node_init_object (json_node_alloc (), again);
  g_assert_true (json_node_equal (node, again_node));
  g_assert_cmpstr (text, ==, "{\"a\":1,\"b\":[true,false,null,-9223372036854775807,0.5,\"s\",[],{}],"
                             "\"c\":{\"z\":{\"y\":[[1],[2,{\"x\":\"\\u0001\"}]]}},\"d\":null}");
}

/* Members of a finished object go into another one, with the commas
 * right whether either side is empty. */
static void
test_writer_members_text (void)
{
  const struct { const char *before; const char *inner; const char *expected; } cases[] = {
    { NULL, "{}", "{}" },
    { NULL, "{ }", "{}" },
    { NULL, "{\"a\":1}", "{\"a\":1}" },
    { "x", "{}", "{\"x\":0}" },
    { "x", "{\"a\":1,\"b\":{\"c\":2}}", "{\"x\":0,\"a\":1,\"b\":{\"c\":2}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ImcJsonWriter *writer = imc_json_writer_new ();
      g_autofree char *text = NULL;

      imc_json_writer_begin_object (writer);
      if (cases[i].before != NULL)
        {
          imc_json_writer_member (writer, cases[i].before);
          imc_json_writer_int (writer, 0);
        }
      imc_json_writer_members_text (writer, cases[i].inner);
      imc_json_writer_end_object (writer);
      text = imc_json_writer_free_to_string (writer);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_app_roundtrip (void)
{
  g_autoptr(JsonObject) object = parse_object (APP_JSON (PRO_PLAN, ", \"NextModifiable\": {\"Edition\": \"2026-12-01\", \"UnlimitedAvGroups\": null, \"MaxGroupsPerUser\": \"2026-12-01\", \"MaxMembersPerGroup\": null}"));
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcApp) app = imc_app_new_from_json (object, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(ImcApp) copy = NULL;
  g_autofree char *next = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (imc_app_get_sdk_app_id (app), ==, 1400000001);
  g_assert_cmpstr (imc_app_get_name (app), ==, "Chat");
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_PRO);
  g_assert_cmpint (imc_app_get_billing_mode (app), ==, IMC_BILLING_MODE_POSTPAID);
  g_assert_cmpint (imc_app_get_plan (app)->max_groups_per_user, ==, 1000);
  g_assert_cmpint (imc_app_get_max_av_groups (app), ==, 50);
  g_assert_null (imc_app_get_disabled_time (app));
  g_assert_null (imc_app_get_next_modifiable (app, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS));
  next = imc_calendar_format_date (imc_app_get_next_modifiable (app, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER));
  g_assert_cmpstr (next, ==, "2026-12-01");

  node = imc_app_to_json (app);
  copy = imc_app_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_true (imc_plan_equal (imc_app_get_plan (app), imc_app_get_plan (copy)));
  g_assert_true (g_date_time_equal (imc_app_get_created_time (app), imc_app_get_created_time (copy)));
  g_assert_true (g_date_time_equal (imc_app_get_next_modifiable (app, IMC_PLAN_ITEM_EDITION),
                                    imc_app_get_next_modifiable (copy, IMC_PLAN_ITEM_EDITION)));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_app_update_notifies (void)
{
  g_autoptr(JsonObject) object = parse_object (APP_JSON (PRO_PLAN, ""));
  g_autoptr(ImcApp) app = imc_app_new_from_json (object, NULL);
  g_autoptr(ImcApp) other = imc_app_new_from_json (object, NULL);
  ImcPlan plan = *imc_app_get_plan (other);
  guint count = 0;

  g_signal_connect (app, "notify::plan", G_CALLBACK (count_notify), &count);
  imc_app_update_from (app, other);
  g_assert_cmpuint (count, ==, 0);
  plan.max_members_per_group = 500;
  imc_app_set_plan (other, &plan);
  imc_app_update_from (app, other);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpint (imc_app_get_plan (app)->max_members_per_group, ==, 500);
}

static void
test_app_strict (void)
{
  const struct { const char *json; gint code; } cases[] = {
    { "{}", IMC_ERROR_MISSING_PARAMETER },
    { APP_JSON ("\"Pro\"", ""), IMC_ERROR_INVALID_PARAMETER },
    { APP_JSON ("{\"Edition\": \"Gold\", \"BillingMode\": \"Postpaid\", \"UnlimitedAvGroups\": false, \"MaxAvGroups\": 50, \"MaxGroupsPerUser\": 500, \"MaxMembersPerGroup\": 200, \"MessageRetentionDays\": 7}", ""), IMC_ERROR_INVALID_PARAMETER_VALUE },
    { APP_JSON ("{\"Edition\": \"Free\", \"BillingMode\": \"Postpaid\", \"UnlimitedAvGroups\": false, \"MaxAvGroups\": 50, \"MaxGroupsPerUser\": 500, \"MaxMembersPerGroup\": 200, \"MessageRetentionDays\": 7}", ""), IMC_ERROR_INVALID_PARAMETER_VALUE },
    { APP_JSON ("{\"Edition\": \"Pro\", \"BillingMode\": \"Postpaid\", \"UnlimitedAvGroups\": \"no\", \"MaxAvGroups\": 50, \"MaxGroupsPerUser\": 500, \"MaxMembersPerGroup\": 200, \"MessageRetentionDays\": 7}", ""), IMC_ERROR_INVALID_PARAMETER },
    { APP_JSON ("{\"Edition\": \"Pro\", \"BillingMode\": \"Postpaid\", \"UnlimitedAvGroups\": false, \"MaxAvGroups\": 50, \"MaxGroupsPerUser\": 99999999999, \"MaxMembersPerGroup\": 200, \"MessageRetentionDays\": 7}", ""), IMC_ERROR_INVALID_PARAMETER },
    { APP_JSON ("{\"Edition\": \"Pro\", \"BillingMode\": \"Postpaid\", \"UnlimitedAvGroups\": false, \"MaxAvGroups\": 50, \"MaxGroupsPerUser\": -500, \"MaxMembersPerGroup\": 200, \"MessageRetentionDays\": 7}", ""), IMC_ERROR_INVALID_PARAMETER_VALUE },
    { APP_JSON (PRO_PLAN, ", \"NextModifiable\": {\"Edition\": \"2026-13-01\"}"), IMC_ERROR_INVALID_PARAMETER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = parse_object (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(ImcApp) app = imc_app_new_from_json (object, &error);

      g_test_message ("case %u", i);
      g_assert_null (app);
      g_assert_error (error, IMC_ERROR, cases[i].code);
    }
}

static void
test_money (void)
{
  const struct { const char *str; gboolean ok; gint64 minor; const char *back; } cases[] = {
    { "999.00", TRUE, 99900, "999.00" }, { "0.00", TRUE, 0, "0.00" }, { "0.5", TRUE, 50, "0.50" },
    { "-1.00", TRUE, -100, "-1.00" }, { "12", TRUE, 1200, "12.00" },
    { "1e3", FALSE }, { "", FALSE }, { "12.345", FALSE }, { "1.", FALSE }, { ".5", FALSE },
    { "99999999999999999999.00", FALSE }, { " 1.00", FALSE }, { "1,000.00", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 minor = -1;

      g_test_message ("case %s", cases[i].str);
      g_assert_cmpint (imc_money_from_decimal (cases[i].str, &minor), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_autofree char *back = imc_money_to_decimal (minor);
          g_assert_cmpint (minor, ==, cases[i].minor);
          g_assert_cmpstr (back, ==, cases[i].back);
        }
    }
}

static void
test_operation_log_roundtrip (void)
{
  g_autoptr(GDateTime) time = imc_calendar_parse_iso8601 ("2026-11-23T10:00:00+08:00");
  ImcPlan before = { IMC_EDITION_FREE, FALSE, 500, 200 };
  ImcPlan after = { IMC_EDITION_ULTIMATE, TRUE, 1000, 3000 };
  g_autoptr(ImcOperationLog) log = imc_operation_log_new (7, 1400000001, time, "AKIDabc", "UpgradeAppPlan",
                                                          IMC_APP_STATUS_ENABLED, &before,
                                                          IMC_APP_STATUS_ENABLED, &after,
                                                          IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_EDITION) |
                                                          IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP));
  g_autoptr(JsonNode) node = imc_operation_log_to_json (log);
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcOperationLog) copy = imc_operation_log_new_from_json (json_node_get_object (node), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (imc_operation_log_get_secret_id (copy), ==, "AKIDabc");
  g_assert_cmpstr (imc_operation_log_get_action (copy), ==, "UpgradeAppPlan");
  g_assert_true (imc_plan_equal (imc_operation_log_get_plan_after (copy), &after));
  g_assert_cmpuint (imc_operation_log_get_changed_items (copy), ==, imc_operation_log_get_changed_items (log));
}

static void
test_price_quote_roundtrip (void)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  g_autoptr(GDateTime) now = imc_calendar_parse_iso8601 ("2026-11-16T10:00:00+08:00");
  ImcPlan current = { IMC_EDITION_FREE, FALSE, 500, 200 };
  ImcPlan plan = { IMC_EDITION_PRO, TRUE, 500, 500 };
  g_autoptr(ImcPriceQuote) quote = imc_price_quote_new (catalog, &current, &plan, now);
  g_autoptr(JsonNode) node = imc_price_quote_to_json (quote);
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcPriceQuote) copy = imc_price_quote_new_from_json (json_node_get_object (node), &error);

  g_assert_no_error (error);
  g_assert_cmpint (imc_price_quote_get_monthly_amount (quote), ==, 99900 + 100000 + 20000);
  g_assert_cmpint (imc_price_quote_get_days_left (quote), ==, 15);
  g_assert_cmpint (imc_price_quote_get_current_month_amount (copy), ==,
                   imc_price_quote_get_current_month_amount (quote));
  g_assert_cmpint (imc_price_quote_get_line_amount (copy, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS), ==, 100000);
  g_assert_cmpstr (imc_price_quote_get_currency (copy), ==, "CNY");
}

static void
test_bill_roundtrip (void)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  ImcPlanEvent event = { imc_calendar_parse_iso8601 ("2026-11-10T10:00:00+08:00"), TRUE,
                         { IMC_EDITION_PRO, FALSE, 500, 200 } };
  g_autoptr(GArray) days = NULL;
  gint64 total = imc_billing_compute_month (catalog, &event, 1, 2026, 11, &days);
  g_autoptr(ImcBill) bill = imc_bill_new (2026, 11, "CNY");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(ImcBill) copy = NULL;
  g_autoptr(GError) error = NULL;

  imc_bill_add_app (bill, 1400000001, "Chat", days);
  g_assert_cmpint (imc_bill_get_total (bill), ==, total);
  node = imc_bill_to_json (bill);
  copy = imc_bill_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpint (imc_bill_get_total (copy), ==, total);
  g_assert_cmpuint (imc_bill_get_n_apps (copy), ==, 1);
  g_assert_cmpuint (imc_bill_get_app_days (copy, 0)->len, ==, 30);
  g_assert_false (g_array_index (imc_bill_get_app_days (copy, 0), ImcBillDay, 8).billed);
  g_assert_true (g_array_index (imc_bill_get_app_days (copy, 0), ImcBillDay, 9).billed);
  g_date_time_unref (event.time);
}

static void
test_parse_object (void)
{
  g_autoptr(GString) deep = g_string_new ("");
  const struct { const char *data; gsize length; } bad[] = {
    { "", 0 },
    { "[]", 2 },
    { "42", 2 },
    { "{\"a\": 1", 7 },
    { "{\"a\": 99999999999999999999}", 27 },     /* would wrap around */
    { "{\"a\": 1234567890123456789}", 26 },      /* 19 digits */
    { "{\"a\": \"\xff\"}", 10 },                   /* invalid UTF-8 */
    { "{\"a\": 1}\0{}", 11 },                      /* NUL byte */
  };
  g_autoptr(JsonObject) ok = NULL;
  g_autoptr(JsonObject) deep_ok = NULL;
  g_autoptr(JsonObject) too_deep = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = imc_json_parse_object (bad[i].data, bad[i].length, &error);

      g_test_message ("case %u", i);
      g_assert_null (object);
      g_assert_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER);
      g_clear_error (&error);
    }

  ok = imc_json_parse_object ("{\"Limit\": 123456789012345678, \"s\": \"12345678901234567890\"}", 58, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (ok, "Limit"), ==, 123456789012345678);

  /* IMC_JSON_MAX_DEPTH levels pass, one more does not. */
  for (guint i = 0; i < IMC_JSON_MAX_DEPTH; i++)
    g_string_prepend (deep, "{\"a\":");
  g_string_append (deep, "1");
  for (guint i = 0; i < IMC_JSON_MAX_DEPTH; i++)
    g_string_append (deep, "}");
  deep_ok = imc_json_parse_object (deep->str, deep->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (deep_ok);
  g_string_prepend (deep, "{\"a\":");
  g_string_append (deep, "}");
  too_deep = imc_json_parse_object (deep->str, deep->len, &error);
  g_assert_null (too_deep);
  g_assert_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/codec/parse-object", test_parse_object);
  g_test_add_func ("/codec/writer-strings", test_writer_strings);
  g_test_add_func ("/codec/writer-nodes", test_writer_nodes);
  g_test_add_func ("/codec/writer-members-text", test_writer_members_text);
  g_test_add_func ("/codec/app-roundtrip", test_app_roundtrip);
  g_test_add_func ("/codec/app-update-notifies", test_app_update_notifies);
  g_test_add_func ("/codec/app-strict", test_app_strict);
  g_test_add_func ("/codec/money", test_money);
  g_test_add_func ("/codec/operation-log-roundtrip", test_operation_log_roundtrip);
  g_test_add_func ("/codec/price-quote-roundtrip", test_price_quote_roundtrip);
  g_test_add_func ("/codec/bill-roundtrip", test_bill_roundtrip);
  return g_test_run ();
}
