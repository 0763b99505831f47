/* imc-catalog.c */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "imc-catalog.h"
#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-json.h"
#include "imc-money.h"

#define CATALOG_RESOURCE RESOURCE_BASE "/plan-catalog.json"
#define MAX_TIERS 32

typedef struct {
  gint   value;
  gint64 price;
} Tier;

typedef struct {
  ImcPlan plan;           /* the edition's defaults */
  gint64  price;
  gint    retention_days;
} Edition;

struct _ImcCatalog
{
  GObject parent_instance;

  char    *currency;
  char    *note;
  gboolean sample_prices;
  gint     av_group_cap;
  gint     group_type_member_limit;
  gint64   unlimited_av_price;
  Edition  editions[IMC_N_EDITIONS];
  GArray  *groups_tiers;    /* Tier */
  GArray  *members_tiers;   /* Tier */
  gint    *groups_values;
  gint    *members_values;
};

G_DEFINE_FINAL_TYPE (ImcCatalog, imc_catalog, G_TYPE_OBJECT)

static void
imc_catalog_finalize (GObject *object)
{
  ImcCatalog *self = IMC_CATALOG (object);

  g_free (self->currency);
  g_free (self->note);
  g_clear_pointer (&self->groups_tiers, g_array_unref);
  g_clear_pointer (&self->members_tiers, g_array_unref);
  g_free (self->groups_values);
  g_free (self->members_values);

  G_OBJECT_CLASS (imc_catalog_parent_class)->finalize (object);
}

static void
imc_catalog_class_init (ImcCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_catalog_finalize;
}

static void
imc_catalog_init (ImcCatalog *self)
{
  self->groups_tiers = g_array_new (FALSE, FALSE, sizeof (Tier));
  self->members_tiers = g_array_new (FALSE, FALSE, sizeof (Tier));
}

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "Invalid plan catalog: %s", what);
  return FALSE;
}

/* Re-labels a strict-accessor error as a catalog error. */
static gboolean
relabel (GError **error,
         GError  *local)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "Invalid plan catalog: %s", local->message);
  g_error_free (local);
  return FALSE;
}

static gboolean
parse_tiers (JsonObject  *root,
             const char  *member,
             GArray      *tiers,
             GError     **error)
{
  JsonArray *array = NULL;
  GError *local = NULL;
  guint n;

  if (!imc_json_get_array (root, member, TRUE, &array, NULL, &local))
    return relabel (error, local);

  n = json_array_get_length (array);
  if (n == 0 || n > MAX_TIERS)
    return invalid (error, member);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      Tier tier = { 0, 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, member);
      if (!imc_json_get_int32 (json_node_get_object (node), "Value", TRUE,
                               &tier.value, NULL, &local) ||
          !imc_json_get_money (json_node_get_object (node), "MonthlyPrice", TRUE,
                               &tier.price, NULL, &local))
        return relabel (error, local);

      /* Strictly ascending, positive values; prices not negative. */
      if (tier.value <= 0 || tier.price < 0 ||
          (i > 0 && tier.value <= g_array_index (tiers, Tier, i - 1).value))
        return invalid (error, member);

      g_array_append_val (tiers, tier);
    }

  return TRUE;
}

static const Tier *
find_tier (GArray *tiers,
           gint    value)
{
  for (guint i = 0; i < tiers->len; i++)
    {
      const Tier *tier = &g_array_index (tiers, Tier, i);
      if (tier->value == value)
        return tier;
    }
  return NULL;
}

static gint *
tier_values (GArray *tiers)
{
  gint *values = g_new (gint, tiers->len);

  for (guint i = 0; i < tiers->len; i++)
    values[i] = g_array_index (tiers, Tier, i).value;
  return values;
}

static gboolean
parse_edition (ImcCatalog  *self,
               JsonObject  *object,
               gboolean    *seen,
               GError     **error)
{
  const char *name = NULL;
  ImcEdition edition;
  Edition e = { { 0 }, 0, 0 };
  GError *local = NULL;

  if (!imc_json_get_string (object, "Edition", TRUE, &name, NULL, &local))
    return relabel (error, local);
  if (!imc_edition_from_string (name, &edition) || seen[edition])
    return invalid (error, "Editions");

  e.plan.edition = edition;
  if (!imc_json_get_money (object, "MonthlyPrice", TRUE, &e.price, NULL, &local) ||
      !imc_json_get_bool (object, "UnlimitedAvGroups", TRUE,
                          &e.plan.unlimited_av_groups, NULL, &local) ||
      !imc_json_get_int32 (object, "MaxGroupsPerUser", TRUE,
                           &e.plan.max_groups_per_user, NULL, &local) ||
      !imc_json_get_int32 (object, "MaxMembersPerGroup", TRUE,
                           &e.plan.max_members_per_group, NULL, &local) ||
      !imc_json_get_int32 (object, "MessageRetentionDays", TRUE,
                           &e.retention_days, NULL, &local))
    return relabel (error, local);

  /* An edition's defaults are always tiers; Free costs nothing. */
  if (e.price < 0 || (edition == IMC_EDITION_FREE && e.price != 0) ||
      e.retention_days <= 0 ||
      find_tier (self->groups_tiers, e.plan.max_groups_per_user) == NULL ||
      find_tier (self->members_tiers, e.plan.max_members_per_group) == NULL)
    return invalid (error, imc_edition_to_string (edition));

  seen[edition] = TRUE;
  self->editions[edition] = e;
  return TRUE;
}

