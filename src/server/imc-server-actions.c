/* imc-server-actions.c */
#include "config.h"

#include <string.h>

#include "imc-gettext.h"
#include "imc-server-actions.h"

#define APP_NAME_MAX_CHARS     64
#define KEYWORD_MAX_CHARS      64
#define CLIENT_TOKEN_MAX_CHARS 64
#define DEFAULT_LIMIT          20
#define MAX_LIMIT              100
#define TOKEN_LIFETIME_DAYS    7
/* Pages kept at most; the cache is emptied when it is full. At most some
 * megabytes: 100 apps a page, some hundred bytes an app. */
#define PAGE_CACHE_MAX_PAGES   256

struct _ImcPageCache
{
  GHashTable         *pages;        /* key (see page_key) -> GBytes of the members */
  ImcStoreGeneration  generation;
  gint                month;        /* year * 12 + month - 1, billing calendar */
};

ImcPageCache *
imc_page_cache_new (void)
{
  ImcPageCache *cache = g_new0 (ImcPageCache, 1);

  cache->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_bytes_unref);
  return cache;
}

void
imc_page_cache_free (ImcPageCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->pages);
  g_free (cache);
}

/* Empties the cache when what it holds may be stale. */
static void
page_cache_check (ImcPageCache     *cache,
                  ImcActionContext *ctx)
{
  g_autoptr(GDateTime) local = imc_calendar_to_billing (ctx->now);
  gint month = g_date_time_get_year (local) * 12 + g_date_time_get_month (local) - 1;

  if (!imc_store_generation_equal (&ctx->generation, &cache->generation) ||
      month != cache->month || g_hash_table_size (cache->pages) >= PAGE_CACHE_MAX_PAGES)
    {
      g_hash_table_remove_all (cache->pages);
      cache->generation = ctx->generation;
      cache->month = month;
    }
}

static gboolean
write_members (ImcJsonWriter *result,
               GBytes        *members)
{
  gsize length;
  const char *data = g_bytes_get_data (members, &length);

  imc_json_writer_members_raw (result, data, length);
  return TRUE;
}

/* The keyword comes last and as it is: it may hold any character. */
static char *
page_key (gint64       account_id,
          const char  *status,
          gint64       offset,
          gint64       limit,
          const char  *keyword)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %c%s",
                          account_id, status != NULL ? status : "-", offset, limit,
                          keyword != NULL ? 'k' : '-', keyword != NULL ? keyword : "");
}

void
imc_action_context_clear (ImcActionContext *ctx)
{
  g_clear_pointer (&ctx->error_next, g_date_time_unref);
  ctx->has_error_item = FALSE;
}

static gboolean
invalid_value (GError     **error,
               const char  *member)
{
  g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
               /* TRANSLATORS: %s is an API parameter name such as "Limit" */
               _("The value of the parameter “%s” is not valid."), member);
  return FALSE;
}

static gboolean
get_sdk_app_id (JsonObject  *params,
                gint64      *out,
                GError     **error)
{
  if (!imc_json_get_int (params, "SdkAppId", TRUE, out, NULL, error))
    return FALSE;
  if (*out <= 0)
    return invalid_value (error, "SdkAppId");
  return TRUE;
}

static gboolean
get_paging (JsonObject  *params,
            gint64      *out_offset,
            gint64      *out_limit,
            GError     **error)
{
  *out_offset = 0;
  *out_limit = DEFAULT_LIMIT;

  if (!imc_json_get_int (params, "Offset", FALSE, out_offset, NULL, error) ||
      !imc_json_get_int (params, "Limit", FALSE, out_limit, NULL, error))
    return FALSE;
  if (*out_offset < 0)
    return invalid_value (error, "Offset");
  if (*out_limit < 1 || *out_limit > MAX_LIMIT)
    return invalid_value (error, "Limit");
  return TRUE;
}

