/* test-store-items.c: every item of the plan item table goes into the
 * store and back under its storage key: an app's plan and change dates,
 * plan events (bills) and operation logs. In process, on a temporary
 * database. */
#include "config.h"

#include <glib/gstdio.h>

#include "imc-store.h"

/* The Pro defaults with @item raised: the last tier, or a switch on. */
static void
raised_plan (ImcCatalog  *catalog,
             ImcPlanItem  item,
             ImcPlan     *out)
{
  guint n = 0;

  *out = *imc_catalog_get_default_plan (catalog, IMC_EDITION_PRO);
  if (imc_plan_item_get_info (item)->kind == IMC_PLAN_ITEM_KIND_SWITCH)
    imc_plan_set_item (out, item, TRUE);
  else
    imc_plan_set_item (out, item, imc_catalog_get_tiers (catalog, item, &n)[n - 1]);
  g_assert_false (imc_plan_item_equal (out, imc_catalog_get_default_plan (catalog, IMC_EDITION_PRO), item));
}

static void
check_item (ImcStore    *store,
            ImcCatalog  *catalog,
            gint64       account,
            ImcPlanItem  item)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-20T10:00:00+08:00", NULL);
  g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+08:00", NULL);
  g_autoptr(ImcStoredApp) app = NULL;
  g_autoptr(ImcStoredApp) again = NULL;
  g_autoptr(GPtrArray) logs = NULL;
  g_autoptr(GPtrArray) bill_apps = NULL;
  g_autoptr(GError) error = NULL;
  const ImcPlan *free_plan = imc_catalog_get_default_plan (catalog, IMC_EDITION_FREE);
  ImcOperationLog *log;
  ImcBillApp *bill_app = NULL;
  ImcPlan plan;
  gint64 id = 0, total = 0;

  raised_plan (catalog, item, &plan);
  g_assert_true (imc_store_create_app (store, account, "Items", &plan, now, &id, &error));
  g_assert_no_error (error);
  app = imc_store_get_app (store, account, id, &error);
  g_assert_no_error (error);
  g_assert_true (imc_plan_equal (&app->state.plan, &plan));
  g_assert_null (app->state.last_change[item]);

  /* Back to the defaults, with this month's change date. */
  app->state.plan = *free_plan;
  app->state.last_change[item] = g_date_time_ref (now);
  g_assert_true (imc_store_update_app (store, app, &error));
  g_assert_no_error (error);
  again = imc_store_get_app (store, account, id, &error);
  g_assert_no_error (error);
  g_assert_true (imc_plan_equal (&again->state.plan, free_plan));
  g_assert_nonnull (again->state.last_change[item]);
  g_assert_true (g_date_time_equal (again->state.last_change[item], now));

  g_assert_true (imc_store_add_log (store, account, id, now, "AKIDtest", "ModifyAppPlan",
                                    IMC_APP_STATUS_ENABLED, &plan, IMC_APP_STATUS_ENABLED, free_plan,
                                    IMC_PLAN_ITEM_FLAG (item), &error));
  g_assert_no_error (error);
  g_assert_true (imc_store_list_logs (store, account, id, 0, 10, &total, &logs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (logs->len, ==, 1);
  log = g_ptr_array_index (logs, 0);
  g_assert_true (imc_plan_equal (imc_operation_log_get_plan_before (log), &plan));
  g_assert_true (imc_plan_equal (imc_operation_log_get_plan_after (log), free_plan));

  /* The event imc_store_create_app() wrote. */
  g_assert_true (imc_store_list_bill_apps (store, account, now, end, &bill_apps, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < bill_apps->len; i++)
    if (((ImcBillApp *) g_ptr_array_index (bill_apps, i))->sdk_app_id == id)
      bill_app = g_ptr_array_index (bill_apps, i);
  g_assert_nonnull (bill_app);
  g_assert_true (imc_plan_equal (&g_array_index (bill_app->events, ImcPlanEvent, 0).plan, &plan));
}

static void
test_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-store-items-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plan.db", NULL);
  static const char *const suffixes[] = { "", "-wal", "-shm", ".key" };
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(ImcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account = 0;

  store = imc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (imc_store_ensure_account (store, "alice", now, &account, &error));
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      g_test_message ("item %s", imc_plan_item_to_string (item));
      check_item (store, catalog, account, item);
    }

  imc_store_close (store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/items", test_round_trip);

  return g_test_run ();
}
