/* imc-session.c */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "imc-app-cache.h"
#include "imc-connection.h"
#include "imc-credentials.h"
#include "imc-plan-client-error.h"
#include "imc-session.h"

/* DescribeApps allows 100 a page. */
#define DEFAULT_PAGE_SIZE 100

struct _ImcSession
{
  GObject          parent_instance;

  ImcSandbox      *sandbox;
  GSettings       *settings;
  char            *connection_id;
  char            *connection_name;
  GCancellable    *connect_cancellable;
  GCancellable    *load_cancellable;
  ImcPlanClient   *client;
  ImcCatalog      *catalog;

  GListStore      *apps;
  /* The apps of the load under way, page by page. */
  GPtrArray       *incoming;
  guint            page_size;
  /* Every page is in, or the offline cache is shown. */
  gboolean         loaded;

  ImcSessionState  state;
  GError          *error;
  GDateTime       *offline_since;

  /* Casefolded and trimmed, or NULL; the filters are -1 for all. */
  char            *needle;
  int              edition;
  int              status;
};

G_DEFINE_FINAL_TYPE (ImcSession, imc_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ImcSessionState, imc_session_state,
  G_DEFINE_ENUM_VALUE (IMC_SESSION_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (IMC_SESSION_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (IMC_SESSION_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (IMC_SESSION_STATE_OFFLINE, "offline"))

enum {
  PROP_0,
  PROP_SANDBOX,
  PROP_CONNECTION_ID,
  PROP_CONNECTION_NAME,
  PROP_CLIENT,
  PROP_CATALOG,
  PROP_STATE,
  PROP_ERROR,
  PROP_OFFLINE_SINCE,
  N_PROPS
};

enum {
  APPS_LOADED,
  FILTER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Uninstalled runs without the compiled schema still work, without
   * remembering anything. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not found; settings are not saved", APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* One change of state, with its error and cache time, notified together
 * so that a listener to "state" sees them all. */
static void
set_state (ImcSession      *self,
           ImcSessionState  state,
           const GError    *error,
           GDateTime       *offline_since)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->error != error)
    {
      g_clear_error (&self->error);
      if (error != NULL)
        self->error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (self->offline_since != offline_since)
    {
      g_clear_pointer (&self->offline_since, g_date_time_unref);
      if (offline_since != NULL)
        self->offline_since = g_date_time_ref (offline_since);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* The model empties first, so that a listener to "state" never sees the
 * apps of the load before in the loading state. */
static void
start_loading (ImcSession *self)
{
  self->loaded = FALSE;
  g_list_store_remove_all (self->apps);
  set_state (self, IMC_SESSION_STATE_LOADING, NULL, NULL);
}

static void
set_connection_name (ImcSession *self,
                     const char *name)
{
  if (g_strcmp0 (self->connection_name, name) == 0)
    return;
  g_free (self->connection_name);
  self->connection_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_NAME]);
}

ImcApp *
imc_session_find_app (ImcSession *self,
                      gint64      sdk_app_id)
{
  guint n;

  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->apps));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImcApp) app = g_list_model_get_item (G_LIST_MODEL (self->apps), i);

      if (imc_app_get_sdk_app_id (app) == sdk_app_id)
        return app;
    }
  return NULL;
}

/* Keeps the ImcApp objects of apps that are still there, so open pages and
 * cards follow the refresh. */
static void
merge_apps (ImcSession *self,
            GPtrArray  *fresh)
{
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->apps));

  /* One pass over the shown apps, not one per fresh app: 10,000 apps
   * refresh in linear time. */
  for (guint i = 0; i < n; i++)
    {
      ImcApp *app = g_list_model_get_item (G_LIST_MODEL (self->apps), i);
      gint64 *id = g_new (gint64, 1);

      *id = imc_app_get_sdk_app_id (app);
      g_hash_table_insert (by_id, id, app);
    }

  for (guint i = 0; i < fresh->len; i++)
    {
      ImcApp *app = g_ptr_array_index (fresh, i);
      gint64 id = imc_app_get_sdk_app_id (app);
      ImcApp *existing = g_hash_table_lookup (by_id, &id);

      if (existing != NULL)
        {
          imc_app_update_from (existing, app);
          g_ptr_array_add (merged, g_object_ref (existing));
        }
      else
        g_ptr_array_add (merged, g_object_ref (app));
    }

  g_list_store_splice (self->apps, 0, n, merged->pdata, merged->len);
}

/* After a failed load: the last apps fetched from this connection, read
 * only, or the failed state when there are none. */