static gboolean
get_edition (JsonObject  *params,
             gboolean     required,
             gboolean    *out_present,
             ImcEdition  *out,
             GError     **error)
{
  const char *str = NULL;

  if (!imc_json_get_string (params, "Edition", required, &str, out_present, error))
    return FALSE;
  if (*out_present && !imc_edition_from_string (str, out))
    return invalid_value (error, "Edition");
  return TRUE;
}

static gboolean
get_plan_request (JsonObject      *params,
                  ImcPlanRequest  *out,
                  GError         **error)
{
  memset (out, 0, sizeof *out);

  if (!get_edition (params, FALSE, &out->has_edition, &out->edition, error))
    return FALSE;
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      gboolean present = FALSE;
      gint value = 0;

      if (!imc_json_get_plan_item (params, item, FALSE, &value, &present, error))
        return FALSE;
      if (present)
        imc_plan_request_set_item (out, item, value);
    }
  return TRUE;
}

/* Written from the stored row without an ImcApp: DescribeApps does this
 * for every app of a page. */
static void
write_app (ImcActionContext   *ctx,
           const ImcStoredApp *stored,
           ImcJsonWriter      *writer)
{
  ImcAppRecord record = {
    .sdk_app_id = stored->sdk_app_id,
    .name = stored->name,
    .status = stored->state.status,
    .created_time = stored->created_time,
    .disabled_time = imc_json_writer_unix_of (stored->disabled_time),
    .purge_time = IMC_JSON_WRITER_NO_TIME,
    .plan = stored->state.plan,
    .max_av_groups = imc_catalog_get_max_av_groups (ctx->catalog, &stored->state.plan),
    .message_retention_days = imc_catalog_get_retention_days (ctx->catalog, stored->state.plan.edition),
  };

  if (stored->disabled_time != NULL)
    {
      g_autoptr(GDateTime) purge = imc_rules_purge_time (stored->disabled_time);

      record.purge_time = g_date_time_to_unix (purge);
    }

  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    {
      g_autoptr(GDateTime) next = NULL;

      if (stored->state.last_change[i] != NULL)
        next = imc_rules_next_modifiable (stored->state.last_change[i], ctx->now);
      record.next_modifiable[i] = imc_json_writer_unix_of (next);
    }

  imc_app_record_write_json (&record, writer);
}

/* The "App" member of the write actions' answers. */
static gboolean
app_result (ImcActionContext   *ctx,
            const ImcStoredApp *stored,
            ImcJsonWriter      *result)
{
  imc_json_writer_member_literal (result, "App");
  write_app (ctx, stored, result);
  return TRUE;
}

/* An action whose answer comes as a json-glib node. */
static gboolean
node_result (JsonNode      *node,
             ImcJsonWriter *result)
{
  imc_json_writer_members (result, json_node_get_object (node));
  return TRUE;
}

/* Write actions: the body runs between BEGIN IMMEDIATE and COMMIT. */
typedef gboolean (*WriteFunc) (ImcActionContext  *ctx,
                               JsonObject        *params,
                               ImcJsonWriter     *result,
                               GError           **error);

