/* imc-window.h: the main window: app cards and the Basic Configuration
 * page of the selected app, bound to an ImcSession. */
#pragma once

#include <adwaita.h>

#include "imc-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_WINDOW (imc_window_get_type ())

G_DECLARE_FINAL_TYPE (ImcWindow, imc_window, IMC, WINDOW, AdwApplicationWindow)

ImcWindow     *imc_window_new              (AdwApplication *application,
                                            ImcSession     *session);
/* Opens the Basic Configuration page of @sdk_app_id once apps are loaded. */
void           imc_window_open_app         (ImcWindow      *self,
                                            gint64          sdk_app_id);

G_END_DECLS
