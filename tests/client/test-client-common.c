/* test-client-common.c: what the client test programs share; see
 * test-client-common.h. */
#include "config.h"

#include <string.h>

#include "test-client-common.h"

/* --- synchronous wrappers ------------------------------------------------ */

const ImcPlan imc_test_pro_1000 = {
  .edition = IMC_EDITION_PRO,
  .unlimited_av_groups = FALSE,
  .max_groups_per_user = 1000,
  .max_members_per_group = 200,
};

gint64
imc_test_create_app (ImcPlanClient *client,
                     const char    *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  RUN (result, imc_plan_client_create_app_async (client, name, NULL, WAITER));
  id = imc_plan_client_create_app_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >=, 1400000000);
  return id;
}

ImcApp *
imc_test_describe_app (ImcPlanClient *client,
                       gint64         id,
                       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, imc_plan_client_describe_app_async (client, id, NULL, WAITER));
  return imc_plan_client_describe_app_finish (client, result, error);
}

ImcApp *
imc_test_upgrade (ImcPlanClient *client,
                  gint64         id,
                  const ImcPlan *plan,
                  GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, imc_plan_client_upgrade_app_plan_async (client, id, plan, NULL, WAITER));
  return imc_plan_client_upgrade_app_plan_finish (client, result, error);
}

ImcApp *
imc_test_modify (ImcPlanClient        *client,
                 gint64                id,
                 const ImcPlanRequest *request,
                 GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, imc_plan_client_modify_app_plan_async (client, id, request, NULL, WAITER));
  return imc_plan_client_modify_app_plan_finish (client, result, error);
}

GPtrArray *
imc_test_operation_logs (ImcPlanClient *client,
                         gint64         id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *logs;
  guint total = 0;

  RUN (result, imc_plan_client_describe_app_operation_logs_async (client, id, 0, 100, NULL, WAITER));
  logs = imc_plan_client_describe_app_operation_logs_finish (client, result, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, logs->len);
  return logs;
}

guint
imc_test_count_actions (GPtrArray  *logs,
                        const char *action)
{
  guint n = 0;

  for (guint i = 0; i < logs->len; i++)
    if (g_str_equal (imc_operation_log_get_action (g_ptr_array_index (logs, i)), action))
      n++;
  return n;
}

guint
imc_test_count_apps (ImcPlanClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  RUN (result, imc_plan_client_describe_apps_async (client, 0, 1, NULL, NULL, NULL, WAITER));
  apps = imc_plan_client_describe_apps_finish (client, result, &total, &error);
  g_assert_no_error (error);
  return total;
}

ImcPlanClient *
imc_test_start_sandbox (ImcSandbox *sandbox)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ImcPlanClient *client;

  RUN (result, imc_sandbox_start_async (sandbox, NULL, WAITER));
  client = imc_sandbox_start_finish (sandbox, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
  return client;
}

/* --- fault injection ----------------------------------------------------- */

static void
respond_json (SoupServerMessage *msg,
              const char        *json)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
