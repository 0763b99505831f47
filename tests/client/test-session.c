/* test-session.c: ImcSession without a display, against the real
 * im-plan-server (the local sandbox on loopback, temporary database). */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "imc-client.h"
#include "imc-test-helpers.h"

static ImcTestServer server;

typedef struct
{
  ImcSession      *session;
  ImcSessionState  state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return imc_session_get_state (wait->session) == wait->state;
}

static void
wait_for_state (ImcSession      *session,
                ImcSessionState  state)
{
  StateWait wait = { session, state };

  imc_test_iterate_until (state_is, &wait);
}

static GPtrArray *
all_apps (void)
{
  ImcTestWaiter waiter = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *apps;

  imc_plan_client_describe_all_apps_async (server.client, NULL, imc_test_waiter_cb, &waiter);
  result = imc_test_waiter_wait (&waiter);
  apps = imc_plan_client_describe_all_apps_finish (server.client, result, &error);
  g_assert_no_error (error);
  return apps;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
items_added_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                guint      *batches)
{
  if (added > 0)
    (*batches)++;
}

static gboolean
loaded_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

static void
reset_settings (ImcSession *session)
{
  g_settings_reset (imc_session_get_settings (session), "connections");
  g_settings_reset (imc_session_get_settings (session), "last-connection");
}

/* Pages of two from the sandbox: the apps arrive page by page, all of
 * them once, and the session remembers the connection and caches them. */
