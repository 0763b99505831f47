/* imc-session.h: the app's current connection and its apps, without GTK.
 *
 * A session turns a connection profile into a client (keyring credentials
 * and an ImcPlanClient, or the local sandbox, whose key stays in memory),
 * remembers the profile in GSettings "last-connection", loads the apps
 * page by page into a GListModel, falls back to the offline cache when the
 * server cannot be reached, and holds the search text and filters. The
 * window binds to its properties and model.
 */
#pragma once

#include <gio/gio.h>

#include "imc-plan-client.h"
#include "imc-sandbox.h"

G_BEGIN_DECLS

typedef enum
{
  /* Connecting, or the first load of the apps (cards may already be in
   * the model page by page). */
  IMC_SESSION_STATE_LOADING,
  /* Every page is in. A refresh keeps this state until it ends. */
  IMC_SESSION_STATE_READY,
  /* No connection or no apps, and no cache: see the "error" property. */
  IMC_SESSION_STATE_FAILED,
  /* The server cannot be reached: the model holds the cached apps as of
   * "offline-since", read only; "error" says why. */
  IMC_SESSION_STATE_OFFLINE,
} ImcSessionState;

#define IMC_TYPE_SESSION_STATE (imc_session_state_get_type ())
GType imc_session_state_get_type (void);

#define IMC_TYPE_SESSION (imc_session_get_type ())

G_DECLARE_FINAL_TYPE (ImcSession, imc_session, IMC, SESSION, GObject)

/* @sandbox: started for the "Local sandbox" connection; may be NULL (that
 * connection then fails). The application owns it so that it outlives
 * sessions. */
ImcSession      *imc_session_new                (ImcSandbox     *sandbox);

/* The app's GSettings, or NULL when its schema is not installed. */
GSettings       *imc_session_get_settings       (ImcSession     *self);
/* The connection to open on start (GSettings "last-connection"); free it. */
char            *imc_session_get_last_connection (ImcSession    *self);

/* Connects to the profile @connection_id (the sandbox for
 * IMC_SANDBOX_PROFILE, unknown ids or NULL), remembers it and loads its
 * apps. Same as setting "connection-id". */
void             imc_session_connect            (ImcSession     *self,
                                                 const char     *connection_id);
/* Uses @client for the current connection (its offline cache stays the
 * connection's) and loads its apps; @connection_name NULL keeps the name. */
void             imc_session_set_client         (ImcSession     *self,
                                                 ImcPlanClient  *client,
                                                 const char     *connection_name);
/* Loads the apps again; connects again when there is no client or the
 * sandbox server has died. */
void             imc_session_reload             (ImcSession     *self);

const char      *imc_session_get_connection_id  (ImcSession     *self);
const char      *imc_session_get_connection_name (ImcSession    *self);
ImcPlanClient   *imc_session_get_client         (ImcSession     *self);
/* The server's plan catalog, once loaded. */
ImcCatalog      *imc_session_get_catalog        (ImcSession     *self);
ImcSessionState  imc_session_get_state          (ImcSession     *self);
const GError    *imc_session_get_error          (ImcSession     *self);
/* When the cached apps shown offline were fetched, else NULL. */
GDateTime       *imc_session_get_offline_since  (ImcSession     *self);

/* The connection's apps (ImcApp), page by page on a first load; a refresh
 * swaps them in one go, keeping the objects of apps still there. */
GListModel      *imc_session_get_apps           (ImcSession     *self);
ImcApp          *imc_session_find_app           (ImcSession     *self,
                                                 gint64          sdk_app_id);
/* Apps per DescribeApps page (1..100, default 100). */
void             imc_session_set_page_size      (ImcSession     *self,
                                                 guint           page_size);

/* What the app list shows: a text matched against names and SDKAppIDs
 * (case-insensitive), an ImcEdition and an ImcAppStatus, -1 for all. */
void             imc_session_set_search_text    (ImcSession     *self,
                                                 const char     *text);
void             imc_session_set_filters        (ImcSession     *self,
                                                 int             edition,
                                                 int             status);
gboolean         imc_session_match_app          (ImcSession     *self,
                                                 ImcApp         *app);

G_END_DECLS
