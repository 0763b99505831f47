/* imc-plan-dialog.h: the plan dialog, in one of two modes: Upgrade a Free
 * app to Pro or Ultimate (with the irreversible-upgrade confirmation), or
 * Modify feature configuration of a Pro-postpaid or Ultimate-postpaid app
 * (with a confirmation naming every change). Nothing is sent before the
 * confirmation. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"
#include "imc-compat.h"
#include "imc-plan-editor.h"

G_BEGIN_DECLS

typedef enum {
  IMC_PLAN_DIALOG_MODE_UPGRADE,
  IMC_PLAN_DIALOG_MODE_MODIFY,
} ImcPlanDialogMode;

#define IMC_TYPE_PLAN_DIALOG_MODE (imc_plan_dialog_mode_get_type ())
GType imc_plan_dialog_mode_get_type (void) G_GNUC_CONST;

#define IMC_TYPE_PLAN_DIALOG (imc_plan_dialog_get_type ())

/* The dialog's content; imc_plan_dialog_present() shows it in the
 * platform's dialog (imc-compat.h). */
G_DECLARE_FINAL_TYPE (ImcPlanDialog, imc_plan_dialog, IMC, PLAN_DIALOG, GtkWidget)

/* Emits "applied" (ImcApp *updated) after a successful upgrade or change,
 * then closes. The read-only property "busy" is TRUE while the upgrade or
 * change is being sent. */
ImcPlanDialog     *imc_plan_dialog_new              (ImcPlanDialogMode  mode,
                                                     ImcPlanClient     *client,
                                                     ImcCatalog        *catalog,
                                                     ImcApp            *app);
/* Shows the dialog over the window of @parent. */
void               imc_plan_dialog_present          (ImcPlanDialog     *self,
                                                     GtkWidget         *parent);
ImcPlanDialogMode  imc_plan_dialog_get_mode         (ImcPlanDialog     *self);

G_END_DECLS
