/* imc-demo.c */
#include "config.h"

#include "imc-demo.h"

typedef enum {
  STEP_END,
  STEP_CHANGE,
  STEP_DISABLE,
} StepKind;

typedef struct {
  StepKind kind;
  gint     minutes_ago;
  ImcPlan  plan;      /* STEP_CHANGE */
} Step;

typedef struct {
  const char *name;
  gint        created_minutes_ago;
  Step        steps[4];
} DemoApp;

#define DAY (24 * 60)

/* Names stay English: they are data, like names users type. */
static const DemoApp demo_apps[] = {
  { "Chat Demo", 40 * DAY, { { STEP_END } } },
  { "Live Classroom", 60 * DAY, {
      { STEP_CHANGE, 35 * DAY, { IMC_EDITION_PRO, FALSE, 500, 200 } },
      { STEP_END } } },
  { "Game Guild", 100 * DAY, {
      { STEP_CHANGE, 50 * DAY, { IMC_EDITION_ULTIMATE, TRUE, 1000, 2000 } },
      { STEP_CHANGE, 1, { IMC_EDITION_ULTIMATE, TRUE, 2000, 6000 } },
      { STEP_END } } },
  { "Customer Service", 30 * DAY, {
      { STEP_CHANGE, 20 * DAY, { IMC_EDITION_PRO, TRUE, 500, 500 } },
      { STEP_END } } },
  { "Legacy Support", 200 * DAY, {
      { STEP_CHANGE, 150 * DAY, { IMC_EDITION_PRO, FALSE, 1000, 200 } },
      { STEP_DISABLE, 10 * DAY },
      { STEP_END } } },
  { "Old Campaign", 300 * DAY, {
      { STEP_DISABLE, 85 * DAY },
      { STEP_END } } },
  { "Test Sandbox", DAY, { { STEP_END } } },
};

static guint
changed_items (const ImcPlan *before,
               const ImcPlan *after)
{
  guint changed = 0;

  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    if (!imc_plan_item_equal (before, after, (ImcPlanItem) i))
      changed |= IMC_PLAN_ITEM_FLAG (i);
  return changed;
}

static gboolean
seed_app (ImcStore       *store,
          ImcCatalog     *catalog,
          gint64          account_id,
          const DemoApp  *demo,
          GDateTime      *now,
          GError        **error)
{
  const ImcPlan *free_plan = imc_catalog_get_default_plan (catalog, IMC_EDITION_FREE);
  g_autoptr(GDateTime) created = g_date_time_add_minutes (now, -demo->created_minutes_ago);
  g_autoptr(ImcStoredApp) app = NULL;
  gint64 sdk_app_id = 0;

  if (!imc_store_create_app (store, account_id, demo->name, free_plan, created, &sdk_app_id, error) ||
      !imc_store_add_log (store, account_id, sdk_app_id, created, "", "CreateApp",
                          IMC_APP_STATUS_ENABLED, free_plan, IMC_APP_STATUS_ENABLED, free_plan, 0, error))
    return FALSE;

  app = imc_store_get_app (store, account_id, sdk_app_id, error);
  if (app == NULL)
    return FALSE;

  for (guint i = 0; demo->steps[i].kind != STEP_END; i++)
    {
      const Step *step = &demo->steps[i];
      g_autoptr(GDateTime) when = g_date_time_add_minutes (now, -step->minutes_ago);
      ImcPlan before = app->state.plan;
      ImcAppStatus status_before = app->state.status;
      const char *action;
      guint changed = 0;

      if (step->kind == STEP_CHANGE)
        {
          if (!imc_catalog_validate_plan (catalog, &step->plan, error))
            return FALSE;
          action = before.edition == IMC_EDITION_FREE ? "UpgradeAppPlan" : "ModifyAppPlan";
          changed = changed_items (&before, &step->plan);
          app->state.plan = step->plan;
          for (guint item = 0; item < IMC_N_PLAN_ITEMS; item++)
            if (changed & IMC_PLAN_ITEM_FLAG (item))
              {
                g_clear_pointer (&app->state.last_change[item], g_date_time_unref);
                app->state.last_change[item] = g_date_time_ref (when);
              }
        }
      else
        {
          action = "DisableApp";
          app->state.status = IMC_APP_STATUS_DISABLED;
          g_clear_pointer (&app->disabled_time, g_date_time_unref);
          app->disabled_time = g_date_time_ref (when);
        }

      if (!imc_store_record_change (store, app, when, "", action, status_before, &before,
                                    changed, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
imc_demo_seed (ImcStore    *store,
               ImcCatalog  *catalog,
               GDateTime   *now,
               guint        extra_apps,
               GError     **error)
{
  gboolean any = FALSE;
  gint64 account_id = 0;

  if (!imc_store_begin (store, error))
    return FALSE;

  if (!imc_store_has_accounts (store, &any, error))
    goto fail;
  if (any)
    {
      imc_store_rollback (store);
      return TRUE;
    }

  if (!imc_store_ensure_account (store, IMC_DEMO_ACCOUNT, now, &account_id, error))
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (demo_apps); i++)
    if (!seed_app (store, catalog, account_id, &demo_apps[i], now, error))
      goto fail;

  for (guint i = 0; i < extra_apps; i++)
    {
      g_autofree char *name = g_strdup_printf ("Load Test %05u", i + 1);
      DemoApp extra = { name, DAY + (gint) (i % (300 * DAY)), { { STEP_END } } };

      if (!seed_app (store, catalog, account_id, &extra, now, error))
        goto fail;
    }

  return imc_store_commit (store, error);

fail:
  imc_store_rollback (store);
  return FALSE;
}
