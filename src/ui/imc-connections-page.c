/* imc-connections-page.c
 *
 * The list is rebuilt from GSettings whenever "connections" changes, so
 * also after the editor (ImcConnectionEditor, a subpage made for each
 * edit) saved a profile.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-confirmation.h"
#include "imc-connection-editor.h"
#include "imc-connections-page.h"

struct _ImcConnectionsPage
{
  AdwPreferencesPage    parent_instance;

  GSettings            *settings;
  GPtrArray            *rows;

  AdwPreferencesGroup  *group;

  /* The last editor opened, while it exists (a weak pointer). */
  ImcConnectionEditor  *editor;
};

G_DEFINE_FINAL_TYPE (ImcConnectionsPage, imc_connections_page, ADW_TYPE_PREFERENCES_PAGE)

static void
open_editor (ImcConnectionsPage *self,
             ImcConnection      *connection)
{
  /* One editor at a time. */
  if (self->editor != NULL)
    imc_connection_editor_close (self->editor);
  g_set_weak_pointer (&self->editor, imc_connection_editor_new (self->settings, connection));
  imc_connection_editor_present (self->editor, GTK_WIDGET (self));
}

static ImcConnection *
find_connection (ImcConnectionsPage *self,
                 const char         *id,
                 GPtrArray         **out_all)
{
  GPtrArray *connections = imc_connections_load (self->settings);
  ImcConnection *found = NULL;

  for (guint i = 0; i < connections->len; i++)
    if (g_str_equal (imc_connection_get_id (g_ptr_array_index (connections, i)), id))
      found = g_ptr_array_index (connections, i);
  *out_all = connections;
  return found;
}

static void
edit_clicked_cb (GtkButton          *button,
                 ImcConnectionsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "connection-id");
  g_autoptr(GPtrArray) all = NULL;
  ImcConnection *connection = find_connection (self, id, &all);

  if (connection != NULL)
    open_editor (self, connection);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!imc_credentials_clear_finish (result, &error))
    g_message ("Could not remove credentials from the keyring: %s", error->message);
}

static void
remove_response_cb (ImcAlert           *dialog,
                    const char         *response,
                    ImcConnectionsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "connection-id");
  g_autoptr(GPtrArray) all = NULL;
  ImcConnection *connection;

  if (!g_str_equal (response, "remove"))
    return;
  connection = find_connection (self, id, &all);
  if (connection == NULL)
    return;
  g_ptr_array_remove (all, connection);
  imc_connections_save (self->settings, all);
  imc_credentials_clear_async (id, NULL, cleared_cb, NULL);
}

static void
remove_clicked_cb (GtkButton          *button,
                   ImcConnectionsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "connection-id");
  g_autoptr(GPtrArray) all = NULL;
  ImcConnection *connection = find_connection (self, id, &all);
  g_autofree char *body = NULL;
  ImcAlert *dialog;

  if (connection == NULL)
    return;

  /* The heading stays short (see imc_alert_new()); the name is in the body. */
  /* Translators: %s is a connection name. */
  body = g_strdup_printf (_("“%s” and its credentials in the keyring are removed. "
                            "The apps on the server are not changed."),
                          imc_connection_get_name (connection));
  dialog = imc_confirmation_new (_("Remove Connection?"), body,
                                 "remove", _("_Remove"), ADW_RESPONSE_DESTRUCTIVE,
                                 G_CALLBACK (remove_response_cb), self);
  g_object_set_data_full (G_OBJECT (dialog), "connection-id", g_strdup (id), g_free);
  imc_alert_present (dialog, GTK_WIDGET (button), NULL);
}

static GtkWidget *
row_button (const char *icon,
            const char *tooltip,
            const char *id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "connection-id", g_strdup (id), g_free);
  return button;
}

static void
rebuild_list (ImcConnectionsPage *self)
{
  g_autoptr(GPtrArray) connections = imc_connections_load (self->settings);
  GtkWidget *row;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Local sandbox"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("im-plan-server on this computer, with demo data"));
  adw_preferences_group_add (self->group, row);
  g_ptr_array_add (self->rows, row);

  for (guint i = 0; i < connections->len; i++)
    {
      ImcConnection *connection = g_ptr_array_index (connections, i);
      const char *id = imc_connection_get_id (connection);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", imc_connection_get_endpoint (connection),
                                                   imc_connection_get_region (connection));
      GtkWidget *edit = row_button ("document-edit-symbolic", _("Edit Connection"), id);
      GtkWidget *remove = row_button ("user-trash-symbolic", _("Remove Connection"), id);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), imc_connection_get_name (connection));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (IMC_CONNECTIONS_PAGE (widget), NULL);
}

static void
imc_connections_page_dispose (GObject *object)
{
  ImcConnectionsPage *self = IMC_CONNECTIONS_PAGE (object);

  g_clear_weak_pointer (&self->editor);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_CONNECTIONS_PAGE);

  G_OBJECT_CLASS (imc_connections_page_parent_class)->dispose (object);
}

static void
imc_connections_page_finalize (GObject *object)
{
  ImcConnectionsPage *self = IMC_CONNECTIONS_PAGE (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (imc_connections_page_parent_class)->finalize (object);
}

static void
imc_connections_page_class_init (ImcConnectionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_connections_page_dispose;
  object_class->finalize = imc_connections_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-connections-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcConnectionsPage, group);
  gtk_widget_class_install_action (widget_class, "connections.add", NULL, add_action);
}

static void
imc_connections_page_init (ImcConnectionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The group owns the rows; this only remembers which to remove. */
  self->rows = g_ptr_array_new ();
}

ImcConnectionsPage *
imc_connections_page_new (GSettings *settings)
{
  ImcConnectionsPage *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (IMC_TYPE_CONNECTIONS_PAGE, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::connections", G_CALLBACK (rebuild_list),
                           self, G_CONNECT_SWAPPED);
  rebuild_list (self);
  return self;
}

void
imc_connections_page_present (ImcConnectionsPage *self,
                              GtkWidget          *parent)
{
  g_return_if_fail (IMC_IS_CONNECTIONS_PAGE (self));

  imc_compat_preferences_present (ADW_PREFERENCES_PAGE (self), parent, _("Connections"), 560, 560);
}