static void
load_failed (ImcSession   *self,
             const GError *error)
{
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GDateTime) fetched = NULL;
  g_autoptr(GError) cache_error = NULL;

  if (self->connection_id != NULL)
    cached = imc_app_cache_load (self->connection_id, &fetched, &cache_error);
  if (cached == NULL)
    {
      if (cache_error != NULL && !g_error_matches (cache_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("No usable cache of apps: %s", cache_error->message);
      set_state (self, IMC_SESSION_STATE_FAILED, error, NULL);
      return;
    }

  merge_apps (self, cached);
  self->loaded = TRUE;
  set_state (self, IMC_SESSION_STATE_OFFLINE, error, fetched);
}

/* All pages are in: reconcile and cache. */
static void
apps_complete (ImcSession *self)
{
  g_autoptr(GPtrArray) apps = g_steal_pointer (&self->incoming);

  /* A first load already holds every page as it came; a refresh swaps the
   * list in one go, keeping the objects of apps that are still there. */
  if (self->loaded)
    merge_apps (self, apps);
  self->loaded = TRUE;
  set_state (self, IMC_SESSION_STATE_READY, NULL, NULL);

  if (self->connection_id != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GError) cache_error = NULL;

      if (!imc_app_cache_save (self->connection_id, apps, now, &cache_error))
        g_debug ("Could not cache the apps: %s", cache_error->message);
    }

  g_signal_emit (self, signals[APPS_LOADED], 0);
}

static void request_page (ImcSession *self);

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImcSession *self = user_data;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  page = imc_plan_client_describe_apps_finish (IMC_PLAN_CLIENT (source), result, &total, &error);
  /* Not cancelled: the session lives (dispose cancels). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (page == NULL)
    {
      g_debug ("Loading apps failed: %s", error->message);
      g_clear_pointer (&self->incoming, g_ptr_array_unref);
      load_failed (self, error);
      return;
    }

  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (self->incoming, g_object_ref (g_ptr_array_index (page, i)));

  /* On a first load the apps come in page by page, so a large account is
   * usable at once. */
  if (!self->loaded)
    g_list_store_splice (self->apps, g_list_model_get_n_items (G_LIST_MODEL (self->apps)), 0,
                         page->pdata, page->len);

  /* An empty page ends the walk even if apps vanished meanwhile. */
  if (page->len == 0 || self->incoming->len >= total)
    apps_complete (self);
  else
    request_page (self);
}

static void
request_page (ImcSession *self)
{
  imc_plan_client_describe_apps_async (self->client, self->incoming->len, self->page_size, NULL, NULL,
                                       self->load_cancellable, page_loaded_cb, self);
}

static void
catalog_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ImcSession *self = user_data;
  g_autoptr(ImcCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = imc_plan_client_describe_plan_catalog_finish (IMC_PLAN_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (catalog == NULL)
    {
      load_failed (self, error);
      return;
    }

  if (g_set_object (&self->catalog, catalog))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  self->incoming = g_ptr_array_new_with_free_func (g_object_unref);
  request_page (self);
}

/* The catalog, then the apps page by page. */
static void
load_apps (ImcSession *self)
{
  if (self->client == NULL)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  /* A refresh keeps the apps it has; only a first load starts empty. */
  if (!self->loaded || self->state == IMC_SESSION_STATE_FAILED)
    start_loading (self);

  imc_plan_client_describe_plan_catalog_async (self->client, self->load_cancellable,
                                               catalog_loaded_cb, self);
}

static void
use_client (ImcSession    *self,
            ImcPlanClient *client)
{
  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  self->loaded = FALSE;
  load_apps (self);
}

/* A connection attempt ended with a client, or with @error. */
static void
connected (ImcSession    *self,
           ImcPlanClient *client,
           const GError  *error)
{
  if (client == NULL)
    {
      start_loading (self);
      load_failed (self, error);
      return;
    }
  use_client (self, client);
}

static void
sandbox_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = imc_sandbox_start_finish (IMC_SANDBOX (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the session lives (dispose cancels). */
  if (error != NULL)
    g_warning ("Local sandbox: %s", error->message);
  connected (IMC_SESSION (user_data), client, error);
}

typedef struct
{
  ImcSession    *self;
  ImcConnection *connection;
} Lookup;

static void
credentials_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(ImcConnection) connection = lookup->connection;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *secret_key = NULL;
  g_autoptr(ImcPlanClient) client = NULL;
  ImcSession *self = lookup->self;
  gboolean found;

  g_free (lookup);
  found = imc_credentials_lookup_finish (result, &secret_id, &secret_key, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL && !found)
    error = g_error_new_literal (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_NO_CREDENTIALS,
                                 "No credentials in the keyring");
  if (error == NULL)
    client = imc_plan_client_new (imc_connection_get_endpoint (connection),
                                  imc_connection_get_region (connection),
                                  secret_id, secret_key);
  connected (self, client, error);
}

/* The user's profile @id, or NULL for the sandbox and profiles gone. */
static ImcConnection *
find_connection (ImcSession *self,
                 const char *id)
{
  g_autoptr(GPtrArray) connections = NULL;

  if (self->settings == NULL || g_str_equal (id, IMC_SANDBOX_PROFILE))
    return NULL;

  connections = imc_connections_load (self->settings);
  for (guint i = 0; i < connections->len; i++)
    if (g_str_equal (imc_connection_get_id (g_ptr_array_index (connections, i)), id))
      return g_object_ref (g_ptr_array_index (connections, i));
  return NULL;
}

static void
set_connection_id (ImcSession *self,
                   const char *id)
{
  /* @id may be self->connection_id itself: copy first. */
  char *copy = g_strdup (id);

  g_free (self->connection_id);
  self->connection_id = copy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_ID]);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-connection", self->connection_id);
}

