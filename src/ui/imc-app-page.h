/* imc-app-page.h: the Basic Configuration page of one app. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_APP_PAGE (imc_app_page_get_type ())

G_DECLARE_FINAL_TYPE (ImcAppPage, imc_app_page, IMC, APP_PAGE, GtkWidget)

GtkWidget     *imc_app_page_new          (void);
/* The client and catalog used by the page's actions and dialogs. */
void           imc_app_page_set_context  (ImcAppPage    *self,
                                          ImcPlanClient *client,
                                          ImcCatalog    *catalog);
ImcApp        *imc_app_page_get_app      (ImcAppPage    *self);
/* Read only: offline data, every action off. */
void           imc_app_page_set_read_only (ImcAppPage   *self,
                                          gboolean       read_only);
/* Shows @app; actions update @app in place when they succeed. */
void           imc_app_page_set_app      (ImcAppPage    *self,
                                          ImcApp        *app);

G_END_DECLS