ImcCatalog *
imc_catalog_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(ImcCatalog) self = g_object_new (IMC_TYPE_CATALOG, NULL);
  JsonObject *response = NULL;
  JsonArray *editions = NULL;
  const char *currency = NULL;
  const char *note = "";
  gboolean seen[IMC_N_EDITIONS] = { FALSE };
  GError *local = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (json_object_has_member (object, "Response") &&
      imc_json_get_object (object, "Response", TRUE, &response, NULL, NULL))
    object = response;

  if (!imc_json_get_string (object, "Currency", TRUE, &currency, NULL, &local) ||
      !imc_json_get_string (object, "Note", FALSE, &note, NULL, &local) ||
      !imc_json_get_bool (object, "SamplePrices", TRUE, &self->sample_prices, NULL, &local) ||
      !imc_json_get_int32 (object, "AvGroupCap", TRUE, &self->av_group_cap, NULL, &local) ||
      !imc_json_get_int32 (object, "GroupTypeMemberLimit", TRUE,
                           &self->group_type_member_limit, NULL, &local) ||
      !imc_json_get_money (object, "UnlimitedAvGroupsPrice", TRUE,
                           &self->unlimited_av_price, NULL, &local) ||
      !imc_json_get_array (object, "Editions", TRUE, &editions, NULL, &local))
    {
      relabel (error, local);
      return NULL;
    }

  if (strlen (currency) != 3 || self->av_group_cap <= 0 ||
      self->unlimited_av_price < 0)
    {
      invalid (error, "Currency, AvGroupCap or UnlimitedAvGroupsPrice");
      return NULL;
    }

  self->currency = g_strdup (currency);
  self->note = g_strdup (note);

  if (!parse_tiers (object, "MaxGroupsPerUserTiers", self->groups_tiers, error) ||
      !parse_tiers (object, "MaxMembersPerGroupTiers", self->members_tiers, error))
    return NULL;

  if (json_array_get_length (editions) != IMC_N_EDITIONS)
    {
      invalid (error, "Editions");
      return NULL;
    }

  for (guint i = 0; i < IMC_N_EDITIONS; i++)
    {
      JsonNode *node = json_array_get_element (editions, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          invalid (error, "Editions");
          return NULL;
        }
      if (!parse_edition (self, json_node_get_object (node), seen, error))
        return NULL;
    }

  /* The rules of the documents: Free and Pro cap audio-video groups,
   * Ultimate includes unlimited ones; Free is the floor of every item. */
  if (self->editions[IMC_EDITION_FREE].plan.unlimited_av_groups ||
      self->editions[IMC_EDITION_PRO].plan.unlimited_av_groups ||
      !self->editions[IMC_EDITION_ULTIMATE].plan.unlimited_av_groups)
    {
      invalid (error, "UnlimitedAvGroups defaults");
      return NULL;
    }

  self->groups_values = tier_values (self->groups_tiers);
  self->members_values = tier_values (self->members_tiers);

  return g_steal_pointer (&self);
}

ImcCatalog *
imc_catalog_new_from_data (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, "not a JSON object");
      return NULL;
    }

  return imc_catalog_new_from_json (json_node_get_object (root), error);
}

ImcCatalog *
imc_catalog_new_from_file (const char  *path,
                           GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;

  return imc_catalog_new_from_data (data, (gssize) length, error);
}