forward (ImcTestFault      *fault,
         SoupServerMessage *msg,
         GBytes            *body)
{
  static const char *headers[] = {
    "X-TC-Action", "X-TC-Version", "X-TC-Timestamp", "X-TC-Region", "X-TC-Language",
    "Authorization",
  };
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  g_autoptr(SoupMessage) out = soup_message_new ("POST", fault->upstream_endpoint);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    if (soup_message_headers_get_one (in, headers[i]) != NULL)
      soup_message_headers_replace (soup_message_get_request_headers (out), headers[i],
                                    soup_message_headers_get_one (in, headers[i]));
  /* The raw Content-Type: it is a signed header, charset included. */
  soup_message_set_request_body_from_bytes (out, soup_message_headers_get_one (in, "Content-Type"), body);
  /* Blocking is fine: the upstream is another process. */
  answer = soup_session_send_and_read (fault->upstream, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (out), ==, SOUP_STATUS_OK);

  if (fault->requests == 1)
    {
      /* The write reached the server, but its answer is lost. */
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
fault_handler (SoupServer        *soup_server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ImcTestFault *fault = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *language;

  fault->requests++;
  language = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-TC-Language");
  g_ptr_array_add (fault->languages, g_strdup (language != NULL ? language : ""));
  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));

      if (json_object_has_member (object, "ClientToken"))
        g_ptr_array_add (fault->tokens, g_strdup (json_object_get_string_member (object, "ClientToken")));
    }

  switch (fault->mode)
    {
    case IMC_TEST_FAULT_STATUS_500:
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      break;
    case IMC_TEST_FAULT_GARBAGE:
      respond_json (msg, "<html>not json</html>");
      break;
    case IMC_TEST_FAULT_HANG:
      soup_server_message_pause (msg);
      g_ptr_array_add (fault->paused, g_object_ref (msg));
      break;
    case IMC_TEST_FAULT_UNKNOWN_CODE:
      respond_json (msg, "{\"Response\":{\"Error\":{\"Code\":\"FailedOperation.Weird\","
                         "\"Message\":\"weird\"},\"RequestId\":\"req-1\"}}");
      break;
    case IMC_TEST_FAULT_RATE_LIMIT_ONCE:
      if (fault->requests == 1)
        respond_json (msg, "{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\","
                           "\"Message\":\"slow down\"},\"RequestId\":\"req-2\"}}");
      else
        respond_json (msg, "{\"Response\":{\"SdkAppId\":1400000777,\"RequestId\":\"req-3\"}}");
      break;
    case IMC_TEST_FAULT_PROXY_DROP_FIRST:
      forward (fault, msg, body);
      break;
    case IMC_TEST_FAULT_NOT_FOUND:
      respond_json (msg, "{\"Response\":{\"Error\":{\"Code\":\"ResourceNotFound.App\","
                         "\"Message\":\"gone\"},\"RequestId\":\"req-4\"}}");
      break;
    default:
      g_assert_not_reached ();
    }
}

ImcTestFault *
imc_test_fault_new (ImcTestFaultMode mode)
{
  ImcTestFault *fault = g_new0 (ImcTestFault, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fault->mode = mode;
  fault->tokens = g_ptr_array_new_with_free_func (g_free);
  fault->languages = g_ptr_array_new_with_free_func (g_free);
  fault->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fault->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fault->server, NULL, fault_handler, fault, NULL);
  soup_server_listen_local (fault->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fault->server);
  fault->endpoint = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fault;
}

ImcPlanClient *
imc_test_fault_client (ImcTestFault *fault,
                       guint         attempts)
{
  ImcPlanClient *client = imc_plan_client_new (fault->endpoint, "ap-guangzhou", "AKIDtest", "key");

  imc_plan_client_set_retry_policy (client, attempts, 10);
  return client;
}

void
imc_test_fault_free (ImcTestFault *fault)
{
  /* Let paused requests finish before the server goes. */
  for (guint i = 0; i < fault->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (fault->paused, i);

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_unref (fault->paused);
  /* Let the server see the client's connections close (the client is
   * gone by now), so it frees them before it goes itself. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (fault->server);
  g_object_unref (fault->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fault->upstream);
  g_free (fault->upstream_endpoint);
  g_ptr_array_unref (fault->tokens);
  g_ptr_array_unref (fault->languages);
  g_free (fault->endpoint);
  g_free (fault);
}

/* --- the Secret Service -------------------------------------------------- */

/* A D-Bus monitor (org.freedesktop.DBus.Monitoring), which only receives. */
#define SECRETS_NAME "org.freedesktop.secrets"
#define MARKER_NAME "io.github.imconsole.ImConsole.Test.Marker"

/* What the filter saw; the filter runs in GDBus' worker thread, and may
 * still run just after it was removed, so it holds a reference. */
typedef struct
{
  GMutex     lock;
  GPtrArray *seen;
  int        marker_seen;
} MonitorLog;

static void
monitor_log_clear (MonitorLog *log)
{
  g_mutex_clear (&log->lock);
  g_ptr_array_unref (log->seen);
}

static void
monitor_log_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) monitor_log_clear);
}

struct _ImcTestSecretsMonitor
{
  GDBusConnection *connection;
  guint            filter_id;
  MonitorLog      *log;
};