static void
test_session_sandbox_pages (void)
{
  g_autoptr(ImcSession) session = imc_session_new (server.sandbox);
  g_autoptr(GPtrArray) expected = all_apps ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *cache = imc_app_cache_get_path (IMC_SANDBOX_PROFILE);
  g_autofree char *last = NULL;
  GListModel *apps = imc_session_get_apps (session);
  guint batches = 0, loaded = 0;

  g_assert_cmpuint (expected->len, >, 4);
  g_unlink (cache);
  g_signal_connect (apps, "items-changed", G_CALLBACK (items_added_cb), &batches);
  g_signal_connect (session, "apps-loaded", G_CALLBACK (count_cb), &loaded);
  imc_session_set_page_size (session, 2);
  imc_session_connect (session, NULL);
  g_assert_cmpint (imc_session_get_state (session), ==, IMC_SESSION_STATE_LOADING);
  g_assert_cmpstr (imc_session_get_connection_id (session), ==, IMC_SANDBOX_PROFILE);
  g_assert_cmpstr (imc_session_get_connection_name (session), ==, "Local sandbox");
  last = imc_session_get_last_connection (session);
  g_assert_cmpstr (last, ==, IMC_SANDBOX_PROFILE);

  wait_for_state (session, IMC_SESSION_STATE_READY);
  g_assert_cmpuint (loaded, ==, 1);
  g_assert_cmpuint (batches, ==, (expected->len + 1) / 2);
  g_assert_cmpuint (g_list_model_get_n_items (apps), ==, expected->len);
  for (guint i = 0; i < g_list_model_get_n_items (apps); i++)
    {
      g_autoptr(ImcApp) app = g_list_model_get_item (apps, i);
      gint64 *id = g_new (gint64, 1);

      *id = imc_app_get_sdk_app_id (app);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
  g_assert_null (imc_session_get_error (session));
  g_assert_nonnull (imc_session_get_client (session));
  g_assert_nonnull (imc_session_get_catalog (session));
  g_assert_true (g_file_test (cache, G_FILE_TEST_EXISTS));

  /* A refresh keeps the state and the objects of apps still there. */
  {
    g_autoptr(ImcApp) first = g_list_model_get_item (apps, 0);
    g_autoptr(ImcApp) after = NULL;

    imc_session_reload (session);
    g_assert_cmpint (imc_session_get_state (session), ==, IMC_SESSION_STATE_READY);
    g_assert_cmpuint (g_list_model_get_n_items (apps), ==, expected->len);
    imc_test_iterate_until (loaded_twice, &loaded);
    after = g_list_model_get_item (apps, 0);
    g_assert_true (first == after);
  }
  reset_settings (session);
}

/* An endpoint that refuses, no cache: failed, with the client's error. */
static void
test_session_failed (void)
{
  g_autoptr(ImcSession) session = imc_session_new (NULL);
  g_autoptr(ImcPlanClient) broken = imc_plan_client_new ("http://127.0.0.1:9/", "ap-guangzhou", "AKIDx", "y");
  g_autofree char *message = NULL;

  /* No sandbox to start: failed at once. */
  imc_session_connect (session, IMC_SANDBOX_PROFILE);
  g_assert_cmpint (imc_session_get_state (session), ==, IMC_SESSION_STATE_FAILED);
  g_assert_error (imc_session_get_error (session), IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_SANDBOX_FAILED);

  g_clear_object (&session);
  session = imc_session_new (NULL);
  imc_plan_client_set_retry_policy (broken, 1, 10);
  imc_session_set_client (session, broken, "Broken");
  g_assert_cmpint (imc_session_get_state (session), ==, IMC_SESSION_STATE_LOADING);
  g_assert_cmpstr (imc_session_get_connection_name (session), ==, "Broken");
  wait_for_state (session, IMC_SESSION_STATE_FAILED);
  g_assert_nonnull (imc_session_get_error (session));
  message = imc_plan_client_error_get_user_message (imc_session_get_error (session));
  g_assert_nonnull (strstr (message, "not running"));
  g_assert_null (imc_session_get_offline_since (session));
  g_assert_cmpuint (g_list_model_get_n_items (imc_session_get_apps (session)), ==, 0);
}

/* The sandbox loads (and is cached); then its endpoint cannot be reached:
 * offline, with the cached apps and the error. */
static void
test_session_offline (void)
{
  g_autoptr(ImcSession) session = imc_session_new (server.sandbox);
  g_autoptr(ImcPlanClient) broken = imc_plan_client_new ("http://127.0.0.1:9/", "ap-guangzhou", "AKIDx", "y");
  GListModel *apps = imc_session_get_apps (session);
  g_autoptr(ImcApp) first = NULL;
  guint n;

  imc_session_connect (session, IMC_SANDBOX_PROFILE);
  wait_for_state (session, IMC_SESSION_STATE_READY);
  n = g_list_model_get_n_items (apps);
  first = g_list_model_get_item (apps, 0);

  imc_plan_client_set_retry_policy (broken, 1, 10);
  imc_session_set_client (session, broken, NULL);
  g_assert_cmpstr (imc_session_get_connection_name (session), ==, "Local sandbox");
  wait_for_state (session, IMC_SESSION_STATE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (apps), ==, n);
  g_assert_nonnull (imc_session_find_app (session, imc_app_get_sdk_app_id (first)));
  g_assert_nonnull (imc_session_get_offline_since (session));
  g_assert_error (imc_session_get_error (session), IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_CONNECTION_REFUSED);

  /* Back on the sandbox: ready again, and the error is gone. */
  imc_session_connect (session, IMC_SANDBOX_PROFILE);
  wait_for_state (session, IMC_SESSION_STATE_READY);
  g_assert_null (imc_session_get_error (session));
  g_assert_null (imc_session_get_offline_since (session));
  reset_settings (session);
}

/* A profile needs its credentials from the keyring, which these tests do
 * not have; a profile that is gone falls back to the sandbox. */
static void
test_session_profile_without_keyring (void)
{
  g_autoptr(ImcSession) session = imc_session_new (server.sandbox);
  GSettings *settings = imc_session_get_settings (session);
  g_autofree char *last = NULL;
  g_autofree char *id = NULL;

  g_assert_nonnull (settings);
  g_settings_set_value (settings, "connections",
                        g_variant_new_parsed ("[('test-profile', 'Staging', 'http://127.0.0.1:9/', 'ap-guangzhou')]"));
  g_object_set (session, "connection-id", "test-profile", NULL);
  g_assert_cmpstr (imc_session_get_connection_name (session), ==, "Staging");
  last = g_settings_get_string (settings, "last-connection");
  g_assert_cmpstr (last, ==, "test-profile");
  wait_for_state (session, IMC_SESSION_STATE_FAILED);
  g_assert_error (imc_session_get_error (session), IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_KEYRING_UNAVAILABLE);
  g_assert_null (imc_session_get_client (session));

  /* Reload connects again: loading, then the same failure. */
  imc_session_reload (session);
  g_assert_cmpint (imc_session_get_state (session), ==, IMC_SESSION_STATE_LOADING);
  wait_for_state (session, IMC_SESSION_STATE_FAILED);

  g_settings_reset (settings, "connections");
  imc_session_connect (session, "test-profile");
  g_object_get (session, "connection-id", &id, NULL);
  g_assert_cmpstr (id, ==, IMC_SANDBOX_PROFILE);
  g_assert_cmpstr (imc_session_get_connection_name (session), ==, "Local sandbox");
  wait_for_state (session, IMC_SESSION_STATE_READY);
  reset_settings (session);
}

static guint
count_matches (ImcSession *session)
{
  GListModel *apps = imc_session_get_apps (session);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (apps); i++)
    {
      g_autoptr(ImcApp) app = g_list_model_get_item (apps, i);

      if (imc_session_match_app (session, app))
        n++;
    }
  return n;
}

