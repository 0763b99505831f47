/* imc-modify-dialog.h: Modify feature configuration of a Pro-postpaid or
 * Ultimate-postpaid app, confirmed before anything is sent. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"
#include "imc-compat.h"
#include "imc-plan-editor.h"

G_BEGIN_DECLS

#define IMC_TYPE_MODIFY_DIALOG (imc_modify_dialog_get_type ())

/* The dialog's content; imc_modify_dialog_present() shows it in the
 * platform's dialog (imc-compat.h). */
G_DECLARE_FINAL_TYPE (ImcModifyDialog, imc_modify_dialog, IMC, MODIFY_DIALOG, GtkWidget)

/* Emits "applied" (ImcApp *updated) after a successful change, then
 * closes. */
ImcModifyDialog *imc_modify_dialog_new              (ImcPlanClient   *client,
                                                     ImcCatalog      *catalog,
                                                     ImcApp          *app);
/* Shows the dialog over the window of @parent. */
void             imc_modify_dialog_present          (ImcModifyDialog *self,
                                                     GtkWidget       *parent);
ImcPlanEditor   *imc_modify_dialog_get_editor       (ImcModifyDialog *self);
/* The confirmation open now, or NULL. */
ImcAlert        *imc_modify_dialog_get_confirmation (ImcModifyDialog *self);
gboolean         imc_modify_dialog_get_busy         (ImcModifyDialog *self);

G_END_DECLS
