/* imc-billing.c */
#include "config.h"

#include "imc-billing.h"
#include "imc-calendar.h"

gint64
imc_billing_day_amount (gint64 monthly_price,
                        gint   day,
                        gint   days_in_month)
{
  g_return_val_if_fail (days_in_month > 0, 0);
  g_return_val_if_fail (day >= 1 && day <= days_in_month, 0);
  g_return_val_if_fail (monthly_price >= 0 && monthly_price <= G_MAXINT64 / 31, 0);

  return monthly_price * day / days_in_month -
         monthly_price * (day - 1) / days_in_month;
}

typedef struct {
  gboolean billed;
  gint64   price;   /* monthly price of the best plan so far */
  ImcPlan  plan;
} DayState;

static void
consider (ImcCatalog         *catalog,
          DayState           *state,
          const ImcPlanEvent *event)
{
  gint64 price;

  if (!event->enabled)
    return;

  price = imc_catalog_get_monthly_price (catalog, &event->plan);
  if (!state->billed || price > state->price)
    {
      state->billed = TRUE;
      state->price = price;
      state->plan = event->plan;
    }
}

gint64
imc_billing_compute_month (ImcCatalog         *catalog,
                           const ImcPlanEvent *events,
                           guint               n_events,
                           gint                year,
                           gint                month,
                           GArray            **out_days)
{
  gint days = imc_calendar_days_in_month (year, month);
  g_autoptr(GArray) result = g_array_sized_new (FALSE, TRUE, sizeof (ImcBillDay), days);
  gint64 total = 0;
  guint next = 0;             /* first event not yet applied */
  const ImcPlanEvent *in_force = NULL;

  g_return_val_if_fail (IMC_IS_CATALOG (catalog), 0);
  g_return_val_if_fail (n_events == 0 || events != NULL, 0);

  for (gint day = 1; day <= days; day++)
    {
      g_autoptr(GDateTime) start = imc_calendar_day_start (year, month, day);
      g_autoptr(GDateTime) end = g_date_time_add_days (start, 1);
      DayState state = { FALSE, 0, { 0 } };
      ImcBillDay bill_day = { 0 };

      /* What was in force at the start of the day: the last event at or
       * before 00:00. */
      while (next < n_events && g_date_time_compare (events[next].time, start) <= 0)
        in_force = &events[next++];
      if (in_force != NULL)
        consider (catalog, &state, in_force);

      /* Everything that took effect during the day. */
      while (next < n_events && g_date_time_compare (events[next].time, end) < 0)
        {
          in_force = &events[next++];
          consider (catalog, &state, in_force);
        }

      bill_day.day = day;
      bill_day.billed = state.billed;
      if (state.billed)
        {
          bill_day.plan = state.plan;
          bill_day.amount = imc_billing_day_amount (state.price, day, days);
          total += bill_day.amount;
        }
      g_array_append_val (result, bill_day);
    }

  if (out_days != NULL)
    *out_days = g_steal_pointer (&result);
  return total;
}

gint64
imc_billing_rest_of_month (ImcCatalog    *catalog,
                           const ImcPlan *current,
                           const ImcPlan *new_plan,
                           GDateTime     *now,
                           gint          *out_days_left,
                           gint          *out_days_in_month)
{
  g_autoptr(GDateTime) local = imc_calendar_to_billing (now);
  gint year = g_date_time_get_year (local);
  gint month = g_date_time_get_month (local);
  gint today = g_date_time_get_day_of_month (local);
  gint days = imc_calendar_days_in_month (year, month);
  gint64 old_price = imc_catalog_get_monthly_price (catalog, current);
  gint64 new_price = imc_catalog_get_monthly_price (catalog, new_plan);
  gint64 total;

  total = imc_billing_day_amount (MAX (old_price, new_price), today, days);
  for (gint day = today + 1; day <= days; day++)
    total += imc_billing_day_amount (new_price, day, days);

  if (out_days_left != NULL)
    *out_days_left = days - today + 1;
  if (out_days_in_month != NULL)
    *out_days_in_month = days;
  return total;
}

void
imc_billing_issue_window (gint        year,
                          gint        month,
                          GDateTime **out_start,
                          GDateTime **out_end)
{
  g_autoptr(GDateTime) first = imc_calendar_day_start (year, month, 1);
  g_autoptr(GDateTime) start = imc_calendar_next_month_start (first);

  /* The end is the last second of the 3rd. */
  if (out_end != NULL)
    {
      g_autoptr(GDateTime) fourth = g_date_time_add_days (start, 3);
      *out_end = g_date_time_add_seconds (fourth, -1);
    }
  if (out_start != NULL)
    *out_start = g_steal_pointer (&start);
}