static gboolean
run_write (ImcActionContext  *ctx,
           JsonObject        *params,
           WriteFunc          func,
           ImcJsonWriter     *result,
           GError           **error)
{
  const char *token = NULL;
  gboolean has_token = FALSE;
  g_autofree char *stored_action = NULL;
  g_autofree char *stored_response = NULL;
  g_autoptr(ImcJsonWriter) own = NULL;
  g_autofree char *text = NULL;

  if (!imc_json_get_string (params, "ClientToken", FALSE, &token, &has_token, error))
    return FALSE;
  if (has_token && (*token == '\0' || !g_utf8_validate (token, -1, NULL) ||
                    g_utf8_strlen (token, -1) > CLIENT_TOKEN_MAX_CHARS))
    return invalid_value (error, "ClientToken");

  if (!imc_store_begin (ctx->store, error))
    return FALSE;

  if (has_token)
    {
      if (!imc_store_lookup_token (ctx->store, ctx->account_id, token,
                                   &stored_action, &stored_response, error))
        goto fail;

      if (stored_action != NULL)
        {
          g_autoptr(JsonParser) parser = json_parser_new_immutable ();
          JsonNode *root;

          imc_store_rollback (ctx->store);
          if (strcmp (stored_action, ctx->action) != 0)
            {
              g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                           _("The ClientToken was already used for another action."));
              return FALSE;
            }
          if (!json_parser_load_from_data (parser, stored_response, -1, NULL) ||
              (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
            {
              g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL, "stored answer is damaged");
              return FALSE;
            }
          /* The first answer, as it was: nothing is written again. */
          imc_json_writer_members_text (result, stored_response);
          return TRUE;
        }
    }

  /* The answer is kept whole for a replay of the token. */
  own = imc_json_writer_new ();
  imc_json_writer_begin_object (own);
  if (!func (ctx, params, own, error))
    goto fail;
  imc_json_writer_end_object (own);
  text = imc_json_writer_free_to_string (g_steal_pointer (&own));

  if (has_token && !imc_store_save_token (ctx->store, ctx->account_id, token, ctx->action, text,
                                          ctx->now, error))
    goto fail;

  if (!imc_store_commit (ctx->store, error))
    return FALSE;

  imc_json_writer_members_text (result, text);
  return TRUE;

fail:
  imc_store_rollback (ctx->store);
  return FALSE;
}

/* DescribePlanCatalog */
static gboolean
describe_plan_catalog (ImcActionContext  *ctx,
                       JsonObject        *params,
                       ImcJsonWriter     *result,
                       GError           **error)
{
  g_autoptr(JsonNode) node = imc_catalog_to_json (ctx->catalog);

  return node_result (node, result);
}

/* CreateApp */
static gboolean
create_app_write (ImcActionContext  *ctx,
                  JsonObject        *params,
                  ImcJsonWriter     *result,
                  GError           **error)
{
  const char *name = NULL;
  g_autofree char *clean = NULL;
  const ImcPlan *plan = imc_catalog_get_default_plan (ctx->catalog, IMC_EDITION_FREE);
  g_autoptr(ImcStoredApp) app = NULL;
  gint64 sdk_app_id = 0;
  glong chars;

  if (!imc_json_get_string (params, "AppName", TRUE, &name, NULL, error))
    return FALSE;

  clean = g_strstrip (g_strdup (name));
  chars = g_utf8_validate (clean, -1, NULL) ? g_utf8_strlen (clean, -1) : -1;
  if (chars < 1 || chars > APP_NAME_MAX_CHARS)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("The app name must be 1 to %d characters long."), APP_NAME_MAX_CHARS);
      return FALSE;
    }
  for (const char *p = clean; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                       _("The app name must not contain control characters."));
          return FALSE;
        }
    }

  if (!imc_store_create_app (ctx->store, ctx->account_id, clean, plan, ctx->now, &sdk_app_id, error) ||
      !imc_store_add_log (ctx->store, ctx->account_id, sdk_app_id, ctx->now, ctx->secret_id,
                          "CreateApp", IMC_APP_STATUS_ENABLED, plan, IMC_APP_STATUS_ENABLED, plan,
                          0, error))
    return FALSE;

  app = imc_store_get_app (ctx->store, ctx->account_id, sdk_app_id, error);
  if (app == NULL)
    return FALSE;

  imc_json_writer_member_literal (result, "SdkAppId");
  imc_json_writer_int (result, sdk_app_id);
  return app_result (ctx, app, result);
}

static gboolean
create_app (ImcActionContext  *ctx,
            JsonObject        *params,
            ImcJsonWriter     *result,
            GError           **error)
{
  return run_write (ctx, params, create_app_write, result, error);
}

