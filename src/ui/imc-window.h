/* imc-window.h: the main window: app cards and the Basic Configuration
 * page of the selected app. */
#pragma once

#include <adwaita.h>

#include "imc-app-page.h"
#include "imc-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_WINDOW (imc_window_get_type ())

G_DECLARE_FINAL_TYPE (ImcWindow, imc_window, IMC, WINDOW, AdwApplicationWindow)

ImcWindow     *imc_window_new              (AdwApplication *application);
/* Connects the window to a plan API and loads its apps. */
void           imc_window_set_client       (ImcWindow      *self,
                                            ImcPlanClient  *client,
                                            const char     *connection_name);
ImcPlanClient *imc_window_get_client       (ImcWindow      *self);
/* The local sandbox the "Local sandbox" connection starts. */
void           imc_window_set_sandbox      (ImcWindow      *self,
                                            ImcSandbox     *sandbox);
/* Connects to the profile @connection_id (the sandbox for
 * "local-sandbox", unknown ids or NULL) and remembers it in GSettings. */
void           imc_window_connect          (ImcWindow      *self,
                                            const char     *connection_id);
/* The connection to open on start (GSettings "last-connection"); free it. */
char          *imc_window_get_last_connection (ImcWindow   *self);
/* Shows the failed state for an error that happened before any client
 * existed (e.g. the local sandbox did not start). */
void           imc_window_show_error       (ImcWindow      *self,
                                            const GError   *error);
void           imc_window_reload           (ImcWindow      *self);
/* Opens the Basic Configuration page of @sdk_app_id once apps are loaded. */
void           imc_window_open_app         (ImcWindow      *self,
                                            gint64          sdk_app_id);
void           imc_window_show_toast       (ImcWindow      *self,
                                            const char     *text);

/* For tests: "loading", "empty", "failed", "no-results", "cards" or
 * "app" (the Basic Configuration page). */
const char    *imc_window_get_state        (ImcWindow      *self);
/* TRUE once the state's page is fully shown (no cross-fade running). */
gboolean       imc_window_get_state_settled (ImcWindow     *self);
GListModel    *imc_window_get_apps         (ImcWindow      *self);
ImcAppPage    *imc_window_get_app_page     (ImcWindow      *self);
GtkWidget     *imc_window_get_grid_view    (ImcWindow      *self);
void           imc_window_set_search_text  (ImcWindow      *self,
                                            const char     *text);
/* TRUE once every page of the connection's apps is in (or the offline
 * cache is shown). */
gboolean       imc_window_get_loaded       (ImcWindow      *self);
/* Apps per DescribeApps page (1..100, default 100). */
void           imc_window_set_page_size    (ImcWindow      *self,
                                            guint           page_size);
/* An ImcEdition and an ImcAppStatus to show only, or -1 for all. */
void           imc_window_set_filters      (ImcWindow      *self,
                                            int             edition,
                                            int             status);

G_END_DECLS
