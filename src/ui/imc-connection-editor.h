/* imc-connection-editor.h: add or edit one connection profile (name,
 * endpoint, region, SecretId, SecretKey), test it, and save it: the
 * profile to GSettings, its SecretId and SecretKey to the keyring. A
 * subpage of the Connections dialog. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_CONNECTION_EDITOR (imc_connection_editor_get_type ())

G_DECLARE_FINAL_TYPE (ImcConnectionEditor, imc_connection_editor, IMC, CONNECTION_EDITOR, AdwPreferencesPage)

/* Edits @connection, or a new one when it is NULL; @settings holds the
 * "connections" list that Save updates. */
ImcConnectionEditor *imc_connection_editor_new     (GSettings           *settings,
                                                    ImcConnection       *connection);
/* Slides the editor in over @inside, a page of the Connections dialog, the
 * Name field focused. */
void                 imc_connection_editor_present (ImcConnectionEditor *self,
                                                    GtkWidget           *inside);
/* Cancels a pending test or save and slides the editor out, unless it is
 * closed already. Saving closes it too. */
void                 imc_connection_editor_close   (ImcConnectionEditor *self);

G_END_DECLS