/* DescribeApps */
static gboolean
describe_apps (ImcActionContext  *ctx,
               JsonObject        *params,
               ImcJsonWriter     *result,
               GError           **error)
{
  const char *keyword = NULL;
  const char *status = NULL;
  gboolean has_status = FALSE;
  ImcAppStatus status_value;
  gint64 offset, limit, total = 0;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(ImcJsonWriter) page = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) members = NULL;

  if (!get_paging (params, &offset, &limit, error) ||
      !imc_json_get_string (params, "Keyword", FALSE, &keyword, NULL, error) ||
      !imc_json_get_string (params, "Status", FALSE, &status, &has_status, error))
    return FALSE;
  if (keyword != NULL && (!g_utf8_validate (keyword, -1, NULL) ||
                          g_utf8_strlen (keyword, -1) > KEYWORD_MAX_CHARS))
    {
      invalid_value (error, "Keyword");
      return FALSE;
    }
  if (keyword != NULL && *keyword == '\0')
    keyword = NULL;
  if (has_status && !imc_app_status_from_string (status, &status_value))
    {
      invalid_value (error, "Status");
      return FALSE;
    }

  if (ctx->pages != NULL)
    {
      GBytes *kept;

      page_cache_check (ctx->pages, ctx);
      key = page_key (ctx->account_id, status, offset, limit, keyword);
      kept = g_hash_table_lookup (ctx->pages->pages, key);
      if (kept != NULL)
        return write_members (result, kept);
    }

  if (!imc_store_list_apps (ctx->store, ctx->account_id, keyword, status, offset, limit,
                            &total, &apps, error))
    return FALSE;

  page = imc_json_writer_new ();
  imc_json_writer_begin_object (page);
  imc_json_writer_member_literal (page, "TotalCount");
  imc_json_writer_int (page, total);
  imc_json_writer_member_literal (page, "Apps");
  imc_json_writer_begin_array (page);
  for (guint i = 0; i < apps->len; i++)
    write_app (ctx, g_ptr_array_index (apps, i), page);
  imc_json_writer_end_array (page);
  imc_json_writer_end_object (page);
  text = imc_json_writer_free_to_string (g_steal_pointer (&page));

  /* The members without their braces, as they are kept. */
  members = g_bytes_new (text + 1, strlen (text) - 2);
  write_members (result, members);
  if (ctx->pages != NULL)
    g_hash_table_replace (ctx->pages->pages, g_steal_pointer (&key), g_steal_pointer (&members));
  return TRUE;
}

/* DescribeApp */
static gboolean
describe_app (ImcActionContext  *ctx,
              JsonObject        *params,
              ImcJsonWriter     *result,
              GError           **error)
{
  g_autoptr(ImcStoredApp) app = NULL;
  gint64 sdk_app_id;

  if (!get_sdk_app_id (params, &sdk_app_id, error))
    return FALSE;
  app = imc_store_get_app (ctx->store, ctx->account_id, sdk_app_id, error);
  if (app == NULL)
    return FALSE;
  return app_result (ctx, app, result);
}

