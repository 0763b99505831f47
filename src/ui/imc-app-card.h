/* imc-app-card.h: one app in the grid of apps. */
#pragma once

#include <gtk/gtk.h>

#include "imc-core.h"

G_BEGIN_DECLS

#define IMC_TYPE_APP_CARD (imc_app_card_get_type ())

G_DECLARE_FINAL_TYPE (ImcAppCard, imc_app_card, IMC, APP_CARD, GtkWidget)

GtkWidget *imc_app_card_new     (void);
ImcApp    *imc_app_card_get_app (ImcAppCard *self);
void       imc_app_card_set_app (ImcAppCard *self,
                                 ImcApp     *app);

G_END_DECLS
