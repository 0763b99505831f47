/* imc-billing.h: proration by day.
 *
 * A month's fee is spread over its days so that a whole month of one
 * configuration sums to exactly its monthly price: day d of N costs
 * floor(P*d/N) - floor(P*(d-1)/N). Each day is billed at the highest-priced
 * configuration in force at any moment of that day while the app was
 * enabled; a day on which the app was disabled from start to end costs
 * nothing ("no plan fees from the next day"). The bill for month M is
 * issued on the 1st-3rd of month M+1.
 */
#pragma once

#include "imc-catalog.h"

G_BEGIN_DECLS

/* One point in an app's life: from @time on, the app is @enabled with
 * @plan. The first event is the app's creation; a purge is a final event
 * with enabled = FALSE. */
typedef struct {
  GDateTime *time;
  gboolean   enabled;
  ImcPlan    plan;
} ImcPlanEvent;

typedef struct {
  gint    day;       /* 1..31 */
  gboolean billed;   /* FALSE: app did not exist or was disabled all day */
  ImcPlan plan;      /* the configuration billed (highest-priced) */
  gint64  amount;    /* minor units */
} ImcBillDay;

gint64   imc_billing_day_amount        (gint64              monthly_price,
                                        gint                day,
                                        gint                days_in_month);
/* Fills @out_days (one ImcBillDay per day of the month, caller frees with
 * g_array_unref) and returns the month's total. @events must be sorted by
 * time. */
gint64   imc_billing_compute_month     (ImcCatalog         *catalog,
                                        const ImcPlanEvent *events,
                                        guint               n_events,
                                        gint                year,
                                        gint                month,
                                        GArray            **out_days);
/* What the rest of this month costs if @new_plan takes effect at @now on
 * top of @current (today billed at the higher of the two), from today to
 * the month's last day. Sets the number of those days and of the month. */
gint64   imc_billing_rest_of_month     (ImcCatalog         *catalog,
                                        const ImcPlan      *current,
                                        const ImcPlan      *new_plan,
                                        GDateTime          *now,
                                        gint               *out_days_left,
                                        gint               *out_days_in_month);
/* The bill for @year-@month is issued from 00:00 on the 1st to the end of
 * the 3rd of the next month (billing time zone). */
void     imc_billing_issue_window      (gint                year,
                                        gint                month,
                                        GDateTime         **out_start,
                                        GDateTime         **out_end);

G_END_DECLS