static gboolean
change_plan (ImcActionContext  *ctx,
             JsonObject        *params,
             gboolean           upgrade,
             ImcJsonWriter     *result,
             GError           **error)
{
  g_autoptr(ImcStoredApp) app = NULL;
  ImcPlanRequest request;
  ImcPlanOutcome outcome;
  ImcPlan before;
  gint64 sdk_app_id;
  gboolean ok;
  g_autoptr(GError) local_error = NULL;

  if (!get_sdk_app_id (params, &sdk_app_id, error) ||
      !get_plan_request (params, &request, error))
    return FALSE;

  app = imc_store_get_app (ctx->store, ctx->account_id, sdk_app_id, error);
  if (app == NULL)
    return FALSE;

  if (upgrade)
    ok = imc_rules_check_upgrade (ctx->catalog, &app->state, &request, ctx->now, &outcome, &local_error);
  else
    ok = imc_rules_check_modify (ctx->catalog, &app->state, &request, ctx->now, &outcome, &local_error);
  if (!ok)
    {
      /* The client shows the locked item's own date: pass both on. */
      if (g_error_matches (local_error, IMC_ERROR, IMC_ERROR_MONTHLY_MODIFICATION))
        {
          ctx->has_error_item = TRUE;
          ctx->error_item = outcome.locked_item;
          ctx->error_next = g_date_time_new_from_unix_utc (outcome.locked_until);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Nothing differs: nothing to write, nothing to log. */
  if (outcome.changed == 0 && imc_plan_equal (&outcome.plan, &app->state.plan))
    return app_result (ctx, app, result);

  before = app->state.plan;
  app->state.plan = outcome.plan;
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    if (outcome.changed & IMC_PLAN_ITEM_FLAG (i))
      {
        g_clear_pointer (&app->state.last_change[i], g_date_time_unref);
        app->state.last_change[i] = g_date_time_ref (ctx->now);
      }

  if (!imc_store_record_change (ctx->store, app, ctx->now, ctx->secret_id, ctx->action,
                                app->state.status, &before, outcome.changed, error))
    return FALSE;

  return app_result (ctx, app, result);
}

static gboolean
upgrade_write (ImcActionContext  *ctx,
               JsonObject        *params,
               ImcJsonWriter     *result,
               GError           **error)
{
  return change_plan (ctx, params, TRUE, result, error);
}

static gboolean
upgrade_app_plan (ImcActionContext  *ctx,
                  JsonObject        *params,
                  ImcJsonWriter     *result,
                  GError           **error)
{
  return run_write (ctx, params, upgrade_write, result, error);
}

static gboolean
modify_write (ImcActionContext  *ctx,
              JsonObject        *params,
              ImcJsonWriter     *result,
              GError           **error)
{
  return change_plan (ctx, params, FALSE, result, error);
}

static gboolean
modify_app_plan (ImcActionContext  *ctx,
                 JsonObject        *params,
                 ImcJsonWriter     *result,
                 GError           **error)
{
  return run_write (ctx, params, modify_write, result, error);
}

static gboolean
set_enabled (ImcActionContext  *ctx,
             JsonObject        *params,
             gboolean           enable,
             ImcJsonWriter     *result,
             GError           **error)
{
  g_autoptr(ImcStoredApp) app = NULL;
  ImcAppStatus before;
  gint64 sdk_app_id;

  if (!get_sdk_app_id (params, &sdk_app_id, error))
    return FALSE;
  app = imc_store_get_app (ctx->store, ctx->account_id, sdk_app_id, error);
  if (app == NULL)
    return FALSE;

  if (enable ? !imc_rules_check_enable (&app->state, error) : !imc_rules_check_disable (&app->state, error))
    return FALSE;

  before = app->state.status;
  g_clear_pointer (&app->disabled_time, g_date_time_unref);
  if (enable)
    {
      app->state.status = IMC_APP_STATUS_ENABLED;
    }
  else
    {
      app->state.status = IMC_APP_STATUS_DISABLED;
      app->disabled_time = g_date_time_ref (ctx->now);
    }

  if (!imc_store_record_change (ctx->store, app, ctx->now, ctx->secret_id, ctx->action,
                                before, &app->state.plan, 0, error))
    return FALSE;

  return app_result (ctx, app, result);
}

static gboolean
disable_write (ImcActionContext  *ctx,
               JsonObject        *params,
               ImcJsonWriter     *result,
               GError           **error)
{
  return set_enabled (ctx, params, FALSE, result, error);
}

static gboolean
disable_app (ImcActionContext  *ctx,
             JsonObject        *params,
             ImcJsonWriter     *result,
             GError           **error)
{
  return run_write (ctx, params, disable_write, result, error);
}

static gboolean
enable_write (ImcActionContext  *ctx,
              JsonObject        *params,
              ImcJsonWriter     *result,
              GError           **error)
{
  return set_enabled (ctx, params, TRUE, result, error);
}

static gboolean
enable_app (ImcActionContext  *ctx,
            JsonObject        *params,
            ImcJsonWriter     *result,
            GError           **error)
{
  return run_write (ctx, params, enable_write, result, error);
}

/* DescribeAppOperationLogs */
static gboolean
describe_app_operation_logs (ImcActionContext  *ctx,
                             JsonObject        *params,
                             ImcJsonWriter     *result,
                             GError           **error)
{
  gint64 sdk_app_id, offset, limit, total = 0;
  gboolean existed = FALSE;
  g_autoptr(GPtrArray) logs = NULL;

  if (!get_sdk_app_id (params, &sdk_app_id, error) ||
      !get_paging (params, &offset, &limit, error))
    return FALSE;

  /* Logs outlive a purge: they are the record of it. */
  if (!imc_store_app_ever_existed (ctx->store, ctx->account_id, sdk_app_id, &existed, error))
    return FALSE;
  if (!existed)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, sdk_app_id);

      /* TRANSLATORS: %s is an app's SdkAppId, e.g. 1400000001 */
      g_set_error (error, IMC_ERROR, IMC_ERROR_RESOURCE_NOT_FOUND_APP,
                   _("The app %s does not exist."), id);
      return FALSE;
    }

  if (!imc_store_list_logs (ctx->store, ctx->account_id, sdk_app_id, offset, limit, &total, &logs, error))
    return FALSE;

  imc_json_writer_member_literal (result, "TotalCount");
  imc_json_writer_int (result, total);
  imc_json_writer_member_literal (result, "OperationLogs");
  imc_json_writer_begin_array (result);
  for (guint i = 0; i < logs->len; i++)
    {
      g_autoptr(JsonNode) node = imc_operation_log_to_json (g_ptr_array_index (logs, i));

      imc_json_writer_node (result, node);
    }
  imc_json_writer_end_array (result);
  return TRUE;
}

