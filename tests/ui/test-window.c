/* test-window.c: the main window: cards, search and filters, paging,
 * failure states, connections, the offline cache, New App, the shortcuts
 * window and a sandbox restart. */
#include "config.h"

#include <signal.h>

#include <libsoup/soup.h>

#include "test-ui-common.h"

/* --- the main window ----------------------------------------------------------- */

/* A window bound to a new session (which the window keeps). */
static ImcWindow *
window_new (ImcSandbox *sandbox)
{
  g_autoptr(ImcSession) session = imc_session_new (sandbox);

  return g_object_new (IMC_TYPE_WINDOW, "session", session, NULL);
}

static ImcSession *
window_session (ImcWindow *window)
{
  g_autoptr(ImcSession) session = NULL;

  g_object_get (window, "session", &session, NULL);
  /* The window holds another reference. */
  return session;
}

static GtkWidget *
window_child (ImcWindow  *window,
              const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, name));
}

/* "loading", "empty", "failed", "no-results", "cards" or "app" (the Basic
 * Configuration page). */
static const char *
window_state (ImcWindow *window)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (window_child (window, "main_stack"))), "app") == 0)
    return "app";
  return gtk_stack_get_visible_child_name (GTK_STACK (window_child (window, "list_stack")));
}

static ImcAppPage *
window_app_page (ImcWindow *window)
{
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (window_child (window, "main_stack")), "app");

  return page != NULL ? IMC_APP_PAGE (page) : NULL;
}

/* Types into the search bar; "search-changed" comes at once rather than
 * after the entry's delay. */
static void
search (ImcWindow  *window,
        const char *text)
{
  GtkWidget *entry = window_child (window, "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "search-changed");
}

typedef struct
{
  ImcWindow  *window;
  const char *state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return g_strcmp0 (window_state (wait->window), wait->state) == 0;
}

static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (IMC_IS_APP_CARD (widget) && imc_app_card_get_app (IMC_APP_CARD (widget)) != NULL)
    g_ptr_array_add (cards, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cards (child, cards);
}

static ImcAppCard *
find_card (ImcWindow *window,
           gint64     id)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();

  collect_cards (window_child (window, "grid_view"), cards);
  for (guint i = 0; i < cards->len; i++)
    {
      ImcAppCard *card = g_ptr_array_index (cards, i);

      if (imc_app_get_sdk_app_id (imc_app_card_get_app (card)) == id)
        return card;
    }
  return NULL;
}

static gboolean
card_shown (gpointer data)
{
  return find_card (IMC_WINDOW (data), 1400000002) != NULL;
}

/* The grid shows exactly the filtered apps once it has laid them out. */
static gboolean
card_list_settled (gpointer data)
{
  return find_card (IMC_WINDOW (data), 1400000005) != NULL &&
         find_card (IMC_WINDOW (data), 1400000000) == NULL;
}

static void
test_window_loads_cards (void)
{
  ImcWindow *window = window_new (NULL);
  StateWait wait = { window, "cards" };
  ImcAppCard *card;

  gtk_window_present (GTK_WINDOW (window));
  imc_session_set_client (window_session (window), ui_server.client, "Local sandbox");
  g_assert_cmpstr (window_state (window), ==, "loading");
  imc_test_iterate_until (state_is, &wait);
  g_assert_cmpuint (g_list_model_get_n_items (imc_session_get_apps (window_session (window))), >=, 5);

  /* Cards are real widgets bound to the server's apps. */
  imc_test_iterate_until (card_shown, window);
  card = find_card (window, 1400000002);
  g_assert_cmpstr (card_text (card, "plan_label"), ==, "Ultimate-postpaid");
  card = find_card (window, 1400000000);
  g_assert_nonnull (card);
  g_assert_cmpstr (card_text (card, "plan_label"), ==, "Free");

  /* Search by name or SDKAppID. */
  search (window, "1400000002");
  g_assert_cmpstr (window_state (window), ==, "cards");
  search (window, "no app is called this");
  g_assert_cmpstr (window_state (window), ==, "no-results");
  search (window, "");

  /* Filter by edition and status: the demo has one disabled Free app. */
  imc_session_set_filters (window_session (window), IMC_EDITION_FREE, IMC_APP_STATUS_DISABLED);
  g_assert_cmpstr (window_state (window), ==, "cards");
  imc_test_iterate_until (card_list_settled, window);
  g_assert_null (find_card (window, 1400000000));
  g_assert_nonnull (find_card (window, 1400000005));
  imc_session_set_filters (window_session (window), IMC_EDITION_ULTIMATE, IMC_APP_STATUS_DISABLED);
  g_assert_cmpstr (window_state (window), ==, "no-results");
  imc_session_set_filters (window_session (window), -1, -1);

  /* Phones and tiled halves: everything fits into 360 px (with GNOME's
   * window buttons: close only). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 360);

  /* --app opens the Basic Configuration page. */
  imc_window_open_app (window, 1400000001);
  g_assert_cmpstr (window_state (window), ==, "app");
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 360);
  g_assert_cmpint (imc_app_get_sdk_app_id (imc_app_page_get_app (window_app_page (window))), ==,
                   1400000001);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
