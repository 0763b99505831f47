/* imc-rules.h: the plan rules from the product documents.
 *
 * - Upgrade: only from Free, to Pro or Ultimate, items set at the same time.
 * - Modify: only Pro-postpaid / Ultimate-postpaid; never back to Free.
 * - Nothing while disabled.
 * - The edition and each item change at most once per calendar month
 *   (billing time zone). A change of an item counts when its new value
 *   differs from what the edition change alone would give it: for an
 *   upgrade, every item set above the new edition's default.
 * - Disable: purge 90 days later; enable only before that.
 *
 * Errors are in IMC_ERROR; messages are translated with the process's
 * current language.
 */
#pragma once

#include "imc-catalog.h"
#include "imc-types.h"

G_BEGIN_DECLS

#define IMC_PURGE_AFTER_DAYS 90

/* Fields of an Upgrade or Modify request; has_* says which were given. */
typedef struct {
  gboolean   has_edition;
  ImcEdition edition;
  gboolean   has_unlimited_av_groups;
  gboolean   unlimited_av_groups;
  gboolean   has_max_groups_per_user;
  gint       max_groups_per_user;
  gboolean   has_max_members_per_group;
  gint       max_members_per_group;
} ImcPlanRequest;

/* What rules need to know of an app. last_change[item] is when that item
 * last changed (NULL: never). */
typedef struct {
  ImcAppStatus status;
  ImcPlan      plan;
  GDateTime   *last_change[IMC_N_PLAN_ITEMS];
} ImcPlanState;

/* The result of an accepted request: the new plan and the items that count
 * as changed this month (IMC_PLAN_ITEM_FLAG bits). When a request fails
 * with IMC_ERROR_MONTHLY_MODIFICATION, locked_item is the item refused and
 * locked_until (Unix time) when it may change again; the rest is unset. */
typedef struct {
  ImcPlan     plan;
  guint       changed;
  ImcPlanItem locked_item;
  gint64      locked_until;
} ImcPlanOutcome;

gboolean   imc_rules_check_upgrade        (ImcCatalog           *catalog,
                                           const ImcPlanState   *state,
                                           const ImcPlanRequest *request,
                                           GDateTime            *now,
                                           ImcPlanOutcome       *out,
                                           GError              **error);
gboolean   imc_rules_check_modify         (ImcCatalog           *catalog,
                                           const ImcPlanState   *state,
                                           const ImcPlanRequest *request,
                                           GDateTime            *now,
                                           ImcPlanOutcome       *out,
                                           GError              **error);
gboolean   imc_rules_check_disable        (const ImcPlanState   *state,
                                           GError              **error);
gboolean   imc_rules_check_enable         (const ImcPlanState   *state,
                                           GError              **error);

/* Start of the billing day on which @item may change again, or NULL when
 * it may change now. */
GDateTime *imc_rules_next_modifiable      (GDateTime            *last_change,
                                           GDateTime            *now);
/* When an app disabled at @disabled_time is purged: 90 days later. */
GDateTime *imc_rules_purge_time           (GDateTime            *disabled_time);
gboolean   imc_rules_purge_due            (GDateTime            *disabled_time,
                                           GDateTime            *now);
/* Billing-calendar days from @now to @purge_time, at least 0. */
gint       imc_rules_days_until_purge     (GDateTime            *purge_time,
                                           GDateTime            *now);

/* The message of LimitExceeded.MonthlyModification for @item: "Max groups
 * per user can be changed again on 2026-12-01." (translated). */
char      *imc_rules_monthly_limit_message (ImcPlanItem          item,
                                           GDateTime            *next);

G_END_DECLS
