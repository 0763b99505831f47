/* imc-rules.c */
#include "config.h"

#include "imc-calendar.h"
#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-plan-item.h"
#include "imc-rules.h"

static gboolean
check_enabled (const ImcPlanState  *state,
               GError             **error)
{
  if (state->status == IMC_APP_STATUS_DISABLED)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_APP_DISABLED,
                   _("The app is disabled. Enable it before changing its plan."));
      return FALSE;
    }
  return TRUE;
}

/* Applies @request on top of @current as the edition @edition: a given
 * field takes its value; an item not given keeps its value, raised to the
 * new edition's default if below it. */
static void
apply_request (ImcCatalog           *catalog,
               const ImcPlan        *current,
               ImcEdition            edition,
               const ImcPlanRequest *request,
               ImcPlan              *implied,
               ImcPlan              *out)
{
  const ImcPlan *defaults = imc_catalog_get_default_plan (catalog, edition);

  /* What the edition change alone gives every item: at least the new
   * edition's default (a switch included in the edition is on). Leaving
   * Ultimate for Pro keeps unlimited audio-video groups on unless the
   * request says. */
  implied->edition = edition;
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    imc_plan_set_item (implied, item, MAX (imc_plan_get_item (current, item),
                                           imc_plan_get_item (defaults, item)));

  *out = *implied;
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      gint value;

      if (imc_plan_request_get_item (request, item, &value))
        imc_plan_set_item (out, item, value);
    }
}

/* Which items count as changed: the edition when it differs, an item when
 * its value differs from what the edition change alone gives it. An
 * audio-video groups change counts only where it is a choice (not
 * included in the edition). */
static guint
changed_items (ImcCatalog    *catalog,
               const ImcPlan *current,
               const ImcPlan *implied,
               const ImcPlan *plan)
{
  const ImcPlan *defaults = imc_catalog_get_default_plan (catalog, plan->edition);
  guint changed = 0;

  if (current->edition != plan->edition)
    changed |= IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_EDITION);
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      /* A switch the edition includes is no choice. */
      if (imc_plan_item_get_info (item)->kind == IMC_PLAN_ITEM_KIND_SWITCH &&
          imc_plan_get_item (defaults, item))
        continue;
      if (!imc_plan_item_equal (implied, plan, item))
        changed |= IMC_PLAN_ITEM_FLAG (item);
    }

  return changed;
}

static gboolean
check_locks (const ImcPlanState  *state,
             guint                changed,
             GDateTime           *now,
             ImcPlanOutcome      *out,
             GError             **error)
{
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    {
      g_autoptr(GDateTime) next = NULL;

      if ((changed & IMC_PLAN_ITEM_FLAG (i)) == 0)
        continue;

      next = imc_rules_next_modifiable (state->last_change[i], now);
      if (next != NULL)
        {
          g_autofree char *message = imc_rules_monthly_limit_message ((ImcPlanItem) i, next);

          out->locked_item = (ImcPlanItem) i;
          out->locked_until = g_date_time_to_unix (next);
          g_set_error_literal (error, IMC_ERROR, IMC_ERROR_MONTHLY_MODIFICATION, message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_change (ImcCatalog           *catalog,
              const ImcPlanState   *state,
              const ImcPlanRequest *request,
              ImcEdition            edition,
              GDateTime            *now,
              ImcPlanOutcome       *out,
              GError              **error)
{
  ImcPlan implied;
  ImcPlan plan;
  guint changed;

  apply_request (catalog, &state->plan, edition, request, &implied, &plan);
  if (!imc_catalog_validate_plan (catalog, &plan, error))
    return FALSE;

  changed = changed_items (catalog, &state->plan, &implied, &plan);
  if (!check_locks (state, changed, now, out, error))
    return FALSE;

  out->plan = plan;
  out->changed = changed;
  return TRUE;
}

gboolean
imc_rules_check_upgrade (ImcCatalog           *catalog,
                         const ImcPlanState   *state,
                         const ImcPlanRequest *request,
                         GDateTime            *now,
                         ImcPlanOutcome       *out,
                         GError              **error)
{
  g_return_val_if_fail (IMC_IS_CATALOG (catalog), FALSE);

  if (!check_enabled (state, error))
    return FALSE;

  if (state->plan.edition != IMC_EDITION_FREE)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_NOT_FREE_EDITION,
                   _("Only an app on the Free edition can be upgraded. Use Modify feature configuration to change this app’s plan."));
      return FALSE;
    }

  if (!request->has_edition)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_MISSING_PARAMETER,
                   _("The parameter “%s” is missing."), "Edition");
      return FALSE;
    }

  if (request->edition != IMC_EDITION_PRO && request->edition != IMC_EDITION_ULTIMATE)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("The Free edition can be upgraded to the Pro or Ultimate edition only."));
      return FALSE;
    }

  return check_change (catalog, state, request, request->edition, now, out, error);
}

