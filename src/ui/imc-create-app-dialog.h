/* imc-create-app-dialog.h: Create App: a name, and a new app with the Free
 * edition. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_CREATE_APP_DIALOG (imc_create_app_dialog_get_type ())

/* The dialog's content; imc_create_app_dialog_present() shows it in the
 * platform's dialog (imc-compat.h). */
G_DECLARE_FINAL_TYPE (ImcCreateAppDialog, imc_create_app_dialog, IMC, CREATE_APP_DIALOG, GtkWidget)

/* Sends CreateApp with the name typed; then emits "created" (gint64
 * sdk_app_id) or "failed" (GError *, for the window to show) and closes.
 * The read-only property "busy" is TRUE while CreateApp runs. */
ImcCreateAppDialog *imc_create_app_dialog_new      (ImcPlanClient      *client);
/* Shows the dialog over the window of @parent, the name field focused. */
void                imc_create_app_dialog_present  (ImcCreateAppDialog *self,
                                                    GtkWidget          *parent);

G_END_DECLS
