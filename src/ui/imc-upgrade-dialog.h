/* imc-upgrade-dialog.h: Upgrade a Free app to Pro or Ultimate, with the
 * irreversible-upgrade confirmation before anything is sent. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"
#include "imc-compat.h"
#include "imc-plan-editor.h"

G_BEGIN_DECLS

#define IMC_TYPE_UPGRADE_DIALOG (imc_upgrade_dialog_get_type ())

/* The dialog's content; imc_upgrade_dialog_present() shows it in the
 * platform's dialog (imc-compat.h). */
G_DECLARE_FINAL_TYPE (ImcUpgradeDialog, imc_upgrade_dialog, IMC, UPGRADE_DIALOG, GtkWidget)

/* Emits "applied" (ImcApp *updated) after a successful upgrade, then
 * closes. */
ImcUpgradeDialog *imc_upgrade_dialog_new              (ImcPlanClient    *client,
                                                       ImcCatalog       *catalog,
                                                       ImcApp           *app);
/* Shows the dialog over the window of @parent. */
void              imc_upgrade_dialog_present          (ImcUpgradeDialog *self,
                                                       GtkWidget        *parent);
ImcPlanEditor    *imc_upgrade_dialog_get_editor       (ImcUpgradeDialog *self);
/* The confirmation open now, or NULL. */
ImcAlert         *imc_upgrade_dialog_get_confirmation (ImcUpgradeDialog *self);
gboolean          imc_upgrade_dialog_get_busy         (ImcUpgradeDialog *self);

G_END_DECLS
