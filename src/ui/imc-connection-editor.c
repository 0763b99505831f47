/* imc-connection-editor.c
 *
 * One editor is made for each edit. Closing it (its back button, Escape, a
 * swipe, or the Connections dialog going away) cancels its pending test,
 * lookup or save, so nothing is saved after the user left and no callback
 * ever sees a destroyed editor.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-connection-editor.h"

struct _ImcConnectionEditor
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  ImcConnection      *connection;
  char               *editing_id;
  GCancellable       *cancellable;
  gboolean            closed;

  GtkEditable        *name_entry;
  GtkEditable        *endpoint_entry;
  GtkEditable        *region_entry;
  GtkEditable        *secret_id_entry;
  GtkEditable        *secret_key_entry;
  GtkLabel           *status_label;
};

G_DEFINE_FINAL_TYPE (ImcConnectionEditor, imc_connection_editor, ADW_TYPE_PREFERENCES_PAGE)

static void
show_status (ImcConnectionEditor *self,
             const char          *text,
             gboolean             is_error)
{
  gtk_label_set_label (self->status_label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
show_error (ImcConnectionEditor *self,
            const GError        *error)
{
  g_autofree char *message = imc_plan_client_error_get_user_message (error);

  show_status (self, message, TRUE);
}

static char *
entry_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

/* NULL when the fields are complete; else what is missing. */
static char *
check_fields (ImcConnectionEditor *self)
{
  g_autofree char *name = entry_text (self->name_entry);
  g_autofree char *endpoint = entry_text (self->endpoint_entry);
  g_autofree char *secret_id = entry_text (self->secret_id_entry);
  char *problem;

  if (*name == '\0')
    return g_strdup (_("Enter a name for this connection."));
  if ((problem = imc_connection_check_endpoint (endpoint)) != NULL)
    return problem;
  if (*secret_id == '\0' || *gtk_editable_get_text (self->secret_key_entry) == '\0')
    return g_strdup (_("Enter the SecretId and SecretKey of this connection."));
  return NULL;
}

static ImcPlanClient *
editor_client (ImcConnectionEditor *self)
{
  g_autofree char *endpoint = entry_text (self->endpoint_entry);
  g_autofree char *region = entry_text (self->region_entry);
  g_autofree char *secret_id = entry_text (self->secret_id_entry);

  return imc_plan_client_new (endpoint, *region ? region : "ap-guangzhou",
                              secret_id, gtk_editable_get_text (self->secret_key_entry));
}

static void
tested_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ImcConnectionEditor *self;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint total = 0;

  apps = imc_plan_client_describe_apps_finish (IMC_PLAN_CLIENT (source), result, &total, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the editor is still open. */
  self = IMC_CONNECTION_EDITOR (user_data);
  if (apps == NULL)
    {
      show_error (self, error);
      return;
    }
  text = g_strdup_printf (ngettext ("Connected. This account has %u app.",
                                    "Connected. This account has %u apps.",
                                    total),
                          total);
  show_status (self, text, FALSE);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ImcConnectionEditor *self = IMC_CONNECTION_EDITOR (widget);
  g_autofree char *problem = check_fields (self);
  g_autoptr(ImcPlanClient) client = NULL;

  if (problem != NULL)
    {
      show_status (self, problem, TRUE);
      return;
    }

  show_status (self, _("Connecting…"), FALSE);
  client = editor_client (self);
  imc_plan_client_set_retry_policy (client, 1, 0);
  imc_plan_client_describe_apps_async (client, 0, 1, NULL, NULL, self->cancellable,
                                       tested_cb, self);
}

/* Puts the profile as entered into the "connections" list, in place of
 * the one it edits. */
