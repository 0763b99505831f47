/* test-connections.c: the Connections page and the connection editor,
 * with GSettings in memory and no keyring. */
#include "config.h"

#include "test-ui-common.h"

/* The rows of the page's list, in order: the local sandbox, then each
 * stored profile. */
static GPtrArray *
page_rows (ImcConnectionsPage *page)
{
  GObject *group = gtk_widget_get_template_child (GTK_WIDGET (page), IMC_TYPE_CONNECTIONS_PAGE, "group");
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  GPtrArray *rows = g_ptr_array_new ();

  g_ptr_array_add (widgets, group);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (ADW_IS_ACTION_ROW (widget))
        {
          g_ptr_array_add (rows, widget);
          continue;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (widgets, child);
    }
  return rows;
}

static void
assert_row (GPtrArray  *rows,
            guint       index,
            const char *title,
            const char *subtitle)
{
  g_assert_cmpuint (index, <, rows->len);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, index)), ==, title);
  g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, index)), ==, subtitle);
}

/* The button in @widget whose tooltip (and accessible label) is @tooltip. */
static GtkWidget *
find_icon_button (GtkWidget  *widget,
                  const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_icon_button (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
one_connection_stored (gpointer data)
{
  g_autoptr(GVariant) stored = g_settings_get_value (G_SETTINGS (data), "connections");

  return g_variant_n_children (stored) == 1;
}

/* The page lists the local sandbox and each stored profile with its
 * endpoint and region; Remove asks first, then stores the rest. */
static void
test_connections_page (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(GVariant) expected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *host = host_window_new ();
  ImcConnectionsPage *page;
  ImcAlert *confirmation;

  g_settings_set_value (settings, "connections",
                        g_variant_new_parsed ("[('a', 'Staging', 'https://a.example/', 'ap-guangzhou'),"
                                              " ('b', 'Production', 'https://b.example/', 'ap-shanghai')]"));
  page = imc_connections_page_new (settings);
  imc_connections_page_present (page, host);
  g_assert_nonnull (gtk_widget_get_root (GTK_WIDGET (page)));

  rows = page_rows (page);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_row (rows, 0, "Local sandbox", "im-plan-server on this computer, with demo data");
  assert_row (rows, 1, "Staging", "https://a.example/ · ap-guangzhou");
  assert_row (rows, 2, "Production", "https://b.example/ · ap-shanghai");

  /* Remove asks first, and nothing is removed before the answer. */
  g_signal_emit_by_name (find_icon_button (g_ptr_array_index (rows, 1), "Remove Connection"), "clicked");
  confirmation = find_alert ("Remove Connection?");
  g_assert_nonnull (confirmation);
  g_assert_nonnull (strstr (imc_alert_get_body (confirmation), "“Staging”"));
  g_assert_false (one_connection_stored (settings));

  respond (confirmation, "remove");
  imc_test_iterate_until (one_connection_stored, settings);
  stored = g_settings_get_value (settings, "connections");
  expected = g_variant_parse (G_VARIANT_TYPE ("a(ssss)"),
                              "[('b', 'Production', 'https://b.example/', 'ap-shanghai')]", NULL, NULL, NULL);
  g_assert_nonnull (expected);
  g_assert_true (g_variant_equal (stored, expected));
  /* The list follows the setting. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = page_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 1, "Production", "https://b.example/ · ap-shanghai");

  /* The editor subpage builds, and closing the dialog cancels it. */
  gtk_widget_activate_action (GTK_WIDGET (page), "connections.add", NULL);
  imc_compat_dialog_close (GTK_WIDGET (page));
  gtk_window_destroy (GTK_WINDOW (host));
  g_settings_reset (settings, "connections");
}

static GtkWidget *
editor_child (ImcConnectionEditor *editor,
              const char          *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), IMC_TYPE_CONNECTION_EDITOR, id));
}

static const char *
editor_text (ImcConnectionEditor *editor,
             const char          *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (editor_child (editor, id)));
}

static gboolean
status_is_error (gpointer data)
{
  return gtk_widget_has_css_class (editor_child (data, "status_label"), "error");
}

/* The connection editor checks its fields, tests against the real server,
 * and saves nothing when the credentials cannot reach the keyring (there is
 * no session bus here). */
static void
test_connection_editor (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(ImcConnection) staging = imc_connection_new ("a", "Staging", "https://a.example/", "ap-shanghai");
  g_autoptr(GPtrArray) saved = NULL;
  GtkWidget *host = host_window_new ();
  ImcConnectionsPage *page = imc_connections_page_new (settings);
  ImcConnectionEditor *editor;
  GtkLabel *status;

  imc_connections_page_present (page, host);

  /* A new connection starts from the usual endpoint scheme and region. */
  editor = imc_connection_editor_new (settings, NULL);
  status = GTK_LABEL (editor_child (editor, "status_label"));
  imc_connection_editor_present (editor, GTK_WIDGET (page));
  g_assert_cmpstr (editor_text (editor, "name_entry"), ==, "");
  g_assert_cmpstr (editor_text (editor, "endpoint_entry"), ==, "https://");
  g_assert_cmpstr (editor_text (editor, "region_entry"), ==, "ap-guangzhou");

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Enter a name for this connection.");
  g_assert_true (status_is_error (editor));

  /* A wrong SecretKey: the server's answer, not the editor's, shows. */
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_entry")), "Sandbox");
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "endpoint_entry")),
                         imc_plan_client_get_endpoint (ui_server.client));
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "secret_id_entry")),
                         imc_plan_client_get_secret_id (ui_server.client));
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "secret_key_entry")), "wrong");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Connecting…");
  g_assert_false (status_is_error (editor));
  imc_test_iterate_until (status_is_error, editor);
  g_assert_nonnull (strstr (gtk_label_get_label (status), "SecretKey"));

  /* Save stores the credentials first; without a keyring nothing is saved. */
  gtk_label_set_label (status, "");
  gtk_widget_remove_css_class (GTK_WIDGET (status), "error");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  imc_test_iterate_until (status_is_error, editor);
  g_assert_nonnull (strstr (gtk_label_get_label (status), "keyring"));
  saved = imc_connections_load (settings);
  g_assert_cmpuint (saved->len, ==, 0);
  imc_connection_editor_close (editor);

  /* Editing shows the profile as stored. */
  editor = imc_connection_editor_new (settings, staging);
  imc_connection_editor_present (editor, GTK_WIDGET (page));
  g_assert_cmpstr (editor_text (editor, "name_entry"), ==, "Staging");
  g_assert_cmpstr (editor_text (editor, "endpoint_entry"), ==, "https://a.example/");
  g_assert_cmpstr (editor_text (editor, "region_entry"), ==, "ap-shanghai");
  g_assert_cmpstr (editor_text (editor, "secret_id_entry"), ==, "");

  imc_compat_dialog_close (GTK_WIDGET (page));
  gtk_window_destroy (GTK_WINDOW (host));
}

int
main (int   argc,
      char *argv[])
{
  imc_test_ui_init (&argc, &argv, IMC_TEST_UI_SERVER);

  g_test_add_func ("/ui/connections-page", test_connections_page);
  g_test_add_func ("/ui/connection-editor", test_connection_editor);

  return imc_test_ui_run ();
}