done_paging (gpointer data)
{
  return imc_session_get_state (window_session (IMC_WINDOW (data))) == IMC_SESSION_STATE_READY;
}

typedef struct
{
  ImcWindow  *window;
  const char *name;
} AppOpenWait;

static gboolean
app_page_shows (gpointer data)
{
  AppOpenWait *wait = data;
  ImcAppPage *page = window_app_page (wait->window);
  ImcApp *app = page != NULL ? imc_app_page_get_app (page) : NULL;

  return g_strcmp0 (window_state (wait->window), "app") == 0 &&
         app != NULL && g_strcmp0 (imc_app_get_name (app), wait->name) == 0;
}

static gboolean
window_has_apps (gpointer data)
{
  StateWait *wait = data;

  return state_is (wait) && g_list_model_get_n_items (imc_session_get_apps (window_session (wait->window))) > 0;
}

/* Pages of two: the cards come in page by page, and all of them arrive. */
static void
test_window_paging (void)
{
  ImcWindow *window = window_new (NULL);
  StateWait wait = { window, "cards" };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GListModel *apps = imc_session_get_apps (window_session (window));

  RUN (result, imc_plan_client_describe_all_apps_async (ui_server.client, NULL, WAITER));
  all = imc_plan_client_describe_all_apps_finish (ui_server.client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 4);

  imc_session_set_page_size (window_session (window), 2);
  imc_session_set_client (window_session (window), ui_server.client, "Local sandbox");
  /* The first page shows before the last one is in. */
  imc_test_iterate_until (window_has_apps, &wait);
  g_assert_cmpuint (g_list_model_get_n_items (apps), <, all->len);

  imc_test_iterate_until (done_paging, window);
  g_assert_cmpuint (g_list_model_get_n_items (apps), ==, all->len);
  for (guint i = 0; i < g_list_model_get_n_items (apps); i++)
    {
      g_autoptr(ImcApp) app = g_list_model_get_item (apps, i);
      gint64 *id = g_new (gint64, 1);

      *id = imc_app_get_sdk_app_id (app);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Enter in @entry: its text emits "activate", as its key binding does. */
static void
press_enter (GtkWidget *entry)
{
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry)), "activate");
}

static guint
count_apps_named (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  guint n = 0;

  RUN (result, imc_plan_client_describe_all_apps_async (ui_server.client, NULL, WAITER));
  apps = imc_plan_client_describe_all_apps_finish (ui_server.client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < apps->len; i++)
    if (g_str_equal (imc_app_get_name (g_ptr_array_index (apps, i)), name))
      n++;
  return n;
}

