/* test-rules.c: every domain rule, with the month edges. */
#include "config.h"

#include <string.h>

#include "imc-core.h"

static ImcCatalog *catalog;

static GDateTime *
at (const char *iso)
{
  GDateTime *dt = imc_calendar_parse_iso8601 (iso);

  g_assert_nonnull (dt);
  return dt;
}

static void
state_clear (ImcPlanState *state)
{
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    g_clear_pointer (&state->last_change[i], g_date_time_unref);
}

static void
state_init (ImcPlanState *state,
            ImcEdition    edition)
{
  *state = (ImcPlanState) { 0 };
  state->status = IMC_APP_STATUS_ENABLED;
  state->plan = *imc_catalog_get_default_plan (catalog, edition);
}

/* Records an accepted outcome as the server would. */
static void
state_apply (ImcPlanState         *state,
             const ImcPlanOutcome *outcome,
             GDateTime            *now)
{
  state->plan = outcome->plan;
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    if (outcome->changed & IMC_PLAN_ITEM_FLAG (i))
      {
        g_clear_pointer (&state->last_change[i], g_date_time_unref);
        state->last_change[i] = g_date_time_ref (now);
      }
}

static void
test_upgrade_only_from_free (void)
{
  ImcPlanState state;
  ImcPlanRequest request = { .has_edition = TRUE, .edition = IMC_EDITION_ULTIMATE };
  ImcPlanOutcome outcome;
  g_autoptr(GDateTime) now = at ("2026-11-23T10:00:00+08:00");
  g_autoptr(GError) error = NULL;

  state_init (&state, IMC_EDITION_PRO);
  g_assert_false (imc_rules_check_upgrade (catalog, &state, &request, now, &outcome, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_NOT_FREE_EDITION);
  g_assert_cmpstr (imc_error_to_code (error->code), ==, "UnsupportedOperation.NotFreeEdition");
  g_clear_error (&error);

  state_init (&state, IMC_EDITION_FREE);
  request.edition = IMC_EDITION_FREE;
  g_assert_false (imc_rules_check_upgrade (catalog, &state, &request, now, &outcome, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  request.edition = IMC_EDITION_ULTIMATE;
  g_assert_true (imc_rules_check_upgrade (catalog, &state, &request, now, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome.plan.edition, ==, IMC_EDITION_ULTIMATE);
  /* Items not given take the new edition's defaults. */
  g_assert_true (outcome.plan.unlimited_av_groups);
  g_assert_cmpint (outcome.plan.max_groups_per_user, ==, 1000);
  g_assert_cmpint (outcome.plan.max_members_per_group, ==, 2000);
  /* Only the edition counts: nothing was set above the defaults. */
  g_assert_cmpuint (outcome.changed, ==, IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_EDITION));
}

static void
test_upgrade_counts_raised_items (void)
{
  ImcPlanState state;
  ImcPlanRequest upgrade = {
    .has_edition = TRUE, .edition = IMC_EDITION_PRO,
    .has_max_members_per_group = TRUE, .max_members_per_group = 500,
  };
  ImcPlanRequest modify_members = { .has_max_members_per_group = TRUE, .max_members_per_group = 1000 };
  ImcPlanRequest modify_groups = { .has_max_groups_per_user = TRUE, .max_groups_per_user = 2000 };
  ImcPlanOutcome outcome;
  g_autoptr(GDateTime) day1 = at ("2026-11-01T00:00:00+08:00");
  g_autoptr(GDateTime) day30 = at ("2026-11-30T23:59:59+08:00");
  g_autoptr(GDateTime) december = at ("2026-12-01T00:00:00+08:00");
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GError) error = NULL;

  state_init (&state, IMC_EDITION_FREE);
  g_assert_true (imc_rules_check_upgrade (catalog, &state, &upgrade, day1, &outcome, &error));
  g_assert_cmpuint (outcome.changed, ==,
                    IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_EDITION) |
                    IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP));
  state_apply (&state, &outcome, day1);

  /* A change on the 1st locks the item until the 1st of next month. */
  g_assert_false (imc_rules_check_modify (catalog, &state, &modify_members, day30, &outcome, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_MONTHLY_MODIFICATION);
  g_assert_nonnull (strstr (error->message, "2026-12-01"));
  g_assert_cmpint (outcome.locked_item, ==, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP);
  g_assert_cmpint (outcome.locked_until, ==, g_date_time_to_unix (december));
  g_clear_error (&error);

  /* An item the upgrade left at its default can still change. */
  g_assert_true (imc_rules_check_modify (catalog, &state, &modify_groups, day30, &outcome, &error));
  g_assert_cmpuint (outcome.changed, ==, IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_MAX_GROUPS_PER_USER));

  next = imc_rules_next_modifiable (state.last_change[IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP], day30);
  g_assert_nonnull (next);
  g_assert_true (g_date_time_equal (next, december));

  /* From the first second of December the item is free again. */
  g_assert_true (imc_rules_check_modify (catalog, &state, &modify_members, december, &outcome, &error));
  g_assert_no_error (error);
  state_clear (&state);
}

