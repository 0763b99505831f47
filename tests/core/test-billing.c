/* test-billing.c: proration by day and monthly bills.
 *
 * Every expected amount is a literal worked out by hand from the rule in
 * docs/design.md ("prorated by day: each day is billed at the
 * highest-priced configuration in force that day") and docs/plan-api.md
 * (DescribeBill: day d of an N-day month costs
 * floor(P*d/N) - floor(P*(d-1)/N) of the monthly price P). Days a..b of
 * one price therefore cost floor(P*b/N) - floor(P*(a-1)/N).
 *
 * Monthly prices of the default catalog (data/plan-catalog.json), in fen:
 *   Pro 99900, Ultimate 299900, unlimited audio-video groups on Pro 100000,
 *   1000 groups per user on Pro 30000, 2000 members per group on Pro 80000.
 */
#include "config.h"

#include "imc-core.h"

static ImcCatalog *catalog;

static const ImcPlan free_plan = { IMC_EDITION_FREE, FALSE, 500, 200 };
static const ImcPlan pro = { IMC_EDITION_PRO, FALSE, 500, 200 };
static const ImcPlan pro_av = { IMC_EDITION_PRO, TRUE, 500, 200 };
static const ImcPlan pro_raised = { IMC_EDITION_PRO, TRUE, 1000, 2000 };
static const ImcPlan ultimate = { IMC_EDITION_ULTIMATE, TRUE, 1000, 2000 };

static GDateTime *
at (const char *iso)
{
  GDateTime *dt = imc_calendar_parse_iso8601 (iso);

  g_assert_nonnull (dt);
  return dt;
}

static void
free_events (ImcPlanEvent *events,
             guint         n_events)
{
  for (guint i = 0; i < n_events; i++)
    g_date_time_unref (events[i].time);
}

/* The amount of day @day (1-based) of a computed month. */
static gint64
day_amount (GArray *days,
            gint    day)
{
  return g_array_index (days, ImcBillDay, day - 1).amount;
}

static void
test_catalog_prices (void)
{
  /* The literals below rest on these prices. */
  g_assert_cmpint (imc_catalog_get_monthly_price (catalog, &free_plan), ==, 0);
  g_assert_cmpint (imc_catalog_get_monthly_price (catalog, &pro), ==, 99900);
  /* 99900 + 100000 */
  g_assert_cmpint (imc_catalog_get_monthly_price (catalog, &pro_av), ==, 199900);
  /* 99900 + 100000 + 30000 + 80000 */
  g_assert_cmpint (imc_catalog_get_monthly_price (catalog, &pro_raised), ==, 309900);
  /* Ultimate's own defaults are included in its price. */
  g_assert_cmpint (imc_catalog_get_monthly_price (catalog, &ultimate), ==, 299900);
}

typedef struct {
  gint64 price;
  gint   day;
  gint   days_in_month;
  gint64 amount;
} DayCase;

static void
test_day_amount_literals (void)
{
  const DayCase cases[] = {
    /* 30 days: 99900 / 30 = 3330 exactly, every day. */
    { 99900, 1, 30, 3330 },
    { 99900, 30, 30, 3330 },
    /* 31 days: floor(99900/31) = 3222;
     * day 31: 99900 - floor(99900*30/31) = 99900 - 96677 = 3223. */
    { 99900, 1, 31, 3222 },
    { 99900, 31, 31, 3223 },
    /* 28 days (February 2027): floor(99900/28) = 3567;
     * day 28: 99900 - floor(99900*27/28) = 99900 - 96332 = 3568. */
    { 99900, 1, 28, 3567 },
    { 99900, 28, 28, 3568 },
    /* 29 days (February 2028): floor(99900/29) = 3444;
     * day 29: 99900 - floor(99900*28/29) = 99900 - 96455 = 3445. */
    { 99900, 1, 29, 3444 },
    { 99900, 29, 29, 3445 },
    /* floor(299900*20/30) - floor(299900*19/30) = 199933 - 189936. */
    { 299900, 20, 30, 9997 },
    /* floor(299900*21/30) - floor(299900*20/30) = 209930 - 199933. */
    { 299900, 21, 30, 9997 },
    /* floor(7*3/30) - floor(7*2/30) = 0 - 0; floor(7*5/30) - floor(7*4/30) = 1 - 0. */
    { 7, 3, 30, 0 },
    { 7, 5, 30, 1 },
    { 0, 15, 31, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("price %" G_GINT64_FORMAT ", day %d of %d", cases[i].price,
                      cases[i].day, cases[i].days_in_month);
      g_assert_cmpint (imc_billing_day_amount (cases[i].price, cases[i].day, cases[i].days_in_month),
                       ==, cases[i].amount);
    }
}

/* A property on top of the literals: a whole month of one price sums to
 * that price and is spread evenly. */
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
        /* Days differ by at most one minor unit. */
        g_assert_cmpint (max - min, <=, 1);
      }
}

