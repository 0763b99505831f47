/* imc-catalog.h: the plan catalog (editions, defaults, tiers, prices).
 *
 * Prices and tiers always come from a catalog (the server's
 * DescribePlanCatalog), never from constants in the GUI. The default catalog
 * is data/plan-catalog.json, compiled into libimc-core as a resource; its
 * prices are samples.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "imc-types.h"

G_BEGIN_DECLS

#define IMC_TYPE_CATALOG (imc_catalog_get_type ())

G_DECLARE_FINAL_TYPE (ImcCatalog, imc_catalog, IMC, CATALOG, GObject)

/* Errors are G_IO_ERROR_INVALID_DATA with a message naming the field. */
ImcCatalog    *imc_catalog_new_default          (void);
ImcCatalog    *imc_catalog_new_from_data        (const char    *data,
                                                 gssize         length,
                                                 GError       **error);
ImcCatalog    *imc_catalog_new_from_file        (const char    *path,
                                                 GError       **error);
/* Accepts the catalog object itself or a DescribePlanCatalog Response. */
ImcCatalog    *imc_catalog_new_from_json        (JsonObject    *object,
                                                 GError       **error);
/* The catalog as the DescribePlanCatalog response fields. */
JsonNode      *imc_catalog_to_json              (ImcCatalog    *self);

const char    *imc_catalog_get_currency         (ImcCatalog    *self);
gboolean       imc_catalog_get_sample_prices    (ImcCatalog    *self);
const char    *imc_catalog_get_note             (ImcCatalog    *self);

/* The plan a new app of @edition gets: the edition's defaults. */
const ImcPlan *imc_catalog_get_default_plan     (ImcCatalog    *self,
                                                 ImcEdition     edition);
gint64         imc_catalog_get_edition_price    (ImcCatalog    *self,
                                                 ImcEdition     edition);
/* Audio-video group cap when unlimited is off (50). */
gint           imc_catalog_get_av_group_cap     (ImcCatalog    *self);
/* -1 (unlimited) or the cap, for @plan. */
gint           imc_catalog_get_max_av_groups    (ImcCatalog    *self,
                                                 const ImcPlan *plan);
gint           imc_catalog_get_retention_days   (ImcCatalog    *self,
                                                 ImcEdition     edition);
/* Monthly fee for unlimited audio-video groups where it is not included. */
gint64         imc_catalog_get_unlimited_av_price (ImcCatalog  *self);
/* Most members any group type allows (6000); shown as a note in the GUI. */
gint           imc_catalog_get_group_type_member_limit (ImcCatalog *self);

/* Tiers of MaxGroupsPerUser or MaxMembersPerGroup, ascending. */
const gint    *imc_catalog_get_tiers            (ImcCatalog    *self,
                                                 ImcPlanItem    item,
                                                 guint         *n_tiers);
gboolean       imc_catalog_is_tier              (ImcCatalog    *self,
                                                 ImcPlanItem    item,
                                                 gint           value);
/* Monthly fee of a tier when it is above the edition's default; 0 at or
 * below the default; -1 when @value is not a tier. */
gint64         imc_catalog_get_tier_price       (ImcCatalog    *self,
                                                 ImcEdition     edition,
                                                 ImcPlanItem    item,
                                                 gint           value);
/* TRUE when @item of @plan is above its edition's default (costs extra). */
gboolean       imc_catalog_item_has_fee         (ImcCatalog    *self,
                                                 const ImcPlan *plan,
                                                 ImcPlanItem    item);
/* Monthly fee of one item of @plan (the edition's own price for
 * IMC_PLAN_ITEM_EDITION). */
gint64         imc_catalog_get_item_price       (ImcCatalog    *self,
                                                 const ImcPlan *plan,
                                                 ImcPlanItem    item);
/* Sum of all items: what a whole month of @plan costs. */
gint64         imc_catalog_get_monthly_price    (ImcCatalog    *self,
                                                 const ImcPlan *plan);
/* IMC_ERROR_INVALID_PARAMETER_VALUE unless every item is a tier at or
 * above the edition's default and Free/Ultimate items are what the
 * edition fixes. */
gboolean       imc_catalog_validate_plan        (ImcCatalog    *self,
                                                 const ImcPlan *plan,
                                                 GError       **error);

G_END_DECLS
