/* test-billing.c: proration by day and monthly bills. */
#include "config.h"

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
test_day_amounts_sum_to_month (void)
{
  const gint months[] = { 28, 29, 30, 31 };
  const gint64 prices[] = { 0, 1, 99900, 299900, 100001, 7 };

  for (guint m = 0; m < G_N_ELEMENTS (months); m++)
    for (guint p = 0; p < G_N_ELEMENTS (prices); p++)
      {
        gint64 sum = 0, min = G_MAXINT64, max = 0;

        for (gint d = 1; d <= months[m]; d++)
          {
            gint64 amount = imc_billing_day_amount (prices[p], d, months[m]);
            sum += amount;
            min = MIN (min, amount);
            max = MAX (max, amount);
          }
        g_assert_cmpint (sum, ==, prices[p]);
        /* Spread evenly: days differ by at most one minor unit. */
        g_assert_cmpint (max - min, <=, 1);
      }
}

static void
test_whole_month_one_plan (void)
{
  ImcPlanEvent events[] = {
    { at ("2026-10-15T10:00:00+08:00"), TRUE, { IMC_EDITION_PRO, FALSE, 500, 200 } },
  };
  g_autoptr(GArray) days = NULL;
  gint64 total = imc_billing_compute_month (catalog, events, 1, 2026, 11, &days);

  g_assert_cmpint (total, ==, 99900);
  g_assert_cmpuint (days->len, ==, 30);
  for (guint i = 0; i < days->len; i++)
    g_assert_true (g_array_index (days, ImcBillDay, i).billed);
  g_date_time_unref (events[0].time);
}

static void
test_upgrade_mid_month_highest_of_day (void)
{
  /* Free from creation, Pro at 10:00 on the 10th, Ultimate on the 20th at
   * 23:00, back to Pro on the 21st at 01:00. */
  ImcPlanEvent events[] = {
    { at ("2026-11-01T00:00:00+08:00"), TRUE, { IMC_EDITION_FREE, FALSE, 500, 200 } },
    { at ("2026-11-10T10:00:00+08:00"), TRUE, { IMC_EDITION_PRO, FALSE, 500, 200 } },
    { at ("2026-11-20T23:00:00+08:00"), TRUE, { IMC_EDITION_ULTIMATE, TRUE, 1000, 2000 } },
    { at ("2026-11-21T01:00:00+08:00"), TRUE, { IMC_EDITION_PRO, TRUE, 1000, 2000 } },
  };
  g_autoptr(GArray) days = NULL;
  gint64 total = imc_billing_compute_month (catalog, events, G_N_ELEMENTS (events), 2026, 11, &days);
  gint64 expected = 0;
  ImcPlan pro_raised = { IMC_EDITION_PRO, TRUE, 1000, 2000 };
  gint64 pro_raised_price = imc_catalog_get_monthly_price (catalog, &pro_raised);

  /* Days 1-9 cost nothing (Free). */
  for (guint d = 0; d < 9; d++)
    g_assert_cmpint (g_array_index (days, ImcBillDay, d).amount, ==, 0);
  /* The 10th is billed as Pro even though Pro started at 10:00. */
  g_assert_cmpint (g_array_index (days, ImcBillDay, 9).plan.edition, ==, IMC_EDITION_PRO);
  for (gint d = 10; d <= 19; d++)
    expected += imc_billing_day_amount (99900, d, 30);
  /* The 20th and 21st are billed at the most expensive plan of the day. */
  g_assert_cmpint (g_array_index (days, ImcBillDay, 19).plan.edition, ==, IMC_EDITION_ULTIMATE);
  g_assert_cmpint (g_array_index (days, ImcBillDay, 20).plan.edition,
                   ==, pro_raised_price > 299900 ? IMC_EDITION_PRO : IMC_EDITION_ULTIMATE);
  expected += imc_billing_day_amount (299900, 20, 30);
  expected += imc_billing_day_amount (MAX (299900, pro_raised_price), 21, 30);
  for (gint d = 22; d <= 30; d++)
    expected += imc_billing_day_amount (pro_raised_price, d, 30);
  g_assert_cmpint (total, ==, expected);

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    g_date_time_unref (events[i].time);
}

