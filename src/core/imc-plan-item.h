/* imc-plan-item.h: the plan items as data.
 *
 * One row per ImcPlanItem says everything the layers need to know of an
 * item: its name in the API and in the catalog, its key in the server's
 * item tables, the documents' edition defaults, where the catalog prices
 * it, and how the GUI names it. The rules, the JSON codecs, the store, the
 * client and the plan editor walk this table instead of naming items;
 * HACKING.md ("Add a plan item") lists the few places that still do.
 */
#pragma once

#include "imc-rules.h"
#include "imc-types.h"

G_BEGIN_DECLS

typedef enum {
  IMC_PLAN_ITEM_KIND_EDITION,  /* the edition itself (an ImcEdition) */
  IMC_PLAN_ITEM_KIND_SWITCH,   /* on or off; one monthly price when on above the default */
  IMC_PLAN_ITEM_KIND_TIERS,    /* a count chosen from the catalog's tiers */
} ImcPlanItemKind;

typedef struct {
  ImcPlanItem      item;
  ImcPlanItemKind  kind;
  /* JSON member in requests, apps, plans, logs and the catalog's editions. */
  const char      *api_name;
  /* item_key in the store's item tables (NULL for the edition: a column). */
  const char      *storage_key;
  /* Catalog member with the price ("…Price") or the tiers ("…Tiers"). */
  const char      *catalog_source;
  /* The documents' defaults per ImcEdition; the default catalog agrees
   * (a test checks) and the store reads them for rows older than the item. */
  gint             defaults[IMC_N_EDITIONS];
  /* Where the value lives (a gint or gboolean; ImcEdition for the edition). */
  gsize            plan_offset;
  gsize            request_has_offset;
  gsize            request_offset;
  /* Marked for translation: the row titles in the Upgrade and Modify dialogs. */
  const char      *upgrade_label;
  const char      *modify_label;
  /* Marked for translation: "… can be changed again on %s." (a date). */
  const char      *locked_message;
  /* Marked for translation: why a value is refused (%d: the value; not for switches). */
  const char      *invalid_message;
} ImcPlanItemInfo;

/* Rows in ImcPlanItem order, IMC_N_PLAN_ITEMS of them. */
const ImcPlanItemInfo *imc_plan_item_get_info        (ImcPlanItem           item);
/* The item whose storage_key is @key (FALSE: none, or the edition). */
gboolean               imc_plan_item_from_storage_key (const char           *key,
                                                      ImcPlanItem          *out);

/* Values: the edition as its enum value, a switch as 0 or 1, a count. */
gint                   imc_plan_get_item             (const ImcPlan        *plan,
                                                      ImcPlanItem           item);
void                   imc_plan_set_item             (ImcPlan              *plan,
                                                      ImcPlanItem           item,
                                                      gint                  value);
/* FALSE when the request leaves @item out. */
gboolean               imc_plan_request_get_item     (const ImcPlanRequest *request,
                                                      ImcPlanItem           item,
                                                      gint                 *out);
void                   imc_plan_request_set_item     (ImcPlanRequest       *request,
                                                      ImcPlanItem           item,
                                                      gint                  value);

/* Translated with the current (request's) language. */
const char            *imc_plan_item_get_label       (ImcPlanItem           item,
                                                      gboolean              modify);
char                  *imc_plan_item_locked_message  (ImcPlanItem           item,
                                                      const char           *date);
char                  *imc_plan_item_invalid_message (ImcPlanItem           item,
                                                      gint                  value);

G_END_DECLS