static void
test_whole_month_one_plan (void)
{
  ImcPlanEvent events[] = {
    { at ("2026-10-15T10:00:00+08:00"), TRUE, pro },
  };
  g_autoptr(GArray) days = NULL;
  gint64 total = imc_billing_compute_month (catalog, events, 1, 2026, 11, &days);

  /* November 2026 has 30 days: 30 * 3330 = 99900. */
  g_assert_cmpint (total, ==, 99900);
  g_assert_cmpuint (days->len, ==, 30);
  for (gint d = 1; d <= 30; d++)
    {
      g_assert_true (g_array_index (days, ImcBillDay, d - 1).billed);
      g_assert_cmpint (day_amount (days, d), ==, 3330);
    }
  free_events (events, G_N_ELEMENTS (events));
}

static void
test_upgrade_mid_month_highest_of_day (void)
{
  /* Free from creation, Pro at 10:00 on the 10th, Ultimate on the 20th at
   * 23:00, back to Pro (with every item raised) on the 21st at 01:00. */
  ImcPlanEvent events[] = {
    { at ("2026-11-01T00:00:00+08:00"), TRUE, free_plan },
    { at ("2026-11-10T10:00:00+08:00"), TRUE, pro },
    { at ("2026-11-20T23:00:00+08:00"), TRUE, ultimate },
    { at ("2026-11-21T01:00:00+08:00"), TRUE, pro_raised },
  };
  g_autoptr(GArray) days = NULL;
  gint64 total = imc_billing_compute_month (catalog, events, G_N_ELEMENTS (events), 2026, 11, &days);

  /* Days 1-9 are Free: 0. */
  for (gint d = 1; d <= 9; d++)
    g_assert_cmpint (day_amount (days, d), ==, 0);
  /* The 10th is billed as Pro, a whole day, though Pro began at 10:00:
   * 99900 / 30 = 3330. */
  g_assert_cmpint (g_array_index (days, ImcBillDay, 9).plan.edition, ==, IMC_EDITION_PRO);
  g_assert_cmpint (day_amount (days, 10), ==, 3330);
  /* The 20th: Pro and Ultimate, Ultimate is dearer:
   * floor(299900*20/30) - floor(299900*19/30) = 199933 - 189936 = 9997. */
  g_assert_cmpint (g_array_index (days, ImcBillDay, 19).plan.edition, ==, IMC_EDITION_ULTIMATE);
  g_assert_cmpint (day_amount (days, 20), ==, 9997);
  /* The 21st: Ultimate (299900) and raised Pro (309900), Pro is dearer:
   * 309900 / 30 = 10330. */
  g_assert_cmpint (g_array_index (days, ImcBillDay, 20).plan.edition, ==, IMC_EDITION_PRO);
  g_assert_cmpint (day_amount (days, 21), ==, 10330);
  g_assert_cmpint (day_amount (days, 30), ==, 10330);
  /* Days 10-19 at 99900: 10 * 3330 = 33300; the 20th 9997; the 21st 10330;
   * days 22-30 at 309900: 9 * 10330 = 92970.
   * 33300 + 9997 + 10330 + 92970 = 146597. */
  g_assert_cmpint (total, ==, 146597);

  free_events (events, G_N_ELEMENTS (events));
}

static void
test_disable_enable_disable (void)
{
  /* Disabled at 12:00 on the 5th: the 5th is billed, the 6th is not.
   * Enabled on the 10th at 09:00: billed again. Disabled at 00:00 sharp on
   * the 20th: the app was enabled for no moment of the 20th, which is not
   * billed. February of a leap year (29 days). */
  ImcPlanEvent events[] = {
    { at ("2028-01-20T08:00:00+08:00"), TRUE, pro },
    { at ("2028-02-05T12:00:00+08:00"), FALSE, pro },
    { at ("2028-02-10T09:00:00+08:00"), TRUE, pro },
    { at ("2028-02-20T00:00:00+08:00"), FALSE, pro },
  };
  g_autoptr(GArray) days = NULL;
  gint64 total = imc_billing_compute_month (catalog, events, G_N_ELEMENTS (events), 2028, 2, &days);

  g_assert_cmpuint (days->len, ==, 29);
  for (gint d = 1; d <= 29; d++)
    {
      gboolean billed = (d <= 5) || (d >= 10 && d <= 19);

      g_test_message ("day %d", d);
      g_assert_cmpint (g_array_index (days, ImcBillDay, d - 1).billed, ==, billed);
      if (!billed)
        g_assert_cmpint (day_amount (days, d), ==, 0);
    }
  /* The 5th: floor(99900*5/29) - floor(99900*4/29) = 17224 - 13779. */
  g_assert_cmpint (day_amount (days, 5), ==, 3445);
  /* Days 1-5: floor(99900*5/29) = floor(17224.1) = 17224.
   * Days 10-19: floor(99900*19/29) - floor(99900*9/29) = 65451 - 31003 = 34448.
   * 17224 + 34448 = 51672. */
  g_assert_cmpint (total, ==, 51672);

  free_events (events, G_N_ELEMENTS (events));
}