static GDBusMessage *
secrets_monitor_filter (GDBusConnection *connection,
                        GDBusMessage    *message,
                        gboolean         incoming,
                        gpointer         user_data)
{
  MonitorLog *log = user_data;
  GVariant *body;
  g_autofree char *arg0 = NULL;

  /* What the monitor is sent are other connections' calls: never for it
   * to answer (a monitor that sends anything is disconnected). Replies to
   * its own calls pass. */
  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    return message;

  body = g_dbus_message_get_body (message);
  if (body != NULL && g_variant_n_children (body) > 0)
    {
      g_autoptr(GVariant) first = g_variant_get_child_value (body, 0);

      if (g_variant_is_of_type (first, G_VARIANT_TYPE_STRING))
        arg0 = g_variant_dup_string (first, NULL);
    }

  g_mutex_lock (&log->lock);
  if (g_strcmp0 (arg0, MARKER_NAME) == 0)
    {
      g_atomic_int_set (&log->marker_seen, TRUE);
      g_main_context_wakeup (NULL);
    }
  else
    g_ptr_array_add (log->seen,
                     g_strdup_printf ("%s: %s.%s (%s) to %s", g_dbus_message_get_sender (message),
                                      g_dbus_message_get_interface (message),
                                      g_dbus_message_get_member (message),
                                      arg0 ? arg0 : "", g_dbus_message_get_destination (message)));
  g_mutex_unlock (&log->lock);
  g_object_unref (message);
  return NULL;
}

static gboolean
marker_seen (gpointer data)
{
  return g_atomic_int_get (&((MonitorLog *) data)->marker_seen);
}

ImcTestSecretsMonitor *
imc_test_secrets_monitor_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  ImcTestSecretsMonitor *monitor = g_new0 (ImcTestSecretsMonitor, 1);
  const char *rules[] = {
    "type='method_call',destination='" SECRETS_NAME "'",
    "type='method_call',destination='org.freedesktop.DBus',arg0='" SECRETS_NAME "'",
    "type='method_call',destination='org.freedesktop.DBus',member='NameHasOwner',arg0='" MARKER_NAME "'",
    NULL,
  };

  g_assert_no_error (error);
  monitor->log = g_atomic_rc_box_new0 (MonitorLog);
  g_mutex_init (&monitor->log->lock);
  monitor->log->seen = g_ptr_array_new_with_free_func (g_free);
  monitor->connection = g_dbus_connection_new_for_address_sync (address,
                                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                                NULL, NULL, &error);
  g_assert_no_error (error);
  monitor->filter_id = g_dbus_connection_add_filter (monitor->connection, secrets_monitor_filter,
                                                     g_atomic_rc_box_acquire (monitor->log),
                                                     monitor_log_release);
  reply = g_dbus_connection_call_sync (monitor->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                                       g_variant_new ("(^asu)", rules, 0), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  return monitor;
}

/* Sends a marker through the process's session bus connection (the one
 * libsecret uses) and waits until the monitor has seen it: whatever this
 * process sent the Secret Service before has been seen by then. Returns
 * what was seen, "" for nothing, and ends the monitor. */
char *
imc_test_secrets_monitor_finish (ImcTestSecretsMonitor *monitor)
{
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  char *seen;

  reply = g_dbus_connection_call_sync (session, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", MARKER_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  imc_test_iterate_until (marker_seen, monitor->log);

  g_mutex_lock (&monitor->log->lock);
  g_ptr_array_add (monitor->log->seen, NULL);
  seen = g_strjoinv ("\n", (char **) monitor->log->seen->pdata);
  g_mutex_unlock (&monitor->log->lock);

  g_dbus_connection_remove_filter (monitor->connection, monitor->filter_id);
  g_dbus_connection_close_sync (monitor->connection, NULL, NULL);
  g_object_unref (monitor->connection);
  monitor_log_release (monitor->log);
  g_free (monitor);
  return seen;
}

gboolean
imc_test_secret_service_running (void)
{
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean running = FALSE;

  reply = g_dbus_connection_call_sync (session, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", SECRETS_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &running);
  return running;
}