ImcCatalog *
imc_catalog_new_default (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  ImcCatalog *catalog;
  gsize length;
  const char *data;

  bytes = g_resources_lookup_data (CATALOG_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("Default plan catalog missing: %s", error->message);

  data = g_bytes_get_data (bytes, &length);
  catalog = imc_catalog_new_from_data (data, (gssize) length, &error);
  if (catalog == NULL)
    g_error ("Default plan catalog invalid: %s", error->message);

  return catalog;
}

static void
add_tiers (JsonBuilder *builder,
           const char  *member,
           GArray      *tiers)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < tiers->len; i++)
    {
      const Tier *tier = &g_array_index (tiers, Tier, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Value");
      json_builder_add_int_value (builder, tier->value);
      imc_json_builder_add_money (builder, "MonthlyPrice", tier->price);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
imc_catalog_to_json (ImcCatalog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (IMC_IS_CATALOG (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "SamplePrices");
  json_builder_add_boolean_value (builder, self->sample_prices);
  json_builder_set_member_name (builder, "Note");
  json_builder_add_string_value (builder, self->note);
  json_builder_set_member_name (builder, "Currency");
  json_builder_add_string_value (builder, self->currency);
  json_builder_set_member_name (builder, "BillingTimeZone");
  json_builder_add_string_value (builder, "Asia/Shanghai");
  json_builder_set_member_name (builder, "BillingUtcOffset");
  json_builder_add_string_value (builder, "+08:00");
  json_builder_set_member_name (builder, "AvGroupCap");
  json_builder_add_int_value (builder, self->av_group_cap);
  json_builder_set_member_name (builder, "GroupTypeMemberLimit");
  json_builder_add_int_value (builder, self->group_type_member_limit);

  json_builder_set_member_name (builder, "Editions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < IMC_N_EDITIONS; i++)
    {
      const Edition *e = &self->editions[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Edition");
      json_builder_add_string_value (builder, imc_edition_to_string (e->plan.edition));
      imc_json_builder_add_money (builder, "MonthlyPrice", e->price);
      json_builder_set_member_name (builder, "UnlimitedAvGroups");
      json_builder_add_boolean_value (builder, e->plan.unlimited_av_groups);
      json_builder_set_member_name (builder, "MaxGroupsPerUser");
      json_builder_add_int_value (builder, e->plan.max_groups_per_user);
      json_builder_set_member_name (builder, "MaxMembersPerGroup");
      json_builder_add_int_value (builder, e->plan.max_members_per_group);
      json_builder_set_member_name (builder, "MessageRetentionDays");
      json_builder_add_int_value (builder, e->retention_days);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  imc_json_builder_add_money (builder, "UnlimitedAvGroupsPrice", self->unlimited_av_price);
  add_tiers (builder, "MaxGroupsPerUserTiers", self->groups_tiers);
  add_tiers (builder, "MaxMembersPerGroupTiers", self->members_tiers);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
imc_catalog_get_currency (ImcCatalog *self)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), NULL);
  return self->currency;
}

gboolean
imc_catalog_get_sample_prices (ImcCatalog *self)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), FALSE);
  return self->sample_prices;
}

const char *
imc_catalog_get_note (ImcCatalog *self)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), NULL);
  return self->note;
}

const ImcPlan *
imc_catalog_get_default_plan (ImcCatalog *self,
                              ImcEdition  edition)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), NULL);
  g_return_val_if_fail ((guint) edition < IMC_N_EDITIONS, NULL);
  return &self->editions[edition].plan;
}

gint64
imc_catalog_get_edition_price (ImcCatalog *self,
                               ImcEdition  edition)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);
  g_return_val_if_fail ((guint) edition < IMC_N_EDITIONS, 0);
  return self->editions[edition].price;
}

gint
imc_catalog_get_av_group_cap (ImcCatalog *self)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);
  return self->av_group_cap;
}

gint
imc_catalog_get_max_av_groups (ImcCatalog    *self,
                               const ImcPlan *plan)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);
  return plan->unlimited_av_groups ? -1 : self->av_group_cap;
}

gint
imc_catalog_get_retention_days (ImcCatalog *self,
                                ImcEdition  edition)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);
  g_return_val_if_fail ((guint) edition < IMC_N_EDITIONS, 0);
  return self->editions[edition].retention_days;
}

gint64
imc_catalog_get_unlimited_av_price (ImcCatalog *self)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);
  return self->unlimited_av_price;
}

gint
imc_catalog_get_group_type_member_limit (ImcCatalog *self)
{
  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);
  return self->group_type_member_limit;
}

static GArray *
tiers_of (ImcCatalog  *self,
          ImcPlanItem  item)
{
  switch (item)
    {
    case IMC_PLAN_ITEM_MAX_GROUPS_PER_USER:
      return self->groups_tiers;
    case IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP:
      return self->members_tiers;
    case IMC_PLAN_ITEM_EDITION:
    case IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS:
    default:
      return NULL;
    }
}

static gint
item_value (const ImcPlan *plan,
            ImcPlanItem    item)
{
  return item == IMC_PLAN_ITEM_MAX_GROUPS_PER_USER ? plan->max_groups_per_user
                                                    : plan->max_members_per_group;
}

