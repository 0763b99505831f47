/* imc-price-quote.h: the answer of InquiryPriceAppPlan: what a plan would
 * cost for the rest of this month (prorated by day) and per whole month. */
#pragma once

#include <json-glib/json-glib.h>

#include "imc-catalog.h"

G_BEGIN_DECLS

#define IMC_TYPE_PRICE_QUOTE (imc_price_quote_get_type ())

G_DECLARE_FINAL_TYPE (ImcPriceQuote, imc_price_quote, IMC, PRICE_QUOTE, GObject)

/* Prices @new_plan on top of @current as if applied at @now. */
ImcPriceQuote *imc_price_quote_new                 (ImcCatalog    *catalog,
                                                    const ImcPlan *current,
                                                    const ImcPlan *new_plan,
                                                    GDateTime     *now);
ImcPriceQuote *imc_price_quote_new_from_json       (JsonObject    *object,
                                                    GError       **error);
JsonNode      *imc_price_quote_to_json             (ImcPriceQuote *self);

const ImcPlan *imc_price_quote_get_plan            (ImcPriceQuote *self);
const char    *imc_price_quote_get_currency        (ImcPriceQuote *self);
gint64         imc_price_quote_get_current_month_amount (ImcPriceQuote *self);
gint64         imc_price_quote_get_monthly_amount  (ImcPriceQuote *self);
gint           imc_price_quote_get_days_left       (ImcPriceQuote *self);
gint           imc_price_quote_get_days_in_month   (ImcPriceQuote *self);
/* Monthly price of each item of the plan (IMC_PLAN_ITEM_EDITION is the
 * edition's own price); 0 for items at the edition's default. */
gint64         imc_price_quote_get_line_amount     (ImcPriceQuote *self,
                                                    ImcPlanItem    item);

G_END_DECLS
