/* imc-plan-editor.h: the edition and value-added items of a plan, chosen
 * from the catalog's tiers, with a live price preview. Shared by the
 * Upgrade and Modify feature configuration dialogs. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_PLAN_EDITOR (imc_plan_editor_get_type ())

G_DECLARE_FINAL_TYPE (ImcPlanEditor, imc_plan_editor, IMC, PLAN_EDITOR, GtkWidget)

typedef enum {
  IMC_PLAN_EDITOR_MODE_UPGRADE,
  IMC_PLAN_EDITOR_MODE_MODIFY,
} ImcPlanEditorMode;

GtkWidget     *imc_plan_editor_new               (void);
/* Upgrade starts at Pro with its defaults; Modify starts at @app's plan
 * with the items locked this month insensitive. */
void           imc_plan_editor_setup             (ImcPlanEditor     *self,
                                                  ImcPlanClient     *client,
                                                  ImcCatalog        *catalog,
                                                  ImcApp            *app,
                                                  ImcPlanEditorMode  mode);
void           imc_plan_editor_get_plan          (ImcPlanEditor     *self,
                                                  ImcPlan           *out_plan);
/* Items whose value differs from @app's current plan. */
guint          imc_plan_editor_get_changed_items (ImcPlanEditor     *self);
/* "Fees for this month are charged by day: ..." for a confirmation. */
char          *imc_plan_editor_describe_price    (ImcPlanEditor     *self);
/* One line per changed item: "Max groups per user: 500 → 1,000". */
char          *imc_plan_editor_describe_changes  (ImcPlanEditor     *self);

G_END_DECLS
