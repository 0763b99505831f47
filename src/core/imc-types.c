/* imc-types.c */
#include "config.h"

#include <string.h>

#include "imc-types.h"

static const char *const edition_names[] = { "Free", "Pro", "Ultimate" };
static const char *const billing_mode_names[] = { "Free", "Postpaid" };
static const char *const app_status_names[] = { "Enabled", "Disabled" };
static const char *const plan_item_names[] = {
  "Edition", "UnlimitedAvGroups", "MaxGroupsPerUser", "MaxMembersPerGroup",
};

G_STATIC_ASSERT (G_N_ELEMENTS (edition_names) == IMC_N_EDITIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (plan_item_names) == IMC_N_PLAN_ITEMS);

G_DEFINE_ENUM_TYPE (ImcEdition, imc_edition,
  G_DEFINE_ENUM_VALUE (IMC_EDITION_FREE, "free"),
  G_DEFINE_ENUM_VALUE (IMC_EDITION_PRO, "pro"),
  G_DEFINE_ENUM_VALUE (IMC_EDITION_ULTIMATE, "ultimate"))

G_DEFINE_ENUM_TYPE (ImcBillingMode, imc_billing_mode,
  G_DEFINE_ENUM_VALUE (IMC_BILLING_MODE_FREE, "free"),
  G_DEFINE_ENUM_VALUE (IMC_BILLING_MODE_POSTPAID, "postpaid"))

G_DEFINE_ENUM_TYPE (ImcAppStatus, imc_app_status,
  G_DEFINE_ENUM_VALUE (IMC_APP_STATUS_ENABLED, "enabled"),
  G_DEFINE_ENUM_VALUE (IMC_APP_STATUS_DISABLED, "disabled"))

G_DEFINE_ENUM_TYPE (ImcPlanItem, imc_plan_item,
  G_DEFINE_ENUM_VALUE (IMC_PLAN_ITEM_EDITION, "edition"),
  G_DEFINE_ENUM_VALUE (IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS, "unlimited-av-groups"),
  G_DEFINE_ENUM_VALUE (IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, "max-groups-per-user"),
  G_DEFINE_ENUM_VALUE (IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, "max-members-per-group"))

G_DEFINE_BOXED_TYPE (ImcPlan, imc_plan, imc_plan_copy, imc_plan_free)

static const char *
name_of (const char *const *names,
         guint              n_names,
         guint              value)
{
  g_return_val_if_fail (value < n_names, NULL);
  return names[value];
}

static gboolean
value_of (const char *const *names,
          guint              n_names,
          const char        *str,
          guint             *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (names[i], str) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_NAMES(type, prefix, names)                                \
  const char *                                                           \
  prefix##_to_string (type value)                                        \
  {                                                                      \
    return name_of (names, G_N_ELEMENTS (names), (guint) value);         \
  }                                                                      \
                                                                         \
  gboolean                                                               \
  prefix##_from_string (const char *str,                                 \
                        type       *out)                                 \
  {                                                                      \
    guint v;                                                             \
                                                                         \
    if (!value_of (names, G_N_ELEMENTS (names), str, &v))                \
      return FALSE;                                                      \
    *out = (type) v;                                                     \
    return TRUE;                                                         \
  }

DEFINE_NAMES (ImcEdition, imc_edition, edition_names)
DEFINE_NAMES (ImcBillingMode, imc_billing_mode, billing_mode_names)
DEFINE_NAMES (ImcAppStatus, imc_app_status, app_status_names)
DEFINE_NAMES (ImcPlanItem, imc_plan_item, plan_item_names)

ImcPlan *
imc_plan_copy (const ImcPlan *plan)
{
  return g_memdup2 (plan, sizeof *plan);
}

void
imc_plan_free (ImcPlan *plan)
{
  g_free (plan);
}

gboolean
imc_plan_item_equal (const ImcPlan *a,
                     const ImcPlan *b,
                     ImcPlanItem    item)
{
  switch (item)
    {
    case IMC_PLAN_ITEM_EDITION:
      return a->edition == b->edition;
    case IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS:
      return !a->unlimited_av_groups == !b->unlimited_av_groups;
    case IMC_PLAN_ITEM_MAX_GROUPS_PER_USER:
      return a->max_groups_per_user == b->max_groups_per_user;
    case IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP:
      return a->max_members_per_group == b->max_members_per_group;
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
imc_plan_equal (const ImcPlan *a,
                const ImcPlan *b)
{
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    {
      if (!imc_plan_item_equal (a, b, (ImcPlanItem) i))
        return FALSE;
    }
  return TRUE;
}

ImcBillingMode
imc_plan_get_billing_mode (const ImcPlan *plan)
{
  return plan->edition == IMC_EDITION_FREE ? IMC_BILLING_MODE_FREE
                                           : IMC_BILLING_MODE_POSTPAID;
}
