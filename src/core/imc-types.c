/* imc-types.c */
#include "config.h"

#include <string.h>

#include "imc-plan-item.h"
#include "imc-types.h"

static const char *const edition_names[] = { "Free", "Pro", "Ultimate" };
static const char *const billing_mode_names[] = { "Free", "Postpaid" };
static const char *const app_status_names[] = { "Enabled", "Disabled" };
G_STATIC_ASSERT (G_N_ELEMENTS (edition_names) == IMC_N_EDITIONS);

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

/* Registered from the item table: value names are the API names, nicks
 * the storage keys with dashes ("max-groups-per-user"). */
GType
imc_plan_item_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static GEnumValue values[IMC_N_PLAN_ITEMS + 1];

      for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
        {
          const ImcPlanItemInfo *info = imc_plan_item_get_info ((ImcPlanItem) i);
          g_autofree char *nick = g_strdup (info->storage_key != NULL ? info->storage_key : "edition");

          values[i].value = (gint) i;
          values[i].value_name = info->api_name;
          values[i].value_nick = g_intern_string (g_strdelimit (nick, "_", '-'));
        }
      g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("ImcPlanItem"), values));
    }
  return type;
}

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

const char *
imc_plan_item_to_string (ImcPlanItem item)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);

  return info != NULL ? info->api_name : NULL;
}

gboolean
imc_plan_item_from_string (const char  *str,
                           ImcPlanItem *out)
{
  for (guint i = 0; str != NULL && i < IMC_N_PLAN_ITEMS; i++)
    {
      if (strcmp (imc_plan_item_get_info ((ImcPlanItem) i)->api_name, str) == 0)
        {
          *out = (ImcPlanItem) i;
          return TRUE;
        }
    }
  return FALSE;
}

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
  return imc_plan_get_item (a, item) == imc_plan_get_item (b, item);
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