static void
test_window_create_app (void)
{
  ImcWindow *window = window_new (NULL);
  StateWait wait = { window, "cards" };
  AppOpenWait open_wait = { window, "Created From The Window" };
  g_autoptr(ImcApp) on_server = NULL;
  ImcCreateAppDialog *dialog;
  GtkWidget *name_row, *create;
  ImcApp *app;

  gtk_window_present (GTK_WINDOW (window));
  imc_session_set_client (window_session (window), ui_server.client, "Local sandbox");
  imc_test_iterate_until (state_is, &wait);

  gtk_widget_activate_action (GTK_WIDGET (window), "window.create-app", NULL);
  dialog = find_create_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (min_width (GTK_WIDGET (dialog)), <=, 360);
  name_row = create_dialog_child (dialog, "name_row");
  create = create_dialog_child (dialog, "create_button");
  /* The name field has the focus. */
  imc_test_iterate_until (has_focus_within, name_row);

  /* Empty or blank is not a name: Create stays disabled, and Enter does
   * nothing. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "");
  g_assert_false (gtk_widget_is_sensitive (create));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "   ");
  g_assert_false (gtk_widget_is_sensitive (create));
  press_enter (name_row);
  g_assert_false (is_busy (dialog));
  g_assert_true (find_create_dialog () == dialog);

  /* A name: Create is enabled, and Enter creates the app (trimmed). */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "  Created From The Window ");
  g_assert_true (gtk_widget_is_sensitive (create));
  g_assert_cmpuint (count_apps_named (open_wait.name), ==, 0);
  press_enter (name_row);
  /* Sent once: Create and the name wait for the answer. */
  g_assert_true (is_busy (dialog));
  g_assert_false (gtk_widget_is_sensitive (create));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (name_row)));

  /* The new app opens at once, and the dialog is gone, not hidden. */
  imc_test_iterate_until (app_page_shows, &open_wait);
  imc_test_iterate_until (create_dialog_gone, NULL);
  g_assert_true (all_toplevels_shown (NULL));
  app = imc_app_page_get_app (window_app_page (window));
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_FREE);
  g_assert_cmpint (imc_app_get_status (app), ==, IMC_APP_STATUS_ENABLED);

  /* The server has it, Free and enabled, exactly once. */
  g_assert_cmpuint (count_apps_named (open_wait.name), ==, 1);
  on_server = fetch_app (imc_app_get_sdk_app_id (app));
  g_assert_cmpstr (imc_app_get_name (on_server), ==, open_wait.name);
  g_assert_cmpint (imc_app_get_edition (on_server), ==, IMC_EDITION_FREE);
  g_assert_cmpint (imc_app_get_status (on_server), ==, IMC_APP_STATUS_ENABLED);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_failed_state (void)
{
  ImcWindow *window = window_new (NULL);
  g_autoptr(ImcPlanClient) client = NULL;
  StateWait wait = { window, "failed" };
  AdwStatusPage *failed;

  /* Port 9 (discard) has no listener on loopback here: refused. */
  client = imc_plan_client_new ("http://127.0.0.1:9/", "ap-guangzhou", "AKIDx", "y");
  imc_plan_client_set_retry_policy (client, 1, 10);
  imc_session_set_client (window_session (window), client, "Broken");
  imc_test_iterate_until (state_is, &wait);

  failed = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, "failed_page"));
  g_assert_nonnull (strstr (adw_status_page_get_description (failed), "not running"));
  g_assert_null (strstr (adw_status_page_get_description (failed), "Error"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A server that is always over its rate limit. */
static void
rate_limited_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  static const char body[] =
    "{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\",\"Message\":\"slow down\"},"
    "\"RequestId\":\"00000000-0000-0000-0000-000000000001\"}}";
  guint *requests = user_data;

  (*requests)++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, sizeof body - 1);
}

