/* imc-plan-item.c: the table of plan items.
 *
 * Adding an item: a row here (in ImcPlanItem order), the enum value and
 * the ImcPlan field in imc-types.h, the request fields in imc-rules.h, the
 * catalog entries in data/plan-catalog.json. test-plan-item walks the rows.
 */
#include "config.h"

#include <string.h>

#include "imc-gettext.h"
#include "imc-plan-item.h"

/* Values are read and written as gint; enums are int-sized with gcc and clang. */
G_STATIC_ASSERT (sizeof (ImcEdition) == sizeof (gint));
G_STATIC_ASSERT (sizeof (gboolean) == sizeof (gint));

#define PLAN(field) G_STRUCT_OFFSET (ImcPlan, field)
#define REQUEST(field) G_STRUCT_OFFSET (ImcPlanRequest, has_##field), G_STRUCT_OFFSET (ImcPlanRequest, field)

static const ImcPlanItemInfo items[] = {
  {
    IMC_PLAN_ITEM_EDITION, IMC_PLAN_ITEM_KIND_EDITION,
    "Edition", NULL, NULL,
    { IMC_EDITION_FREE, IMC_EDITION_PRO, IMC_EDITION_ULTIMATE },
    PLAN (edition), REQUEST (edition),
    N_("Plan edition"), N_("Plan edition"),
    /* TRANSLATORS: %s is a date like 2026-12-01 */
    N_("The plan edition can be changed again on %s."),
    N_("The edition must be Free, Pro or Ultimate."),
  },
  {
    IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS, IMC_PLAN_ITEM_KIND_SWITCH,
    "UnlimitedAvGroups", "unlimited_av_groups", "UnlimitedAvGroupsPrice",
    { FALSE, FALSE, TRUE },
    PLAN (unlimited_av_groups), REQUEST (unlimited_av_groups),
    /* The Upgrade table's term, then the Modify step's (po/glossary.md). */
    N_("Unlimited number of audio-video groups"), N_("Unlimited audio-video groups"),
    /* TRANSLATORS: %s is a date like 2026-12-01 */
    N_("Unlimited audio-video groups can be changed again on %s."),
    N_("Unlimited audio-video groups are always included in the Ultimate edition."),
  },
  {
    IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, IMC_PLAN_ITEM_KIND_TIERS,
    "MaxGroupsPerUser", "max_groups_per_user", "MaxGroupsPerUserTiers",
    { 500, 500, 1000 },
    PLAN (max_groups_per_user), REQUEST (max_groups_per_user),
    N_("Increasing maximum number of groups one user can join"), N_("Max groups per user"),
    /* TRANSLATORS: %s is a date like 2026-12-01 */
    N_("Max groups per user can be changed again on %s."),
    N_("%d is not an available value for the maximum number of groups one user can create and join."),
  },
  {
    IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, IMC_PLAN_ITEM_KIND_TIERS,
    "MaxMembersPerGroup", "max_members_per_group", "MaxMembersPerGroupTiers",
    { 200, 200, 2000 },
    PLAN (max_members_per_group), REQUEST (max_members_per_group),
    N_("Maximum members one group can accommodate (non-audio-video group)"), N_("Max members per group"),
    /* TRANSLATORS: %s is a date like 2026-12-01 */
    N_("Max members per group can be changed again on %s."),
    N_("%d is not an available value for the maximum number of members per group."),
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (items) == IMC_N_PLAN_ITEMS);

const ImcPlanItemInfo *
imc_plan_item_get_info (ImcPlanItem item)
{
  g_return_val_if_fail ((guint) item < IMC_N_PLAN_ITEMS, NULL);
  g_assert (items[item].item == item);
  return &items[item];
}

gboolean
imc_plan_item_from_storage_key (const char  *key,
                                ImcPlanItem *out)
{
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    {
      if (items[i].storage_key != NULL && g_strcmp0 (items[i].storage_key, key) == 0)
        {
          *out = (ImcPlanItem) i;
          return TRUE;
        }
    }
  return FALSE;
}

gint
imc_plan_get_item (const ImcPlan *plan,
                   ImcPlanItem    item)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
  gint value = G_STRUCT_MEMBER (gint, plan, info->plan_offset);

  return info->kind == IMC_PLAN_ITEM_KIND_SWITCH ? value != 0 : value;
}

void
imc_plan_set_item (ImcPlan     *plan,
                   ImcPlanItem  item,
                   gint         value)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);

  /* Switches are 0 or 1 so that MAX() and == compare them as the rules mean. */
  G_STRUCT_MEMBER (gint, plan, info->plan_offset) =
    info->kind == IMC_PLAN_ITEM_KIND_SWITCH ? value != 0 : value;
}

gboolean
imc_plan_request_get_item (const ImcPlanRequest *request,
                           ImcPlanItem           item,
                           gint                 *out)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
  gint value;

  if (!G_STRUCT_MEMBER (gboolean, request, info->request_has_offset))
    return FALSE;
  value = G_STRUCT_MEMBER (gint, request, info->request_offset);
  *out = info->kind == IMC_PLAN_ITEM_KIND_SWITCH ? value != 0 : value;
  return TRUE;
}

void
imc_plan_request_set_item (ImcPlanRequest *request,
                           ImcPlanItem     item,
                           gint            value)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);

  G_STRUCT_MEMBER (gboolean, request, info->request_has_offset) = TRUE;
  G_STRUCT_MEMBER (gint, request, info->request_offset) =
    info->kind == IMC_PLAN_ITEM_KIND_SWITCH ? value != 0 : value;
}

const char *
imc_plan_item_get_label (ImcPlanItem item,
                         gboolean    modify)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);

  return _(modify ? info->modify_label : info->upgrade_label);
}

/* The table's formats are not literals; a va_list keeps -Wformat-nonliteral
 * quiet, and each row's comment says which argument its format takes. */
static char *
format_message (const char *format,
                ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return message;
}

char *
imc_plan_item_locked_message (ImcPlanItem  item,
                              const char  *date)
{
  return format_message (_(imc_plan_item_get_info (item)->locked_message), date);
}

char *
imc_plan_item_invalid_message (ImcPlanItem item,
                               gint        value)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);

  if (info->kind != IMC_PLAN_ITEM_KIND_TIERS)
    return g_strdup (_(info->invalid_message));
  return format_message (_(info->invalid_message), value);
}