gboolean
imc_rules_check_modify (ImcCatalog           *catalog,
                        const ImcPlanState   *state,
                        const ImcPlanRequest *request,
                        GDateTime            *now,
                        ImcPlanOutcome       *out,
                        GError              **error)
{
  ImcEdition edition;

  g_return_val_if_fail (IMC_IS_CATALOG (catalog), FALSE);

  if (!check_enabled (state, error))
    return FALSE;

  if (imc_plan_get_billing_mode (&state->plan) != IMC_BILLING_MODE_POSTPAID)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_NOT_POSTPAID,
                   _("The feature configuration can be modified only on Pro-postpaid or Ultimate-postpaid. Upgrade the app first."));
      return FALSE;
    }

  edition = request->has_edition ? request->edition : state->plan.edition;
  if (edition == IMC_EDITION_FREE)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_DOWNGRADE_TO_FREE,
                   _("An app cannot return to the Free edition. To use the Free edition again, create a new app."));
      return FALSE;
    }

  return check_change (catalog, state, request, edition, now, out, error);
}

gboolean
imc_rules_check_disable (const ImcPlanState  *state,
                         GError             **error)
{
  if (state->status == IMC_APP_STATUS_DISABLED)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_APP_DISABLED,
                   _("The app is already disabled."));
      return FALSE;
    }
  return TRUE;
}

gboolean
imc_rules_check_enable (const ImcPlanState  *state,
                        GError             **error)
{
  if (state->status != IMC_APP_STATUS_DISABLED)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_APP_NOT_DISABLED,
                   _("The app is not disabled."));
      return FALSE;
    }
  return TRUE;
}

GDateTime *
imc_rules_next_modifiable (GDateTime *last_change,
                           GDateTime *now)
{
  g_return_val_if_fail (now != NULL, NULL);

  /* A change in a later month than now (clock stepped back) still locks
   * until the month after that change. */
  if (last_change == NULL ||
      (!imc_calendar_same_month (last_change, now) &&
       g_date_time_compare (last_change, now) < 0))
    return NULL;

  return imc_calendar_next_month_start (last_change);
}

GDateTime *
imc_rules_purge_time (GDateTime *disabled_time)
{
  g_return_val_if_fail (disabled_time != NULL, NULL);
  return g_date_time_add_days (disabled_time, IMC_PURGE_AFTER_DAYS);
}

gboolean
imc_rules_purge_due (GDateTime *disabled_time,
                     GDateTime *now)
{
  g_autoptr(GDateTime) purge = imc_rules_purge_time (disabled_time);

  return g_date_time_compare (now, purge) >= 0;
}

gint
imc_rules_days_until_purge (GDateTime *purge_time,
                            GDateTime *now)
{
  return MAX (0, imc_calendar_days_between (now, purge_time));
}

char *
imc_rules_monthly_limit_message (ImcPlanItem  item,
                                 GDateTime   *next)
{
  g_autofree char *date = imc_calendar_format_date (next);

  return imc_plan_item_locked_message (item, date);
}