static void
save_profile (ImcConnectionEditor *self)
{
  g_autoptr(GPtrArray) connections = NULL;
  g_autoptr(ImcConnection) connection = NULL;
  g_autofree char *name = entry_text (self->name_entry);
  g_autofree char *endpoint = entry_text (self->endpoint_entry);
  g_autofree char *region = entry_text (self->region_entry);
  gboolean replaced = FALSE;

  connection = imc_connection_new (self->editing_id, name, endpoint, region);
  connections = imc_connections_load (self->settings);
  for (guint i = 0; i < connections->len; i++)
    if (g_str_equal (imc_connection_get_id (g_ptr_array_index (connections, i)), self->editing_id))
      {
        g_object_unref (g_ptr_array_index (connections, i));
        connections->pdata[i] = g_object_ref (connection);
        replaced = TRUE;
      }
  if (!replaced)
    g_ptr_array_add (connections, g_object_ref (connection));
  imc_connections_save (self->settings, connections);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ImcConnectionEditor *self;
  g_autoptr(GError) error = NULL;

  if (!imc_credentials_store_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = IMC_CONNECTION_EDITOR (user_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", TRUE);
  if (error != NULL)
    {
      /* Nothing is saved without its credentials. */
      show_error (self, error);
      return;
    }

  save_profile (self);
  imc_connection_editor_close (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ImcConnectionEditor *self = IMC_CONNECTION_EDITOR (widget);
  g_autofree char *problem = check_fields (self);
  g_autofree char *name = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *label = NULL;

  if (problem != NULL)
    {
      show_status (self, problem, TRUE);
      return;
    }

  name = entry_text (self->name_entry);
  secret_id = entry_text (self->secret_id_entry);
  /* Translators: the keyring item's label; %s is a connection name. */
  label = g_strdup_printf (_("IM Console connection “%s”"), name);
  gtk_widget_action_set_enabled (widget, "editor.save", FALSE);
  show_status (self, _("Saving the credentials in the keyring…"), FALSE);
  imc_credentials_store_async (self->editing_id, label, secret_id,
                               gtk_editable_get_text (self->secret_key_entry),
                               self->cancellable, saved_cb, self);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ImcConnectionEditor *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *secret_key = NULL;
  gboolean found;

  found = imc_credentials_lookup_finish (result, &secret_id, &secret_key, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = IMC_CONNECTION_EDITOR (user_data);
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }
  if (found)
    {
      gtk_editable_set_text (self->secret_id_entry, secret_id);
      gtk_editable_set_text (self->secret_key_entry, secret_key);
    }
}

/* The user left the editor: its back button, Escape or a swipe. */
static void
closed_cb (ImcConnectionEditor *self,
           GtkWidget           *subpage)
{
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
}

static void
imc_connection_editor_dispose (GObject *object)
{
  ImcConnectionEditor *self = IMC_CONNECTION_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_CONNECTION_EDITOR);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->editing_id, g_free);

  G_OBJECT_CLASS (imc_connection_editor_parent_class)->dispose (object);
}

static void
imc_connection_editor_class_init (ImcConnectionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_connection_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-connection-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcConnectionEditor, name_entry);
  gtk_widget_class_bind_template_child (widget_class, ImcConnectionEditor, endpoint_entry);
  gtk_widget_class_bind_template_child (widget_class, ImcConnectionEditor, region_entry);
  gtk_widget_class_bind_template_child (widget_class, ImcConnectionEditor, secret_id_entry);
  gtk_widget_class_bind_template_child (widget_class, ImcConnectionEditor, secret_key_entry);
  gtk_widget_class_bind_template_child (widget_class, ImcConnectionEditor, status_label);

  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
}

static void
imc_connection_editor_init (ImcConnectionEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

ImcConnectionEditor *
imc_connection_editor_new (GSettings     *settings,
                           ImcConnection *connection)
{
  ImcConnectionEditor *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (connection == NULL || IMC_IS_CONNECTION (connection), NULL);

  self = g_object_new (IMC_TYPE_CONNECTION_EDITOR, NULL);
  self->settings = g_object_ref (settings);
  if (connection == NULL)
    {
      self->editing_id = imc_connection_generate_id ();
      gtk_editable_set_text (self->endpoint_entry, "https://");
      gtk_editable_set_text (self->region_entry, "ap-guangzhou");
      return self;
    }

  self->connection = g_object_ref (connection);
  self->editing_id = g_strdup (imc_connection_get_id (connection));
  gtk_editable_set_text (self->name_entry, imc_connection_get_name (connection));
  gtk_editable_set_text (self->endpoint_entry, imc_connection_get_endpoint (connection));
  gtk_editable_set_text (self->region_entry, imc_connection_get_region (connection));
  imc_credentials_lookup_async (self->editing_id, self->cancellable, looked_up_cb, self);
  return self;
}

void
imc_connection_editor_present (ImcConnectionEditor *self,
                               GtkWidget           *inside)
{
  g_return_if_fail (IMC_IS_CONNECTION_EDITOR (self));

  imc_compat_preferences_push_subpage (inside,
                                       self->connection ? _("Edit Connection") : _("Add Connection"),
                                       GTK_WIDGET (self), G_CALLBACK (closed_cb), self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

void
imc_connection_editor_close (ImcConnectionEditor *self)
{
  g_return_if_fail (IMC_IS_CONNECTION_EDITOR (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  imc_compat_preferences_pop_subpage (GTK_WIDGET (self));
}