/* InquiryPriceAppPlan */
static gboolean
inquiry_price_app_plan (ImcActionContext  *ctx,
                        JsonObject        *params,
                        ImcJsonWriter     *result,
                        GError           **error)
{
  g_autoptr(ImcStoredApp) app = NULL;
  g_autoptr(ImcPriceQuote) quote = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean present = FALSE;
  gint64 sdk_app_id;
  ImcPlan plan = { 0, };

  if (!get_sdk_app_id (params, &sdk_app_id, error) ||
      !get_edition (params, TRUE, &present, &plan.edition, error))
    return FALSE;
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      gint value = 0;

      if (!imc_json_get_plan_item (params, item, TRUE, &value, NULL, error))
        return FALSE;
      imc_plan_set_item (&plan, item, value);
    }

  app = imc_store_get_app (ctx->store, ctx->account_id, sdk_app_id, error);
  if (app == NULL)
    return FALSE;
  if (!imc_catalog_validate_plan (ctx->catalog, &plan, error))
    return FALSE;

  quote = imc_price_quote_new (ctx->catalog, &app->state.plan, &plan, ctx->now);
  node = imc_price_quote_to_json (quote);
  return node_result (node, result);
}

/* DescribeBill */
static gboolean
describe_bill (ImcActionContext  *ctx,
               JsonObject        *params,
               ImcJsonWriter     *result,
               GError           **error)
{
  const char *month = NULL;
  gint year = 0, month_number = 0;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(ImcBill) bill = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!imc_json_get_string (params, "Month", TRUE, &month, NULL, error))
    return FALSE;
  if (!imc_calendar_parse_month (month, &year, &month_number) || year < 2000 || year > 9999)
    {
      invalid_value (error, "Month");
      return FALSE;
    }

  start = imc_calendar_day_start (year, month_number, 1);
  end = imc_calendar_next_month_start (start);
  if (!imc_store_list_bill_apps (ctx->store, ctx->account_id, start, end, &apps, error))
    return FALSE;

  bill = imc_bill_new (year, month_number, imc_catalog_get_currency (ctx->catalog));
  for (guint i = 0; i < apps->len; i++)
    {
      ImcBillApp *app = g_ptr_array_index (apps, i);
      g_autoptr(GArray) days = NULL;

      imc_billing_compute_month (ctx->catalog, (const ImcPlanEvent *) (gpointer) app->events->data,
                                 app->events->len, year, month_number, &days);
      imc_bill_add_app (bill, app->sdk_app_id, app->name, days);
    }

  node = imc_bill_to_json (bill);
  return node_result (node, result);
}