static void
test_disable_enable_disable (void)
{
  /* Disabled at 12:00 on the 5th: the 5th is billed, the 6th is not.
   * Enabled on the 10th at 09:00: billed again. Disabled at 00:00 sharp on
   * the 20th: the 20th is not billed. February of a leap year. */
  ImcPlanEvent events[] = {
    { at ("2028-01-20T08:00:00+08:00"), TRUE, { IMC_EDITION_PRO, FALSE, 500, 200 } },
    { at ("2028-02-05T12:00:00+08:00"), FALSE, { IMC_EDITION_PRO, FALSE, 500, 200 } },
    { at ("2028-02-10T09:00:00+08:00"), TRUE, { IMC_EDITION_PRO, FALSE, 500, 200 } },
    { at ("2028-02-20T00:00:00+08:00"), FALSE, { IMC_EDITION_PRO, FALSE, 500, 200 } },
  };
  g_autoptr(GArray) days = NULL;
  gint64 total = imc_billing_compute_month (catalog, events, G_N_ELEMENTS (events), 2028, 2, &days);
  gint64 expected = 0;

  g_assert_cmpuint (days->len, ==, 29);
  for (gint d = 1; d <= 29; d++)
    {
      gboolean billed = (d <= 5) || (d >= 10 && d <= 19);

      g_test_message ("day %d", d);
      g_assert_cmpint (g_array_index (days, ImcBillDay, d - 1).billed, ==, billed);
      if (billed)
        expected += imc_billing_day_amount (99900, d, 29);
    }
  g_assert_cmpint (total, ==, expected);

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    g_date_time_unref (events[i].time);
}

static void
test_created_on_the_31st (void)
{
  ImcPlanEvent events[] = {
    { at ("2026-12-31T23:59:00+08:00"), TRUE, { IMC_EDITION_PRO, FALSE, 500, 200 } },
  };
  g_autoptr(GArray) dec = NULL;
  g_autoptr(GArray) jan = NULL;

  g_assert_cmpint (imc_billing_compute_month (catalog, events, 1, 2026, 12, &dec), ==,
                   imc_billing_day_amount (99900, 31, 31));
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 1, 2027, 1, &jan), ==, 99900);
  g_date_time_unref (events[0].time);
}

static void
test_rest_of_month (void)
{
  ImcPlan free_plan = { IMC_EDITION_FREE, FALSE, 500, 200 };
  ImcPlan pro = { IMC_EDITION_PRO, FALSE, 500, 200 };
  g_autoptr(GDateTime) first = at ("2026-11-01T00:00:00+08:00");
  g_autoptr(GDateTime) last = at ("2026-11-30T15:59:59Z");
  gint left = 0, n = 0;

  g_assert_cmpint (imc_billing_rest_of_month (catalog, &free_plan, &pro, first, &left, &n), ==, 99900);
  g_assert_cmpint (left, ==, 30);
  g_assert_cmpint (n, ==, 30);
  g_assert_cmpint (imc_billing_rest_of_month (catalog, &free_plan, &pro, last, &left, &n), ==,
                   imc_billing_day_amount (99900, 30, 30));
  g_assert_cmpint (left, ==, 1);
}

static void
test_issue_window (void)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *s = NULL;
  g_autofree char *e = NULL;

  imc_billing_issue_window (2026, 12, &start, &end);
  s = imc_calendar_format_iso8601 (start);
  e = imc_calendar_format_iso8601 (end);
  g_assert_cmpstr (s, ==, "2027-01-01T00:00:00+08:00");
  g_assert_cmpstr (e, ==, "2027-01-03T23:59:59+08:00");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  catalog = imc_catalog_new_default ();

  g_test_add_func ("/billing/day-amounts-sum-to-month", test_day_amounts_sum_to_month);
  g_test_add_func ("/billing/whole-month-one-plan", test_whole_month_one_plan);
  g_test_add_func ("/billing/upgrade-mid-month", test_upgrade_mid_month_highest_of_day);
  g_test_add_func ("/billing/disable-enable-disable", test_disable_enable_disable);
  g_test_add_func ("/billing/created-on-the-31st", test_created_on_the_31st);
  g_test_add_func ("/billing/rest-of-month", test_rest_of_month);
  g_test_add_func ("/billing/issue-window", test_issue_window);

  ret = g_test_run ();
  g_object_unref (catalog);
  return ret;
}
