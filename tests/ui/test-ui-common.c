/* test-ui-common.c: what the UI test programs share; see test-ui-common.h. */
#include "config.h"

#include "test-ui-common.h"

ImcTestServer ui_server;
ImcCatalog *ui_catalog;
static char *cache_dir;

void
imc_test_ui_init (int                  *argc,
                  char               ***argv,
                  ImcTestUiServerMode   mode)
{
  g_autoptr(GError) error = NULL;

  /* GTK's accessibility bus would start at-spi, whose output would mix
   * with the TAP stream; the tests do not need it. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* No session bus for the tests: the user's keyring is never touched, and
   * the keyring-unavailable path is what the connection tests see. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  /* The offline cache goes to a temporary XDG cache directory. */
  cache_dir = g_dir_make_tmp ("imc-ui-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();

  if (mode == IMC_TEST_UI_SERVER)
    {
      g_autoptr(GAsyncResult) result = NULL;

      imc_test_server_start (&ui_server);
      RUN (result, imc_plan_client_describe_plan_catalog_async (ui_server.client, NULL, WAITER));
      ui_catalog = imc_plan_client_describe_plan_catalog_finish (ui_server.client, result, &error);
      g_assert_no_error (error);
    }
}

int
imc_test_ui_run (void)
{
  int ret = g_test_run ();

  g_clear_object (&ui_catalog);
  imc_test_server_stop (&ui_server);
  imc_test_remove_tree (cache_dir);
  g_clear_pointer (&cache_dir, g_free);
  return ret;
}

/* --- the server ------------------------------------------------------------ */

ImcApp *
fetch_app (gint64 id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ImcApp *app;

  RUN (result, imc_plan_client_describe_app_async (ui_server.client, id, NULL, WAITER));
  app = imc_plan_client_describe_app_finish (ui_server.client, result, &error);
  g_assert_no_error (error);
  return app;
}

ImcApp *
new_free_app (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  RUN (result, imc_plan_client_create_app_async (ui_server.client, name, NULL, WAITER));
  id = imc_plan_client_create_app_finish (ui_server.client, result, &error);
  g_assert_no_error (error);
  return fetch_app (id);
}

guint
count_logs (gint64      id,
            const char *action)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) logs = NULL;
  guint n = 0;

  RUN (result, imc_plan_client_describe_app_operation_logs_async (ui_server.client, id, 0, 100, NULL, WAITER));
  logs = imc_plan_client_describe_app_operation_logs_finish (ui_server.client, result, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < logs->len; i++)
    if (g_str_equal (imc_operation_log_get_action (g_ptr_array_index (logs, i)), action))
      n++;
  return n;
}

/* --- waiting ---------------------------------------------------------------- */

gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

gboolean
pointer_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The keyboard focus is in @data (an entry: in its text). */
gboolean
has_focus_within (gpointer data)
{
  GtkWidget *widget = data;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}


/* GTK 4.8 crashes when an accessibility client asks for a hidden window
 * (imc_compat_dialog_close()): the app never keeps one. */
gboolean
all_toplevels_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!gtk_widget_get_visible (window))
        return FALSE;
    }
  return TRUE;
}

/* --- widgets ---------------------------------------------------------------- */

/* The narrowest a widget can be laid out, to check the 360 px target. */
int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* A window to show dialogs over, as the app's main window is. */
GtkWidget *
host_window_new (void)
{
  GtkWidget *host = adw_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (host), 800, 760);
  gtk_window_present (GTK_WINDOW (host));
  return host;
}

/* An alert (AdwAlertDialog or AdwMessageDialog) showing @heading, in any
 * window: an AdwAlertDialog lives inside the window it is shown over. */
static ImcAlert *
find_alert_in (GtkWidget  *widget,
               const char *heading)
{
  if (IMC_IS_ALERT (widget) && g_strcmp0 (imc_alert_get_heading (IMC_ALERT (widget)), heading) == 0)
    return IMC_ALERT (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ImcAlert *found = find_alert_in (child, heading);

      if (found != NULL)
        return found;
    }
  return NULL;
}

ImcAlert *
find_alert (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      ImcAlert *found = find_alert_in (window, heading);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the button of @response, as a person does. */
void
respond (ImcAlert   *alert,
         const char *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (alert), imc_alert_get_response_label (alert, response));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The row titled @title in @widget (an AdwPreferencesRow), or NULL. */
GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
choose_value (GtkWidget  *row,
              const char *text)
{
  GListModel *model;

  g_assert_true (ADW_IS_COMBO_ROW (row));
  if (!gtk_widget_is_sensitive (row))
    return FALSE;
  model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
find_switch (GtkWidget *widget)
{
  if (GTK_IS_SWITCH (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_switch (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
set_switch (GtkWidget *row,
            gboolean   active)
{
  GtkWidget *toggle = find_switch (row);

  g_assert_nonnull (toggle);
  if (!gtk_widget_is_sensitive (toggle))
    return FALSE;
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  return TRUE;
}

const char *
row_subtitle (GtkWidget *row)
{
  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

const char *
card_text (ImcAppCard *card,
           const char *name)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (card), IMC_TYPE_APP_CARD, name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_label (GTK_LABEL (label));
}

gboolean
is_busy (gpointer dialog)
{
  gboolean busy = FALSE;

  g_object_get (dialog, "busy", &busy, NULL);
  return busy;
}

/* --- Basic Configuration page --------------------------------------------- */

gboolean
button_sensitive (GtkWidget  *page,
                  const char *name)
{
  GObject *button = gtk_widget_get_template_child (page, IMC_TYPE_APP_PAGE, name);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (GTK_WIDGET (button));
}

/* --- the Create App dialog -------------------------------------------------- */

/* The open Create App dialog, in any window (an AdwDialog lives inside the
 * window it is shown over), or NULL. */
static ImcCreateAppDialog *
find_create_dialog_in (GtkWidget *widget)
{
  if (IMC_IS_CREATE_APP_DIALOG (widget))
    return IMC_CREATE_APP_DIALOG (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ImcCreateAppDialog *found = find_create_dialog_in (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

ImcCreateAppDialog *
find_create_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      ImcCreateAppDialog *found = find_create_dialog_in (window);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
create_dialog_gone (gpointer data)
{
  return find_create_dialog () == NULL;
}

GtkWidget *
create_dialog_child (ImcCreateAppDialog *dialog,
                     const char         *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), IMC_TYPE_CREATE_APP_DIALOG, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}