static void
test_created_on_the_31st (void)
{
  ImcPlanEvent events[] = {
    { at ("2026-12-31T23:59:00+08:00"), TRUE, pro },
  };
  g_autoptr(GArray) dec = NULL;
  g_autoptr(GArray) jan = NULL;

  /* Day 31 of 31: 99900 - floor(99900*30/31) = 99900 - 96677 = 3223. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 1, 2026, 12, &dec), ==, 3223);
  g_assert_false (g_array_index (dec, ImcBillDay, 29).billed);
  /* January 2027, whole: 99900. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 1, 2027, 1, &jan), ==, 99900);
  g_assert_cmpuint (jan->len, ==, 31);
  free_events (events, G_N_ELEMENTS (events));
}

static void
test_february_non_leap (void)
{
  /* Upgraded on the last second of February 2027 (28 days). */
  ImcPlanEvent events[] = {
    { at ("2027-01-05T09:00:00+08:00"), TRUE, free_plan },
    { at ("2027-02-28T23:59:59+08:00"), TRUE, pro },
  };
  g_autoptr(GArray) feb = NULL;
  g_autoptr(GArray) mar = NULL;

  /* Day 28 of 28: 99900 - floor(99900*27/28) = 99900 - 96332 = 3568. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2027, 2, &feb), ==, 3568);
  g_assert_cmpuint (feb->len, ==, 28);
  g_assert_cmpint (day_amount (feb, 27), ==, 0);
  /* March 2027, 31 days of Pro: 99900; day 1 floor(99900/31) = 3222. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2027, 3, &mar), ==, 99900);
  g_assert_cmpint (day_amount (mar, 1), ==, 3222);
  free_events (events, G_N_ELEMENTS (events));
}

static void
test_change_on_last_day_30 (void)
{
  /* Pro all November 2026, Ultimate from noon on the 30th. */
  ImcPlanEvent events[] = {
    { at ("2026-10-01T09:00:00+08:00"), TRUE, pro },
    { at ("2026-11-30T12:00:00+08:00"), TRUE, ultimate },
  };
  g_autoptr(GArray) nov = NULL;
  g_autoptr(GArray) dec = NULL;

  /* Days 1-29 Pro: floor(99900*29/30) = 96570.
   * Day 30 Ultimate: 299900 - floor(299900*29/30) = 299900 - 289903 = 9997.
   * 96570 + 9997 = 106567. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2026, 11, &nov), ==, 106567);
  g_assert_cmpint (day_amount (nov, 29), ==, 3330);
  g_assert_cmpint (day_amount (nov, 30), ==, 9997);
  /* December: Ultimate, whole (31 days): 299900. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2026, 12, &dec), ==, 299900);
  free_events (events, G_N_ELEMENTS (events));
}

static void
test_change_on_last_day_31 (void)
{
  /* Pro all December 2026, unlimited audio-video groups from 18:00 on the
   * 31st. */
  ImcPlanEvent events[] = {
    { at ("2026-11-15T09:00:00+08:00"), TRUE, pro },
    { at ("2026-12-31T18:00:00+08:00"), TRUE, pro_av },
  };
  g_autoptr(GArray) dec = NULL;

  /* Days 1-30 Pro: floor(99900*30/31) = floor(96677.4) = 96677.
   * Day 31 at 199900: 199900 - floor(199900*30/31) = 199900 - 193451 = 6449.
   * 96677 + 6449 = 103126. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2026, 12, &dec), ==, 103126);
  g_assert_cmpint (day_amount (dec, 31), ==, 6449);
  free_events (events, G_N_ELEMENTS (events));
}

static void
test_change_at_midnight_is_next_month (void)
{
  /* 2026-11-30T16:00:00Z is 00:00 on 1 December in the billing time zone
   * (UTC+8): the change belongs to December, not to 30 November. */
  ImcPlanEvent events[] = {
    { at ("2026-10-01T09:00:00+08:00"), TRUE, pro },
    { at ("2026-11-30T16:00:00Z"), TRUE, ultimate },
  };
  g_autoptr(GArray) nov = NULL;
  g_autoptr(GArray) dec = NULL;

  /* November: 30 days of Pro, 99900. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2026, 11, &nov), ==, 99900);
  g_assert_cmpint (day_amount (nov, 30), ==, 3330);
  /* December: 31 days of Ultimate, 299900. */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2026, 12, &dec), ==, 299900);
  free_events (events, G_N_ELEMENTS (events));
}