void
imc_session_connect (ImcSession *self,
                     const char *connection_id)
{
  g_autoptr(ImcConnection) connection = NULL;

  g_return_if_fail (IMC_IS_SESSION (self));

  if (connection_id == NULL || *connection_id == '\0')
    connection_id = IMC_SANDBOX_PROFILE;
  connection = find_connection (self, connection_id);
  /* A profile that is gone falls back to the sandbox. */
  set_connection_id (self, connection != NULL ? connection_id : IMC_SANDBOX_PROFILE);

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  g_cancellable_cancel (self->load_cancellable);
  if (g_set_object (&self->client, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  set_connection_name (self, connection != NULL ? imc_connection_get_name (connection) : _("Local sandbox"));
  start_loading (self);

  if (connection != NULL)
    {
      Lookup *lookup = g_new0 (Lookup, 1);

      lookup->self = self;
      lookup->connection = g_steal_pointer (&connection);
      imc_credentials_lookup_async (imc_connection_get_id (lookup->connection), self->connect_cancellable,
                                    credentials_cb, lookup);
    }
  else if (self->sandbox != NULL)
    imc_sandbox_start_async (self->sandbox, self->connect_cancellable, sandbox_started_cb, self);
  else
    {
      g_autoptr(GError) error = g_error_new_literal (IMC_PLAN_CLIENT_ERROR,
                                                     IMC_PLAN_CLIENT_ERROR_SANDBOX_FAILED,
                                                     "No local sandbox");
      set_state (self, IMC_SESSION_STATE_FAILED, error, NULL);
    }
}

void
imc_session_set_client (ImcSession    *self,
                        ImcPlanClient *client,
                        const char    *connection_name)
{
  g_return_if_fail (IMC_IS_SESSION (self));
  g_return_if_fail (client == NULL || IMC_IS_PLAN_CLIENT (client));

  /* This client, not one a connection attempt under way would bring. */
  g_cancellable_cancel (self->connect_cancellable);
  if (connection_name != NULL)
    set_connection_name (self, connection_name);
  use_client (self, client);
}

void
imc_session_reload (ImcSession *self)
{
  g_return_if_fail (IMC_IS_SESSION (self));

  /* Without a client (the sandbox did not start, no credentials) or with a
   * sandbox server that died, Retry means connecting again. */
  if (self->connection_id != NULL &&
      (self->client == NULL ||
       (g_str_equal (self->connection_id, IMC_SANDBOX_PROFILE) &&
        self->sandbox != NULL && !imc_sandbox_is_running (self->sandbox))))
    {
      g_autofree char *id = g_strdup (self->connection_id);

      imc_session_connect (self, id);
      return;
    }
  load_apps (self);
}

gboolean
imc_session_match_app (ImcSession *self,
                       ImcApp     *app)
{
  g_autofree char *name = NULL;
  char id[32];

  g_return_val_if_fail (IMC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (IMC_IS_APP (app), FALSE);

  if (self->edition >= 0 && imc_app_get_edition (app) != (ImcEdition) self->edition)
    return FALSE;
  if (self->status >= 0 && imc_app_get_status (app) != (ImcAppStatus) self->status)
    return FALSE;
  if (self->needle == NULL)
    return TRUE;

  name = g_utf8_casefold (imc_app_get_name (app), -1);
  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, imc_app_get_sdk_app_id (app));
  return strstr (name, self->needle) != NULL || strstr (id, self->needle) != NULL;
}

void
imc_session_set_search_text (ImcSession *self,
                             const char *text)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (IMC_IS_SESSION (self));

  g_clear_pointer (&self->needle, g_free);
  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed != '\0')
    self->needle = g_utf8_casefold (trimmed, -1);
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

void
imc_session_set_filters (ImcSession *self,
                         int         edition,
                         int         status)
{
  g_return_if_fail (IMC_IS_SESSION (self));

  if (self->edition == edition && self->status == status)
    return;
  self->edition = edition;
  self->status = status;
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

void
imc_session_set_page_size (ImcSession *self,
                           guint       page_size)
{
  g_return_if_fail (IMC_IS_SESSION (self));
  g_return_if_fail (page_size >= 1 && page_size <= 100);

  self->page_size = page_size;
}

GSettings *
imc_session_get_settings (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);
  return self->settings;
}

char *
imc_session_get_last_connection (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);

  if (self->settings == NULL)
    return g_strdup (IMC_SANDBOX_PROFILE);
  return g_settings_get_string (self->settings, "last-connection");
}

