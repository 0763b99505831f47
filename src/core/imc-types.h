/* imc-types.h: editions, billing modes, app status, plan items and the plan
 * value type. Plain values with API string names; no catalog knowledge.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  IMC_EDITION_FREE,
  IMC_EDITION_PRO,
  IMC_EDITION_ULTIMATE,
} ImcEdition;

#define IMC_N_EDITIONS 3

typedef enum {
  IMC_BILLING_MODE_FREE,
  IMC_BILLING_MODE_POSTPAID,
} ImcBillingMode;

typedef enum {
  IMC_APP_STATUS_ENABLED,
  IMC_APP_STATUS_DISABLED,
} ImcAppStatus;

/* The four things that can each change once per calendar month. */
typedef enum {
  IMC_PLAN_ITEM_EDITION,
  IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS,
  IMC_PLAN_ITEM_MAX_GROUPS_PER_USER,
  IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP,
} ImcPlanItem;

#define IMC_N_PLAN_ITEMS 4
#define IMC_PLAN_ITEM_FLAG(item) (1u << (item))
#define IMC_PLAN_ITEM_FLAGS_ALL ((1u << IMC_N_PLAN_ITEMS) - 1)

#define IMC_TYPE_EDITION      (imc_edition_get_type ())
#define IMC_TYPE_BILLING_MODE (imc_billing_mode_get_type ())
#define IMC_TYPE_APP_STATUS   (imc_app_status_get_type ())
#define IMC_TYPE_PLAN_ITEM    (imc_plan_item_get_type ())
#define IMC_TYPE_PLAN         (imc_plan_get_type ())

GType imc_edition_get_type      (void) G_GNUC_CONST;
GType imc_billing_mode_get_type (void) G_GNUC_CONST;
GType imc_app_status_get_type   (void) G_GNUC_CONST;
GType imc_plan_item_get_type    (void) G_GNUC_CONST;

/* API names: "Free" "Pro" "Ultimate"; "Free" "Postpaid"; "Enabled"
 * "Disabled"; "Edition" "UnlimitedAvGroups" "MaxGroupsPerUser"
 * "MaxMembersPerGroup". from_string is exact (case-sensitive). */
const char *imc_edition_to_string      (ImcEdition      edition);
gboolean    imc_edition_from_string    (const char     *str,
                                        ImcEdition     *out);
const char *imc_billing_mode_to_string (ImcBillingMode  mode);
gboolean    imc_billing_mode_from_string (const char   *str,
                                        ImcBillingMode *out);
const char *imc_app_status_to_string   (ImcAppStatus    status);
gboolean    imc_app_status_from_string (const char     *str,
                                        ImcAppStatus   *out);
const char *imc_plan_item_to_string    (ImcPlanItem     item);
gboolean    imc_plan_item_from_string  (const char     *str,
                                        ImcPlanItem    *out);

typedef struct {
  ImcEdition edition;
  gboolean   unlimited_av_groups;
  gint       max_groups_per_user;
  gint       max_members_per_group;
} ImcPlan;

GType          imc_plan_get_type         (void) G_GNUC_CONST;
ImcPlan       *imc_plan_copy             (const ImcPlan *plan);
void           imc_plan_free             (ImcPlan       *plan);
gboolean       imc_plan_equal            (const ImcPlan *a,
                                          const ImcPlan *b);
ImcBillingMode imc_plan_get_billing_mode (const ImcPlan *plan);
/* Compares one item of two plans. */
gboolean       imc_plan_item_equal       (const ImcPlan *a,
                                          const ImcPlan *b,
                                          ImcPlanItem    item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImcPlan, imc_plan_free)

G_END_DECLS
