/* imc-modify-dialog.h: Modify feature configuration of a Pro-postpaid or
 * Ultimate-postpaid app, confirmed before anything is sent. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"
#include "imc-plan-editor.h"

G_BEGIN_DECLS

#define IMC_TYPE_MODIFY_DIALOG (imc_modify_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ImcModifyDialog, imc_modify_dialog, IMC, MODIFY_DIALOG, AdwWindow)

/* Emits "applied" (ImcApp *updated) after a successful change. */
ImcModifyDialog *imc_modify_dialog_new              (GtkWindow        *parent,
                                                       ImcPlanClient    *client,
                                                       ImcCatalog       *catalog,
                                                       ImcApp           *app);
ImcPlanEditor    *imc_modify_dialog_get_editor       (ImcModifyDialog *self);
/* The confirmation open now, or NULL. */
AdwMessageDialog *imc_modify_dialog_get_confirmation (ImcModifyDialog *self);
gboolean          imc_modify_dialog_get_busy         (ImcModifyDialog *self);

G_END_DECLS
