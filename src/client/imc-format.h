/* imc-format.h: how plan values read to a user, in the documents' words. */
#pragma once

#include "imc-core.h"

G_BEGIN_DECLS

/* "Free", "Pro", "Ultimate" (translated). */
const char *imc_format_edition             (ImcEdition      edition);
/* The plan as the documents name it: "Free", "Pro-postpaid",
 * "Ultimate-postpaid" (translated). */
const char *imc_format_plan_name           (const ImcPlan  *plan);
/* "Enabled" / "Disabled" (translated). */
const char *imc_format_status              (ImcAppStatus    status);
/* "Plan edition", "Unlimited audio-video groups", ... (translated). */
const char *imc_format_plan_item           (ImcPlanItem     item);
/* A long date in the billing time zone, per locale: "1 December 2026",
 * "2026年12月1日", "2026년 12월 1일". */
char       *imc_format_date                (GDateTime      *dt);
/* A date and time in the local time zone, per locale. */
char       *imc_format_date_time           (GDateTime      *dt);
/* "CNY 1,999.00" style amounts from minor units. */
char       *imc_format_money               (gint64          minor,
                                            const char     *currency);
/* "Data will be deleted on 21 February 2027 (80 days left)" for a disabled
 * app purged at @purge_time, counted from @now in billing days. */
char       *imc_format_purge_notice        (GDateTime      *purge_time,
                                            GDateTime      *now);
/* "1,000": a count with grouping. */
char       *imc_format_count               (gint64          value);

G_END_DECLS