static void
test_modify_only_postpaid (void)
{
  ImcPlanState state;
  ImcPlanRequest request = { .has_max_groups_per_user = TRUE, .max_groups_per_user = 1000 };
  ImcPlanRequest to_free = { .has_edition = TRUE, .edition = IMC_EDITION_FREE };
  ImcPlanOutcome outcome;
  g_autoptr(GDateTime) now = at ("2026-11-23T10:00:00+08:00");
  g_autoptr(GError) error = NULL;

  state_init (&state, IMC_EDITION_FREE);
  g_assert_false (imc_rules_check_modify (catalog, &state, &request, now, &outcome, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_NOT_POSTPAID);
  g_clear_error (&error);

  state_init (&state, IMC_EDITION_ULTIMATE);
  g_assert_false (imc_rules_check_modify (catalog, &state, &to_free, now, &outcome, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_DOWNGRADE_TO_FREE);
  g_clear_error (&error);

  /* Ultimate → Pro is allowed; the raised items keep their values. */
  to_free.edition = IMC_EDITION_PRO;
  g_assert_true (imc_rules_check_modify (catalog, &state, &to_free, now, &outcome, &error));
  g_assert_cmpint (outcome.plan.edition, ==, IMC_EDITION_PRO);
  g_assert_cmpuint (outcome.changed & IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_EDITION), !=, 0);
}

static void
test_value_not_in_catalog (void)
{
  ImcPlanState state;
  ImcPlanRequest request = { .has_max_members_per_group = TRUE, .max_members_per_group = 700 };
  ImcPlanRequest upgrade = {
    .has_edition = TRUE, .edition = IMC_EDITION_PRO,
    .has_max_groups_per_user = TRUE, .max_groups_per_user = 1500,
  };
  ImcPlanOutcome outcome;
  g_autoptr(GDateTime) now = at ("2026-11-23T10:00:00+08:00");
  g_autoptr(GError) error = NULL;

  state_init (&state, IMC_EDITION_PRO);
  g_assert_false (imc_rules_check_modify (catalog, &state, &request, now, &outcome, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE);
  g_clear_error (&error);

  state_init (&state, IMC_EDITION_FREE);
  g_assert_false (imc_rules_check_upgrade (catalog, &state, &upgrade, now, &outcome, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE);
}

static void
test_nothing_while_disabled (void)
{
  ImcPlanState state;
  ImcPlanRequest upgrade = { .has_edition = TRUE, .edition = IMC_EDITION_PRO };
  ImcPlanRequest modify = { .has_max_groups_per_user = TRUE, .max_groups_per_user = 1000 };
  ImcPlanOutcome outcome;
  g_autoptr(GDateTime) now = at ("2026-11-23T10:00:00+08:00");
  g_autoptr(GError) error = NULL;

  state_init (&state, IMC_EDITION_FREE);
  state.status = IMC_APP_STATUS_DISABLED;
  g_assert_false (imc_rules_check_upgrade (catalog, &state, &upgrade, now, &outcome, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_APP_DISABLED);
  g_clear_error (&error);

  state_init (&state, IMC_EDITION_PRO);
  state.status = IMC_APP_STATUS_DISABLED;
  g_assert_false (imc_rules_check_modify (catalog, &state, &modify, now, &outcome, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_APP_DISABLED);
  g_clear_error (&error);

  g_assert_false (imc_rules_check_disable (&state, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_APP_DISABLED);
  g_clear_error (&error);
  g_assert_true (imc_rules_check_enable (&state, &error));

  state.status = IMC_APP_STATUS_ENABLED;
  g_assert_false (imc_rules_check_enable (&state, &error));
  g_assert_error (error, IMC_ERROR, IMC_ERROR_APP_NOT_DISABLED);
  g_clear_error (&error);
  g_assert_true (imc_rules_check_disable (&state, &error));
}

static void
test_modify_noop (void)
{
  ImcPlanState state;
  ImcPlanRequest same = { .has_max_groups_per_user = TRUE, .max_groups_per_user = 500 };
  ImcPlanOutcome outcome;
  g_autoptr(GDateTime) now = at ("2026-11-23T10:00:00+08:00");
  g_autoptr(GError) error = NULL;

  state_init (&state, IMC_EDITION_PRO);
  g_assert_true (imc_rules_check_modify (catalog, &state, &same, now, &outcome, &error));
  g_assert_cmpuint (outcome.changed, ==, 0);
}

static void
test_change_on_31st (void)
{
  ImcPlanState state;
  ImcPlanRequest request = { .has_unlimited_av_groups = TRUE, .unlimited_av_groups = TRUE };
  ImcPlanRequest back = { .has_unlimited_av_groups = TRUE, .unlimited_av_groups = FALSE };
  ImcPlanOutcome outcome;
  /* 31 December 23:30 in Shanghai is 15:30 UTC the same day. */
  g_autoptr(GDateTime) dec31 = at ("2026-12-31T15:30:00Z");
  g_autoptr(GDateTime) jan1 = at ("2026-12-31T16:00:00Z");
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GError) error = NULL;

  state_init (&state, IMC_EDITION_PRO);
  g_assert_true (imc_rules_check_modify (catalog, &state, &request, dec31, &outcome, &error));
  g_assert_cmpuint (outcome.changed, ==, IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS));
  state_apply (&state, &outcome, dec31);

  next = imc_rules_next_modifiable (state.last_change[IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS], dec31);
  g_assert_nonnull (next);
  {
    g_autofree char *date = imc_calendar_format_date (next);
    g_assert_cmpstr (date, ==, "2027-01-01");
  }
  /* Half an hour later it is January in Shanghai (still December in UTC). */
  g_assert_true (imc_rules_check_modify (catalog, &state, &back, jan1, &outcome, &error));
  g_assert_no_error (error);
  state_clear (&state);
}

static void
test_disable_enable_disable (void)
{
  g_autoptr(GDateTime) first = at ("2026-08-01T09:00:00+08:00");
  g_autoptr(GDateTime) second = at ("2026-09-15T09:00:00+08:00");
  g_autoptr(GDateTime) purge1 = imc_rules_purge_time (first);
  g_autoptr(GDateTime) purge2 = imc_rules_purge_time (second);
  g_autoptr(GDateTime) day89 = g_date_time_add_days (second, 89);
  g_autoptr(GDateTime) day90 = g_date_time_add_days (second, 90);
  g_autofree char *p1 = imc_calendar_format_date (purge1);
  g_autofree char *p2 = imc_calendar_format_date (purge2);

  g_assert_cmpstr (p1, ==, "2026-10-30");
  /* Disabling again restarts the 90 days from the second disable. */
  g_assert_cmpstr (p2, ==, "2026-12-14");
  g_assert_false (imc_rules_purge_due (second, day89));
  g_assert_true (imc_rules_purge_due (second, day90));
  g_assert_cmpint (imc_rules_days_until_purge (purge2, day89), ==, 1);
  g_assert_cmpint (imc_rules_days_until_purge (purge2, day90), ==, 0);
  g_assert_cmpint (imc_rules_days_until_purge (purge2, second), ==, 90);
}

static void
test_monthly_message (void)
{
  g_autoptr(GDateTime) next = at ("2026-12-01T00:00:00+08:00");
  g_autofree char *message = imc_rules_monthly_limit_message (IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, next);

  g_assert_cmpstr (message, ==, "Max groups per user can be changed again on 2026-12-01.");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  catalog = imc_catalog_new_default ();

  g_test_add_func ("/rules/upgrade-only-from-free", test_upgrade_only_from_free);
  g_test_add_func ("/rules/upgrade-counts-raised-items", test_upgrade_counts_raised_items);
  g_test_add_func ("/rules/modify-only-postpaid", test_modify_only_postpaid);
  g_test_add_func ("/rules/value-not-in-catalog", test_value_not_in_catalog);
  g_test_add_func ("/rules/nothing-while-disabled", test_nothing_while_disabled);
  g_test_add_func ("/rules/modify-noop", test_modify_noop);
  g_test_add_func ("/rules/change-on-31st", test_change_on_31st);
  g_test_add_func ("/rules/disable-enable-disable", test_disable_enable_disable);
  g_test_add_func ("/rules/monthly-message", test_monthly_message);

  ret = g_test_run ();
  g_object_unref (catalog);
  return ret;
}