static void
test_window_rate_limited (void)
{
  ImcWindow *window = window_new (NULL);
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  GSList *listeners;
  StateWait wait = { window, "failed" };
  AdwStatusPage *failed;
  guint requests = 0;

  soup_server_add_handler (soup, NULL, rate_limited_cb, &requests, NULL);
  g_assert_true (soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  listeners = soup_server_get_listeners (soup);
  local = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  g_assert_no_error (error);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u/",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  /* Two attempts: the client waits before the second (a second at least
   * for RequestLimitExceeded), then the window tells the user. */
  client = imc_plan_client_new (endpoint, "ap-guangzhou", "AKIDx", "y");
  imc_plan_client_set_retry_policy (client, 2, 10);
  imc_session_set_client (window_session (window), client, "Busy");
  imc_test_iterate_until (state_is, &wait);

  g_assert_cmpuint (requests, ==, 2);
  failed = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, "failed_page"));
  g_assert_nonnull (strstr (adw_status_page_get_description (failed), "too many requests"));
  g_assert_nonnull (strstr (adw_status_page_get_description (failed), "try again"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_connections (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  ImcWindow *window = window_new (ui_server.sandbox);
  StateWait wait = { window, "failed" };
  g_autofree char *last = NULL;
  g_autofree char *connection_id = NULL;
  AdwStatusPage *failed;
  const char *description;

  /* Without a keyring a profile cannot get its credentials, and the window
   * says so clearly. */
  g_settings_set_value (settings, "connections",
                        g_variant_new_parsed ("[('test-profile', 'Staging', 'http://127.0.0.1:9/', 'ap-guangzhou')]"));
  imc_session_connect (window_session (window), "test-profile");
  g_object_get (window, "connection-id", &connection_id, NULL);
  g_assert_cmpstr (connection_id, ==, "test-profile");
  imc_test_iterate_until (state_is, &wait);
  failed = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, "failed_page"));
  description = adw_status_page_get_description (failed);
  g_assert_nonnull (strstr (description, "The keyring is not available"));
  last = g_settings_get_string (settings, "last-connection");
  g_assert_cmpstr (last, ==, "test-profile");

  /* Retry connects again (there is no client to reload). */
  gtk_widget_activate_action (GTK_WIDGET (window), "window.refresh", NULL);
  g_assert_cmpstr (window_state (window), ==, "loading");
  imc_test_iterate_until (state_is, &wait);

  /* A profile that is gone falls back to the local sandbox. */
  g_settings_reset (settings, "connections");
  wait.state = "cards";
  imc_session_connect (window_session (window), "test-profile");
  g_clear_pointer (&connection_id, g_free);
  g_object_get (window, "connection-id", &connection_id, NULL);
  g_assert_cmpstr (connection_id, ==, "local-sandbox");
  imc_test_iterate_until (state_is, &wait);

  g_settings_reset (settings, "last-connection");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
offline_shown (gpointer data)
{
  GObject *bar = gtk_widget_get_template_child (GTK_WIDGET (data), IMC_TYPE_WINDOW, "offline_bar");

  return gtk_widget_get_visible (GTK_WIDGET (bar));
}

static void
test_window_offline_cache (void)
{
  ImcWindow *window = window_new (ui_server.sandbox);
  StateWait wait = { window, "cards" };
  g_autoptr(ImcPlanClient) broken = NULL;
  g_autofree char *cache = imc_app_cache_get_path ("local-sandbox");
  GtkWidget *page;
  guint n_apps;

  /* A successful load of the sandbox leaves its apps in the cache. */
  imc_session_connect (window_session (window), "local-sandbox");
  imc_test_iterate_until (state_is, &wait);
  g_assert_true (g_file_test (cache, G_FILE_TEST_EXISTS));
  n_apps = g_list_model_get_n_items (imc_session_get_apps (window_session (window)));
  g_assert_false (offline_shown (window));

  /* The same connection, now unreachable: the cached apps, read only. */
  broken = imc_plan_client_new ("http://127.0.0.1:9/", "ap-guangzhou", "AKIDx", "y");
  imc_plan_client_set_retry_policy (broken, 1, 10);
  imc_session_set_client (window_session (window), broken, NULL);
  imc_test_iterate_until (offline_shown, window);
  g_assert_cmpstr (window_state (window), ==, "cards");
  g_assert_cmpuint (g_list_model_get_n_items (imc_session_get_apps (window_session (window))), ==, n_apps);

  imc_window_open_app (window, 1400000000);
  page = GTK_WIDGET (window_app_page (window));
  g_assert_false (button_sensitive (page, "upgrade_button"));
  g_assert_false (button_sensitive (page, "modify_button"));

  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

    g_settings_reset (settings, "last-connection");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
sandbox_down (gpointer data)
{
  return !imc_sandbox_is_running (IMC_SANDBOX (data));
}

/* The sandbox server dies; Retry (F5) starts a new one. */
static void
test_window_sandbox_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-ui-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) sandbox = imc_sandbox_new (dir);
  ImcWindow *window = window_new (sandbox);
  StateWait wait = { window, "cards" };
  GPid pid;

  imc_session_connect (window_session (window), "local-sandbox");
  imc_test_iterate_until (state_is, &wait);

  pid = imc_sandbox_get_server_pid (sandbox);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  imc_test_iterate_until (sandbox_down, sandbox);

  gtk_widget_activate_action (GTK_WIDGET (window), "window.refresh", NULL);
  g_assert_cmpstr (window_state (window), ==, "loading");
  imc_test_iterate_until (state_is, &wait);
  g_assert_true (imc_sandbox_is_running (sandbox));
  g_assert_cmpint (imc_sandbox_get_server_pid (sandbox), !=, pid);
  g_assert_nonnull (imc_session_get_client (window_session (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  imc_sandbox_stop (sandbox);
  imc_test_remove_tree (dir);
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

    g_settings_reset (settings, "last-connection");
  }
}

/* The Keyboard Shortcuts window comes from the resources, and goes away
 * when closed rather than staying hidden (all_toplevels_shown()). */
static void
test_window_help_overlay (void)
{
  ImcWindow *window = window_new (NULL);
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *overlay = NULL;
  GType shortcuts_window;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  /* Registered once the window is built (GTK 4.18 deprecates its API). */
  shortcuts_window = g_type_from_name ("GtkShortcutsWindow");
  g_assert_true (shortcuts_window != G_TYPE_INVALID);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, shortcuts_window))
        overlay = toplevel;
    }
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (overlay) == GTK_WINDOW (window));

  gtk_window_close (overlay);
  g_assert_true (all_toplevels_shown (NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  imc_test_ui_init (&argc, &argv, IMC_TEST_UI_SERVER);

  g_test_add_func ("/ui/window/loads-cards", test_window_loads_cards);
  g_test_add_func ("/ui/window/failed", test_window_failed_state);
  g_test_add_func ("/ui/window/rate-limited", test_window_rate_limited);
  g_test_add_func ("/ui/window/create-app", test_window_create_app);
  g_test_add_func ("/ui/window/paging", test_window_paging);
  g_test_add_func ("/ui/window/connections", test_window_connections);
  g_test_add_func ("/ui/window/offline-cache", test_window_offline_cache);
  g_test_add_func ("/ui/window/help-overlay", test_window_help_overlay);
  g_test_add_func ("/ui/window/sandbox-restart", test_window_sandbox_restart);

  return imc_test_ui_run ();
}
