/* imc-catalog.c */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "imc-catalog.h"
#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-json.h"
#include "imc-money.h"
#include "imc-plan-item.h"

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
  Edition  editions[IMC_N_EDITIONS];
  /* Per item, from its catalog_source: a switch's price, a count's tiers. */
  gint64   switch_price[IMC_N_PLAN_ITEMS];
  GArray  *tiers[IMC_N_PLAN_ITEMS];          /* Tier */
  gint    *tier_values[IMC_N_PLAN_ITEMS];
};

G_DEFINE_FINAL_TYPE (ImcCatalog, imc_catalog, G_TYPE_OBJECT)

static void
imc_catalog_finalize (GObject *object)
{
  ImcCatalog *self = IMC_CATALOG (object);

  g_free (self->currency);
  g_free (self->note);
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    {
      g_clear_pointer (&self->tiers[i], g_array_unref);
      g_free (self->tier_values[i]);
    }

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
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    if (imc_plan_item_get_info ((ImcPlanItem) i)->kind == IMC_PLAN_ITEM_KIND_TIERS)
      self->tiers[i] = g_array_new (FALSE, FALSE, sizeof (Tier));
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

/* Each item's price or tiers, from the member its catalog_source names. */
static gboolean
parse_item_sources (ImcCatalog  *self,
                    JsonObject  *object,
                    GError     **error)
{
  GError *local = NULL;

  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      const ImcPlanItemInfo *info = imc_plan_item_get_info (item);

      if (info->kind == IMC_PLAN_ITEM_KIND_TIERS)
        {
          if (!parse_tiers (object, info->catalog_source, self->tiers[item], error))
            return FALSE;
          continue;
        }
      if (!imc_json_get_money (object, info->catalog_source, TRUE,
                               &self->switch_price[item], NULL, &local))
        return relabel (error, local);
      if (self->switch_price[item] < 0)
        return invalid (error, info->catalog_source);
    }
  return TRUE;
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
  if (!imc_json_get_money (object, "MonthlyPrice", TRUE, &e.price, NULL, &local))
    return relabel (error, local);
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      gint value = 0;

      if (!imc_json_get_plan_item (object, item, TRUE, &value, NULL, &local))
        return relabel (error, local);
      /* An edition's defaults are always tiers. */
      if (self->tiers[item] != NULL && find_tier (self->tiers[item], value) == NULL)
        return invalid (error, imc_edition_to_string (edition));
      imc_plan_set_item (&e.plan, item, value);
    }
  if (!imc_json_get_int32 (object, "MessageRetentionDays", TRUE,
                           &e.retention_days, NULL, &local))
    return relabel (error, local);

  /* Free costs nothing. */
  if (e.price < 0 || (edition == IMC_EDITION_FREE && e.price != 0) ||
      e.retention_days <= 0)
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
      !imc_json_get_array (object, "Editions", TRUE, &editions, NULL, &local))
    {
      relabel (error, local);
      return NULL;
    }

  if (strlen (currency) != 3 || self->av_group_cap <= 0)
    {
      invalid (error, "Currency or AvGroupCap");
      return NULL;
    }

  self->currency = g_strdup (currency);
  self->note = g_strdup (note);

  if (!parse_item_sources (self, object, error))
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

  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    if (self->tiers[i] != NULL)
      self->tier_values[i] = tier_values (self->tiers[i]);

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
      for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
        imc_json_builder_add_plan_item (builder, item, imc_plan_get_item (&e->plan, item));
      json_builder_set_member_name (builder, "MessageRetentionDays");
      json_builder_add_int_value (builder, e->retention_days);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      const char *source = imc_plan_item_get_info (item)->catalog_source;

      if (self->tiers[item] != NULL)
        add_tiers (builder, source, self->tiers[item]);
      else
        imc_json_builder_add_money (builder, source, self->switch_price[item]);
    }
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
  return self->switch_price[IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS];
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
  return (guint) item < IMC_N_PLAN_ITEMS ? self->tiers[item] : NULL;
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
  return self->tier_values[item];
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
  return value > imc_plan_get_item (defaults, item) ? tier->price : 0;
}

gboolean
imc_catalog_item_has_fee (ImcCatalog    *self,
                          const ImcPlan *plan,
                          ImcPlanItem    item)
{
  const ImcPlan *defaults;

  g_return_val_if_fail (IMC_IS_CATALOG (self), FALSE);
  defaults = imc_catalog_get_default_plan (self, plan->edition);

  if (item == IMC_PLAN_ITEM_EDITION)
    return imc_catalog_get_edition_price (self, plan->edition) > 0;
  return imc_plan_get_item (plan, item) > imc_plan_get_item (defaults, item);
}

gint64
imc_catalog_get_item_price (ImcCatalog    *self,
                            const ImcPlan *plan,
                            ImcPlanItem    item)
{
  gint64 price;

  g_return_val_if_fail (IMC_IS_CATALOG (self), 0);

  if (item == IMC_PLAN_ITEM_EDITION)
    return imc_catalog_get_edition_price (self, plan->edition);
  if (self->tiers[item] == NULL)
    return imc_catalog_item_has_fee (self, plan, item) ? self->switch_price[item] : 0;
  price = imc_catalog_get_tier_price (self, plan->edition, item, imc_plan_get_item (plan, item));
  return MAX (price, 0);
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
      g_autofree char *message = imc_plan_item_invalid_message (IMC_PLAN_ITEM_EDITION, plan->edition);

      g_set_error_literal (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE, message);
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
  /* Every item at least the edition's default (Ultimate always includes
   * unlimited audio-video groups), a count one of the catalog's tiers. */
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      gint value = imc_plan_get_item (plan, item);

      if (value < imc_plan_get_item (defaults, item) ||
          (self->tiers[item] != NULL && find_tier (self->tiers[item], value) == NULL))
        {
          g_autofree char *message = imc_plan_item_invalid_message (item, value);

          g_set_error_literal (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE, message);
          return FALSE;
        }
    }

  return TRUE;
}