static void
test_disabled_on_last_day (void)
{
  /* Disabled at 10:00 on 28 February 2027: the 28th is billed, and March
   * costs nothing ("no plan fees from the next day"). */
  ImcPlanEvent events[] = {
    { at ("2027-01-10T09:00:00+08:00"), TRUE, pro },
    { at ("2027-02-28T10:00:00+08:00"), FALSE, pro },
  };
  g_autoptr(GArray) feb = NULL;
  g_autoptr(GArray) mar = NULL;

  /* All 28 days of Pro: 99900; the 28th is 3568 (see the 28-day literals). */
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2027, 2, &feb), ==, 99900);
  g_assert_cmpint (day_amount (feb, 28), ==, 3568);
  g_assert_cmpint (imc_billing_compute_month (catalog, events, 2, 2027, 3, &mar), ==, 0);
  for (guint i = 0; i < mar->len; i++)
    g_assert_false (g_array_index (mar, ImcBillDay, i).billed);
  free_events (events, G_N_ELEMENTS (events));
}

typedef struct {
  const char    *now;
  const ImcPlan *current;
  const ImcPlan *new_plan;
  gint64         amount;
  gint           days_left;
  gint           days_in_month;
} RestCase;

static void
test_rest_of_month (void)
{
  const RestCase cases[] = {
    /* From the 1st: the whole month of Pro, 99900. */
    { "2026-11-01T00:00:00+08:00", &free_plan, &pro, 99900, 30, 30 },
    /* 23:59:59 on the 30th (UTC 15:59:59): one day of Pro, 3330. */
    { "2026-11-30T15:59:59Z", &free_plan, &pro, 3330, 1, 30 },
    /* The 31st of 31: 99900 - floor(99900*30/31) = 3223. */
    { "2026-12-31T08:00:00+08:00", &free_plan, &pro, 3223, 1, 31 },
    /* 29 February 2028: 99900 - floor(99900*28/29) = 3445. */
    { "2028-02-29T12:00:00+08:00", &free_plan, &pro, 3445, 1, 29 },
    /* Pro to Ultimate on the 21st: days 21-30 at 299900,
     * 299900 - floor(299900*20/30) = 299900 - 199933 = 99967. */
    { "2026-11-21T09:00:00+08:00", &pro, &ultimate, 99967, 10, 30 },
    /* Ultimate to Pro on the 21st: today at the dearer Ultimate,
     * floor(299900*21/30) - floor(299900*20/30) = 209930 - 199933 = 9997;
     * days 22-30 at Pro, 99900 - floor(99900*21/30) = 99900 - 69930 = 29970.
     * 9997 + 29970 = 39967. */
    { "2026-11-21T09:00:00+08:00", &ultimate, &pro, 39967, 10, 30 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = at (cases[i].now);
      gint left = 0, n = 0;

      g_test_message ("%s", cases[i].now);
      g_assert_cmpint (imc_billing_rest_of_month (catalog, cases[i].current, cases[i].new_plan,
                                                  now, &left, &n), ==, cases[i].amount);
      g_assert_cmpint (left, ==, cases[i].days_left);
      g_assert_cmpint (n, ==, cases[i].days_in_month);
    }
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

  g_test_add_func ("/billing/catalog-prices", test_catalog_prices);
  g_test_add_func ("/billing/day-amount-literals", test_day_amount_literals);
  g_test_add_func ("/billing/day-amounts-sum-to-month", test_day_amounts_sum_to_month);
  g_test_add_func ("/billing/whole-month-one-plan", test_whole_month_one_plan);
  g_test_add_func ("/billing/upgrade-mid-month", test_upgrade_mid_month_highest_of_day);
  g_test_add_func ("/billing/disable-enable-disable", test_disable_enable_disable);
  g_test_add_func ("/billing/created-on-the-31st", test_created_on_the_31st);
  g_test_add_func ("/billing/february-non-leap", test_february_non_leap);
  g_test_add_func ("/billing/change-on-last-day-30", test_change_on_last_day_30);
  g_test_add_func ("/billing/change-on-last-day-31", test_change_on_last_day_31);
  g_test_add_func ("/billing/change-at-midnight-is-next-month", test_change_at_midnight_is_next_month);
  g_test_add_func ("/billing/disabled-on-last-day", test_disabled_on_last_day);
  g_test_add_func ("/billing/rest-of-month", test_rest_of_month);
  g_test_add_func ("/billing/issue-window", test_issue_window);

  ret = g_test_run ();
  g_object_unref (catalog);
  return ret;
}
