/* imc-connections-page.h: add, edit, test and remove connection profiles,
 * the page of the Connections dialog. Profiles go to GSettings, their
 * SecretId and SecretKey only to the keyring. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_CONNECTIONS_PAGE (imc_connections_page_get_type ())

G_DECLARE_FINAL_TYPE (ImcConnectionsPage, imc_connections_page, IMC, CONNECTIONS_PAGE, AdwPreferencesPage)

ImcConnectionsPage *imc_connections_page_new     (GSettings          *settings);
/* Shows the page in the platform's preferences dialog (imc-compat.h)
 * over the window of @parent. */
void                imc_connections_page_present (ImcConnectionsPage *self,
                                                  GtkWidget          *parent);

G_END_DECLS
