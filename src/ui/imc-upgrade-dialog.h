/* imc-upgrade-dialog.h: Upgrade a Free app to Pro or Ultimate, with the
 * irreversible-upgrade confirmation before anything is sent. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"
#include "imc-plan-editor.h"

G_BEGIN_DECLS

#define IMC_TYPE_UPGRADE_DIALOG (imc_upgrade_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ImcUpgradeDialog, imc_upgrade_dialog, IMC, UPGRADE_DIALOG, AdwWindow)

/* Emits "applied" (ImcApp *updated) after a successful upgrade. */
ImcUpgradeDialog *imc_upgrade_dialog_new              (GtkWindow        *parent,
                                                       ImcPlanClient    *client,
                                                       ImcCatalog       *catalog,
                                                       ImcApp           *app);
ImcPlanEditor    *imc_upgrade_dialog_get_editor       (ImcUpgradeDialog *self);
/* The confirmation open now, or NULL. */
AdwMessageDialog *imc_upgrade_dialog_get_confirmation (ImcUpgradeDialog *self);
gboolean          imc_upgrade_dialog_get_busy         (ImcUpgradeDialog *self);

G_END_DECLS
