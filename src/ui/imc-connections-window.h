/* imc-connections-window.h: add, edit, test and remove connection
 * profiles. Profiles go to GSettings, their SecretId and SecretKey only to
 * the keyring. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_CONNECTIONS_WINDOW (imc_connections_window_get_type ())

G_DECLARE_FINAL_TYPE (ImcConnectionsWindow, imc_connections_window, IMC, CONNECTIONS_WINDOW, AdwPreferencesWindow)

ImcConnectionsWindow *imc_connections_window_new (GtkWindow *parent,
                                                  GSettings *settings);

G_END_DECLS