static const struct {
  const char    *name;
  ImcActionFunc  func;
} actions[] = {
  { "DescribePlanCatalog", describe_plan_catalog },
  { "CreateApp", create_app },
  { "DescribeApps", describe_apps },
  { "DescribeApp", describe_app },
  { "InquiryPriceAppPlan", inquiry_price_app_plan },
  { "UpgradeAppPlan", upgrade_app_plan },
  { "ModifyAppPlan", modify_app_plan },
  { "DisableApp", disable_app },
  { "EnableApp", enable_app },
  { "DescribeAppOperationLogs", describe_app_operation_logs },
  { "DescribeBill", describe_bill },
};

ImcActionFunc
imc_server_actions_lookup (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (strcmp (actions[i].name, name) == 0)
      return actions[i].func;
  return NULL;
}

static gboolean
purge_one (ImcStore   *store,
           gint64      sdk_app_id,
           gint64      account_id,
           GDateTime  *now,
           gboolean   *out_purged,
           GError    **error)
{
  g_autoptr(ImcStoredApp) app = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_purged = FALSE;
  if (!imc_store_begin (store, error))
    return FALSE;

  /* Looked at again inside the transaction: it may have been enabled. */
  app = imc_store_get_app (store, account_id, sdk_app_id, &local_error);
  if (app == NULL)
    {
      imc_store_rollback (store);
      if (g_error_matches (local_error, IMC_ERROR, IMC_ERROR_RESOURCE_NOT_FOUND_APP))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (app->disabled_time == NULL || !imc_rules_purge_due (app->disabled_time, now))
    {
      imc_store_rollback (store);
      return TRUE;
    }

  if (!imc_store_delete_app (store, sdk_app_id, error) ||
      !imc_store_add_event (store, sdk_app_id, now, FALSE, &app->state.plan, error) ||
      !imc_store_add_log (store, account_id, sdk_app_id, now, "", "PurgeApp",
                          IMC_APP_STATUS_DISABLED, &app->state.plan,
                          IMC_APP_STATUS_DISABLED, &app->state.plan, 0, error) ||
      !imc_store_commit (store, error))
    {
      imc_store_rollback (store);
      return FALSE;
    }

  *out_purged = TRUE;
  return TRUE;
}

gboolean
imc_server_actions_purge (ImcStore   *store,
                          GDateTime  *now,
                          gboolean    expire_tokens,
                          guint      *out_purged,
                          GError    **error)
{
  g_autoptr(GDateTime) cutoff = g_date_time_add_days (now, -IMC_PURGE_AFTER_DAYS);
  g_autoptr(GDateTime) token_cutoff = g_date_time_add_days (now, -TOKEN_LIFETIME_DAYS);
  g_autoptr(GArray) pairs = NULL;
  guint purged = 0;

  if (!imc_store_list_disabled_before (store, cutoff, &pairs, error))
    return FALSE;

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      gboolean done = FALSE;

      if (!purge_one (store, g_array_index (pairs, gint64, i), g_array_index (pairs, gint64, i + 1),
                      now, &done, error))
        return FALSE;
      if (done)
        purged++;
    }

  if (expire_tokens && !imc_store_expire_tokens (store, token_cutoff, error))
    return FALSE;

  if (out_purged != NULL)
    *out_purged = purged;
  return TRUE;
}