const gint *
imc_catalog_get_tiers (ImcCatalog  *self,
                       ImcPlanItem  item,
                       guint       *n_tiers)
{
  GArray *tiers;

  g_return_val_if_fail (IMC_IS_CATALOG (self), NULL);
  tiers = tiers_of (self, item);
  g_return_val_if_fail (tiers != NULL, NULL);

  *n_tiers = tiers->len;
  return item == IMC_PLAN_ITEM_MAX_GROUPS_PER_USER ? self->groups_values
                                                    : self->members_values;
}

gboolean
imc_catalog_is_tier (ImcCatalog  *self,
                     ImcPlanItem  item,
                     gint         value)
{
  GArray *tiers;

  g_return_val_if_fail (IMC_IS_CATALOG (self), FALSE);
  tiers = tiers_of (self, item);
  g_return_val_if_fail (tiers != NULL, FALSE);

  return find_tier (tiers, value) != NULL;
}

gint64
imc_catalog_get_tier_price (ImcCatalog  *self,
                            ImcEdition   edition,
                            ImcPlanItem  item,
                            gint         value)
{
  const ImcPlan *defaults;
  const Tier *tier;
  GArray *tiers;

  g_return_val_if_fail (IMC_IS_CATALOG (self), -1);
  tiers = tiers_of (self, item);
  g_return_val_if_fail (tiers != NULL, -1);

  tier = find_tier (tiers, value);
  if (tier == NULL)
    return -1;

  defaults = imc_catalog_get_default_plan (self, edition);
  return value > item_value (defaults, item) ? tier->price : 0;
}

gboolean
imc_catalog_item_has_fee (ImcCatalog    *self,
                          const ImcPlan *plan,
                          ImcPlanItem    item)
{
  const ImcPlan *defaults;

  g_return_val_if_fail (IMC_IS_CATALOG (self), FALSE);
  defaults = imc_catalog_get_default_plan (self, plan->edition);

  switch (item)
    {
    case IMC_PLAN_ITEM_EDITION:
      return imc_catalog_get_edition_price (self, plan->edition) > 0;
    case IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS:
      return plan->unlimited_av_groups && !defaults->unlimited_av_groups;
    case IMC_PLAN_ITEM_MAX_GROUPS_PER_USER:
    case IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP:
      return item_value (plan, item) > item_value (defaults, item);
    default:
      g_return_val_if_reached (FALSE);
    }
}

gint64
imc_catalog_get_item_price (ImcCatalog    *self,
                            const ImcPlan *plan,
                            ImcPlanItem    item)
{
  gint64 price;

  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);

  switch (item)
    {
    case IMC_PLAN_ITEM_EDITION:
      return imc_catalog_get_edition_price (self, plan->edition);
    case IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS:
      return imc_catalog_item_has_fee (self, plan, item) ? self->unlimited_av_price : 0;
    case IMC_PLAN_ITEM_MAX_GROUPS_PER_USER:
    case IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP:
      price = imc_catalog_get_tier_price (self, plan->edition, item, item_value (plan, item));
      return MAX (price, 0);
    default:
      g_return_val_if_reached (0);
    }
}

gint64
imc_catalog_get_monthly_price (ImcCatalog    *self,
                               const ImcPlan *plan)
{
  gint64 total = 0;

  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);

  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    total += imc_catalog_get_item_price (self, plan, (ImcPlanItem) i);
  return total;
}

gboolean
imc_catalog_validate_plan (ImcCatalog    *self,
                           const ImcPlan *plan,
                           GError       **error)
{
  const ImcPlan *defaults;

  g_return_val_if_fail (IMC_IS_CATALOG (self), FALSE);

  if ((guint) plan->edition >= IMC_N_EDITIONS)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("The edition must be Free, Pro or Ultimate."));
      return FALSE;
    }

  defaults = imc_catalog_get_default_plan (self, plan->edition);

  /* Free cannot raise anything on its own; Ultimate always includes
   * unlimited audio-video groups. */
  if (plan->edition == IMC_EDITION_FREE && !imc_plan_equal (plan, defaults))
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("The Free edition cannot change its feature configuration. Upgrade to Pro or Ultimate first."));
      return FALSE;
    }
  if (defaults->unlimited_av_groups && !plan->unlimited_av_groups)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("Unlimited audio-video groups are always included in the Ultimate edition."));
      return FALSE;
    }

  if (!imc_catalog_is_tier (self, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, plan->max_groups_per_user) ||
      plan->max_groups_per_user < defaults->max_groups_per_user)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("%d is not an available value for the maximum number of groups one user can create and join."),
                   plan->max_groups_per_user);
      return FALSE;
    }
  if (!imc_catalog_is_tier (self, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, plan->max_members_per_group) ||
      plan->max_members_per_group < defaults->max_members_per_group)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("%d is not an available value for the maximum number of members per group."),
                   plan->max_members_per_group);
      return FALSE;
    }

  return TRUE;
}
