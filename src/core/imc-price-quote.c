/* imc-price-quote.c */
#include "config.h"

#include "imc-billing.h"
#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-json.h"
#include "imc-price-quote.h"

struct _ImcPriceQuote
{
  GObject  parent_instance;

  ImcPlan  plan;
  char    *currency;
  gint64   current_month_amount;
  gint64   monthly_amount;
  gint     days_left;
  gint     days_in_month;
  gint64   lines[IMC_N_PLAN_ITEMS];
};

G_DEFINE_FINAL_TYPE (ImcPriceQuote, imc_price_quote, G_TYPE_OBJECT)

static void
imc_price_quote_finalize (GObject *object)
{
  ImcPriceQuote *self = IMC_PRICE_QUOTE (object);

  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (imc_price_quote_parent_class)->finalize (object);
}

static void
imc_price_quote_class_init (ImcPriceQuoteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_price_quote_finalize;
}

static void
imc_price_quote_init (ImcPriceQuote *self)
{
}

ImcPriceQuote *
imc_price_quote_new (ImcCatalog    *catalog,
                     const ImcPlan *current,
                     const ImcPlan *new_plan,
                     GDateTime     *now)
{
  ImcPriceQuote *self;

  g_return_val_if_fail (IMC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (current != NULL && new_plan != NULL && now != NULL, NULL);

  self = g_object_new (IMC_TYPE_PRICE_QUOTE, NULL);
  self->plan = *new_plan;
  self->currency = g_strdup (imc_catalog_get_currency (catalog));
  self->monthly_amount = imc_catalog_get_monthly_price (catalog, new_plan);
  self->current_month_amount = imc_billing_rest_of_month (catalog, current, new_plan, now,
                                                          &self->days_left,
                                                          &self->days_in_month);
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    self->lines[i] = imc_catalog_get_item_price (catalog, new_plan, i);
  return self;
}

static ImcPriceQuote *
bad_value (GError     **error,
           const char  *member)
{
  g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
               _("The parameter “%s” has a value that is not allowed."), member);
  return NULL;
}

ImcPriceQuote *
imc_price_quote_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(ImcPriceQuote) self = g_object_new (IMC_TYPE_PRICE_QUOTE, NULL);
  const char *currency = NULL;
  JsonArray *lines = NULL;

  if (!imc_json_get_plan (object, "Plan", TRUE, &self->plan, NULL, error)
      || !imc_json_get_string (object, "Currency", TRUE, &currency, NULL, error)
      || !imc_json_get_money (object, "CurrentMonthAmount", TRUE, &self->current_month_amount, NULL, error)
      || !imc_json_get_money (object, "MonthlyAmount", TRUE, &self->monthly_amount, NULL, error)
      || !imc_json_get_int32 (object, "DaysLeft", TRUE, &self->days_left, NULL, error)
      || !imc_json_get_int32 (object, "DaysInMonth", TRUE, &self->days_in_month, NULL, error)
      || !imc_json_get_array (object, "Lines", TRUE, &lines, NULL, error))
    return NULL;

  if (self->days_in_month < 28 || self->days_in_month > 31)
    return bad_value (error, "DaysInMonth");
  if (self->days_left < 1 || self->days_left > self->days_in_month)
    return bad_value (error, "DaysLeft");
  self->currency = g_strdup (currency);

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonNode *node = json_array_get_element (lines, i);
      const char *item_name = NULL;
      ImcPlanItem item;
      gint64 amount = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_value (error, "Lines");
      if (!imc_json_get_string (json_node_get_object (node), "Item", TRUE, &item_name, NULL, error)
          || !imc_json_get_money (json_node_get_object (node), "MonthlyAmount", TRUE, &amount, NULL, error))
        return NULL;
      if (!imc_plan_item_from_string (item_name, &item))
        return bad_value (error, "Item");
      self->lines[item] = amount;
    }

  return g_steal_pointer (&self);
}

JsonNode *
imc_price_quote_to_json (ImcPriceQuote *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (IMC_IS_PRICE_QUOTE (self), NULL);

  json_builder_begin_object (builder);
  imc_json_builder_add_plan (builder, "Plan", &self->plan);
  json_builder_set_member_name (builder, "Currency");
  json_builder_add_string_value (builder, self->currency);
  imc_json_builder_add_money (builder, "CurrentMonthAmount", self->current_month_amount);
  imc_json_builder_add_money (builder, "MonthlyAmount", self->monthly_amount);
  json_builder_set_member_name (builder, "DaysLeft");
  json_builder_add_int_value (builder, self->days_left);
  json_builder_set_member_name (builder, "DaysInMonth");
  json_builder_add_int_value (builder, self->days_in_month);
  json_builder_set_member_name (builder, "Lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Item");
      json_builder_add_string_value (builder, imc_plan_item_to_string (i));
      imc_json_builder_add_money (builder, "MonthlyAmount", self->lines[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const ImcPlan *
imc_price_quote_get_plan (ImcPriceQuote *self)
{
  g_return_val_if_fail (IMC_IS_PRICE_QUOTE (self), NULL);
  return &self->plan;
}

const char *
imc_price_quote_get_currency (ImcPriceQuote *self)
{
  g_return_val_if_fail (IMC_IS_PRICE_QUOTE (self), NULL);
  return self->currency;
}

gint64
imc_price_quote_get_current_month_amount (ImcPriceQuote *self)
{
  g_return_val_if_fail (IMC_IS_PRICE_QUOTE (self), 0);
  return self->current_month_amount;
}

gint64
imc_price_quote_get_monthly_amount (ImcPriceQuote *self)
{
  g_return_val_if_fail (IMC_IS_PRICE_QUOTE (self), 0);
  return self->monthly_amount;
}

gint
imc_price_quote_get_days_left (ImcPriceQuote *self)
{
  g_return_val_if_fail (IMC_IS_PRICE_QUOTE (self), 0);
  return self->days_left;
}

gint
imc_price_quote_get_days_in_month (ImcPriceQuote *self)
{
  g_return_val_if_fail (IMC_IS_PRICE_QUOTE (self), 0);
  return self->days_in_month;
}

gint64
imc_price_quote_get_line_amount (ImcPriceQuote *self,
                                 ImcPlanItem    item)
{
  g_return_val_if_fail (IMC_IS_PRICE_QUOTE (self), 0);
  g_return_val_if_fail (item < IMC_N_PLAN_ITEMS, 0);
  return self->lines[item];
}