const char *
imc_session_get_connection_id (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);
  return self->connection_id != NULL ? self->connection_id : IMC_SANDBOX_PROFILE;
}

const char *
imc_session_get_connection_name (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);
  return self->connection_name;
}

ImcPlanClient *
imc_session_get_client (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);
  return self->client;
}

ImcCatalog *
imc_session_get_catalog (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);
  return self->catalog;
}

ImcSessionState
imc_session_get_state (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), IMC_SESSION_STATE_FAILED);
  return self->state;
}

const GError *
imc_session_get_error (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);
  return self->error;
}

GDateTime *
imc_session_get_offline_since (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);
  return self->offline_since;
}

GListModel *
imc_session_get_apps (ImcSession *self)
{
  g_return_val_if_fail (IMC_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->apps);
}

static void
imc_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ImcSession *self = IMC_SESSION (object);

  switch (prop_id)
    {
    case PROP_SANDBOX:
      g_value_set_object (value, self->sandbox);
      break;
    case PROP_CONNECTION_ID:
      g_value_set_string (value, imc_session_get_connection_id (self));
      break;
    case PROP_CONNECTION_NAME:
      g_value_set_string (value, self->connection_name);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_OFFLINE_SINCE:
      g_value_set_boxed (value, self->offline_since);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ImcSession *self = IMC_SESSION (object);

  switch (prop_id)
    {
    case PROP_SANDBOX:
      self->sandbox = g_value_dup_object (value);
      break;
    case PROP_CONNECTION_ID:
      imc_session_connect (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_session_dispose (GObject *object)
{
  ImcSession *self = IMC_SESSION (object);

  g_cancellable_cancel (self->connect_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->connect_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->catalog);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  if (self->apps != NULL)
    g_list_store_remove_all (self->apps);

  G_OBJECT_CLASS (imc_session_parent_class)->dispose (object);
}

static void
imc_session_finalize (GObject *object)
{
  ImcSession *self = IMC_SESSION (object);

  g_clear_object (&self->apps);
  g_clear_error (&self->error);
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_free (self->connection_id);
  g_free (self->connection_name);
  g_free (self->needle);

  G_OBJECT_CLASS (imc_session_parent_class)->finalize (object);
}

static void
imc_session_class_init (ImcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = imc_session_dispose;
  object_class->finalize = imc_session_finalize;
  object_class->get_property = imc_session_get_property;
  object_class->set_property = imc_session_set_property;

  properties[PROP_SANDBOX] =
    g_param_spec_object ("sandbox", NULL, NULL, IMC_TYPE_SANDBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION_ID] =
    g_param_spec_string ("connection-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION_NAME] =
    g_param_spec_string ("connection-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, IMC_TYPE_PLAN_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, IMC_TYPE_CATALOG,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, IMC_TYPE_SESSION_STATE, IMC_SESSION_STATE_LOADING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE_SINCE] =
    g_param_spec_boxed ("offline-since", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Every page of apps is in, after a first load or a refresh. */
  signals[APPS_LOADED] =
    g_signal_new ("apps-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The search text or a filter changed: match the apps again. */
  signals[FILTER_CHANGED] =
    g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
imc_session_init (ImcSession *self)
{
  self->apps = g_list_store_new (IMC_TYPE_APP);
  self->page_size = DEFAULT_PAGE_SIZE;
  self->state = IMC_SESSION_STATE_LOADING;
  self->edition = -1;
  self->status = -1;
  self->settings = load_settings ();
  self->connection_name = g_strdup (_("Local sandbox"));
}

ImcSession *
imc_session_new (ImcSandbox *sandbox)
{
  g_return_val_if_fail (sandbox == NULL || IMC_IS_SANDBOX (sandbox), NULL);

  return g_object_new (IMC_TYPE_SESSION, "sandbox", sandbox, NULL);
}