/* Search by name (any case) or SDKAppID; filter by edition and status. */
static void
test_session_search (void)
{
  g_autoptr(ImcSession) session = imc_session_new (server.sandbox);
  g_autoptr(ImcApp) app = NULL;
  g_autofree char *shout = NULL;
  guint changes = 0, n;

  g_signal_connect (session, "filter-changed", G_CALLBACK (count_cb), &changes);
  imc_session_connect (session, IMC_SANDBOX_PROFILE);
  wait_for_state (session, IMC_SESSION_STATE_READY);
  n = g_list_model_get_n_items (imc_session_get_apps (session));
  g_assert_cmpuint (count_matches (session), ==, n);

  imc_session_set_search_text (session, " 1400000002 ");
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (count_matches (session), ==, 1);
  app = g_object_ref (imc_session_find_app (session, 1400000002));
  g_assert_true (imc_session_match_app (session, app));

  shout = g_utf8_strup (imc_app_get_name (app), -1);
  imc_session_set_search_text (session, shout);
  g_assert_true (imc_session_match_app (session, app));
  imc_session_set_search_text (session, "no app is called this");
  g_assert_cmpuint (count_matches (session), ==, 0);
  imc_session_set_search_text (session, "   ");
  g_assert_cmpuint (count_matches (session), ==, n);

  /* The demo has one disabled Free app, and no disabled Ultimate one. */
  imc_session_set_filters (session, IMC_EDITION_FREE, IMC_APP_STATUS_DISABLED);
  g_assert_cmpuint (count_matches (session), ==, 1);
  g_assert_true (imc_session_match_app (session, imc_session_find_app (session, 1400000005)));
  imc_session_set_filters (session, IMC_EDITION_ULTIMATE, IMC_APP_STATUS_DISABLED);
  g_assert_cmpuint (count_matches (session), ==, 0);
  imc_session_set_filters (session, -1, -1);
  g_assert_cmpuint (count_matches (session), ==, n);
  g_assert_cmpuint (changes, ==, 7);
  reset_settings (session);
}

static gboolean
sandbox_down (gpointer data)
{
  return !imc_sandbox_is_running (IMC_SANDBOX (data));
}

/* The sandbox server dies; reload starts a new one with a new client. */
static void
test_session_sandbox_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-session-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) sandbox = imc_sandbox_new (dir);
  g_autoptr(ImcSession) session = imc_session_new (sandbox);
  ImcPlanClient *before;
  GPid pid;

  imc_session_connect (session, IMC_SANDBOX_PROFILE);
  wait_for_state (session, IMC_SESSION_STATE_READY);
  before = imc_session_get_client (session);
  pid = imc_sandbox_get_server_pid (sandbox);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  imc_test_iterate_until (sandbox_down, sandbox);

  imc_session_reload (session);
  g_assert_cmpint (imc_session_get_state (session), ==, IMC_SESSION_STATE_LOADING);
  g_assert_null (imc_session_get_client (session));
  wait_for_state (session, IMC_SESSION_STATE_READY);
  g_assert_true (imc_session_get_client (session) != before);
  g_assert_cmpint (imc_sandbox_get_server_pid (sandbox), !=, pid);

  reset_settings (session);
  g_clear_object (&session);
  imc_sandbox_stop (sandbox);
  imc_test_remove_tree (dir);
}

/* Freed while a load runs: dispose cancels, and no callback touches it. */
static void
test_session_dispose_while_loading (void)
{
  ImcSession *session = imc_session_new (server.sandbox);
  ImcSession *weak = session;
  g_autoptr(GPtrArray) apps = NULL;

  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &weak);
  imc_session_set_client (session, server.client, NULL);
  g_assert_cmpint (imc_session_get_state (session), ==, IMC_SESSION_STATE_LOADING);
  g_object_unref (session);
  g_assert_null (weak);
  /* A request after it: the cancelled calls have completed by then. */
  apps = all_apps ();
  g_assert_cmpuint (apps->len, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* No session bus: the user's keyring is never touched, and a profile
   * sees the keyring-unavailable path. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  cache_dir = g_dir_make_tmp ("imc-session-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  imc_test_server_start (&server);

  g_test_add_func ("/session/sandbox-pages", test_session_sandbox_pages);
  g_test_add_func ("/session/failed", test_session_failed);
  g_test_add_func ("/session/offline", test_session_offline);
  g_test_add_func ("/session/profile-without-keyring", test_session_profile_without_keyring);
  g_test_add_func ("/session/search", test_session_search);
  g_test_add_func ("/session/sandbox-restart", test_session_sandbox_restart);
  g_test_add_func ("/session/dispose-while-loading", test_session_dispose_while_loading);

  ret = g_test_run ();
  imc_test_server_stop (&server);
  imc_test_remove_tree (cache_dir);
  return ret;
}
