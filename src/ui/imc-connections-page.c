/* imc-connections-page.c
 *
 * The list is rebuilt from GSettings whenever "connections" changes. The
 * editor is a subpage made for each edit; closing it cancels its pending
 * test or save, so no callback ever sees a destroyed editor.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-confirmation.h"
#include "imc-connections-page.h"

struct _ImcConnectionsPage
{
  AdwPreferencesPage    parent_instance;

  GSettings            *settings;
  GPtrArray            *rows;

  AdwPreferencesGroup  *group;

  /* The open editor, if any. */
  GtkWidget            *editor;
  GCancellable         *editor_cancellable;
  char                 *editing_id;
  GtkEditable          *name_entry;
  GtkEditable          *endpoint_entry;
  GtkEditable          *region_entry;
  GtkEditable          *secret_id_entry;
  GtkEditable          *secret_key_entry;
  GtkLabel             *editor_status;
  GtkWidget            *save_button;
};

G_DEFINE_FINAL_TYPE (ImcConnectionsPage, imc_connections_page, ADW_TYPE_PREFERENCES_PAGE)

static void rebuild_list (ImcConnectionsPage *self);

static void
show_status (ImcConnectionsPage *self,
             const char         *text,
             gboolean            is_error)
{
  if (self->editor_status == NULL)
    return;
  gtk_label_set_label (self->editor_status, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->editor_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->editor_status), "error");
}

static char *
entry_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

/* NULL when the editor's fields are complete; else what is missing. */
static char *
check_fields (ImcConnectionsPage *self)
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
editor_client (ImcConnectionsPage *self)
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
  ImcConnectionsPage *self;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  apps = imc_plan_client_describe_apps_finish (IMC_PLAN_CLIENT (source), result, &total, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the editor is still open. */
  self = IMC_CONNECTIONS_PAGE (user_data);
  if (apps == NULL)
    {
      g_autofree char *message = imc_plan_client_error_get_user_message (error);

      show_status (self, message, TRUE);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (ngettext ("Connected. This account has %u app.",
                                                       "Connected. This account has %u apps.",
                                                       total),
                                             total);

    show_status (self, text, FALSE);
  }
}

static void
test_clicked_cb (ImcConnectionsPage *self)
{
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
  imc_plan_client_describe_apps_async (client, 0, 1, NULL, NULL, self->editor_cancellable,
                                       tested_cb, self);
}

/* Cancels the editor's pending test or save and drops its widgets. */
static void
forget_editor (ImcConnectionsPage *self)
{
  g_cancellable_cancel (self->editor_cancellable);
  g_clear_object (&self->editor_cancellable);
  g_clear_pointer (&self->editing_id, g_free);
  self->editor = NULL;
  self->name_entry = NULL;
  self->endpoint_entry = NULL;
  self->region_entry = NULL;
  self->secret_id_entry = NULL;
  self->secret_key_entry = NULL;
  self->editor_status = NULL;
  self->save_button = NULL;
}

static void
close_editor (ImcConnectionsPage *self)
{
  gboolean open = self->editor != NULL;

  forget_editor (self);
  if (open)
    imc_compat_preferences_pop_subpage (GTK_WIDGET (self));
}

/* The user left the editor: its back button, Escape or a swipe. */
static void
editor_closed_cb (ImcConnectionsPage *self,
                  GtkWidget          *subpage)
{
  if (subpage == self->editor)
    forget_editor (self);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ImcConnectionsPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) connections = NULL;
  g_autoptr(ImcConnection) connection = NULL;
  g_autofree char *name = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *region = NULL;
  gboolean replaced = FALSE;

  if (!imc_credentials_store_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = IMC_CONNECTIONS_PAGE (user_data);
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (error != NULL)
    {
      g_autofree char *message = imc_plan_client_error_get_user_message (error);

      /* Nothing is saved without its credentials. */
      show_status (self, message, TRUE);
      return;
    }

  name = entry_text (self->name_entry);
  endpoint = entry_text (self->endpoint_entry);
  region = entry_text (self->region_entry);
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

  close_editor (self);
}

static void
save_clicked_cb (ImcConnectionsPage *self)
{
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
  gtk_widget_set_sensitive (self->save_button, FALSE);
  show_status (self, _("Saving the credentials in the keyring…"), FALSE);
  imc_credentials_store_async (self->editing_id, label, secret_id,
                               gtk_editable_get_text (self->secret_key_entry),
                               self->editor_cancellable, saved_cb, self);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ImcConnectionsPage *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *secret_key = NULL;
  gboolean found;

  found = imc_credentials_lookup_finish (result, &secret_id, &secret_key, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = IMC_CONNECTIONS_PAGE (user_data);
  if (error != NULL)
    {
      g_autofree char *message = imc_plan_client_error_get_user_message (error);

      show_status (self, message, TRUE);
      return;
    }
  if (found)
    {
      gtk_editable_set_text (self->secret_id_entry, secret_id);
      gtk_editable_set_text (self->secret_key_entry, secret_key);
    }
}

static GtkEditable *
add_entry (AdwPreferencesGroup *group,
           GtkWidget           *row,
           const char          *title,
           const char          *text)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_preferences_group_add (group, row);
  return GTK_EDITABLE (row);
}

static void
open_editor (ImcConnectionsPage *self,
             ImcConnection      *connection)
{
  GtkWidget *page, *group, *buttons, *test, *save, *status;

  close_editor (self);
  self->editor_cancellable = g_cancellable_new ();
  self->editing_id = connection ? g_strdup (imc_connection_get_id (connection))
                                : imc_connection_generate_id ();

  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  self->name_entry = add_entry (ADW_PREFERENCES_GROUP (group), adw_entry_row_new (), _("Name"),
                                connection ? imc_connection_get_name (connection) : NULL);
  self->endpoint_entry = add_entry (ADW_PREFERENCES_GROUP (group), adw_entry_row_new (), _("Endpoint URL"),
                                    connection ? imc_connection_get_endpoint (connection) : "https://");
  self->region_entry = add_entry (ADW_PREFERENCES_GROUP (group), adw_entry_row_new (), _("Region"),
                                  connection ? imc_connection_get_region (connection) : "ap-guangzhou");
  self->secret_id_entry = add_entry (ADW_PREFERENCES_GROUP (group), adw_entry_row_new (), _("SecretId"), NULL);
  self->secret_key_entry = add_entry (ADW_PREFERENCES_GROUP (group), adw_password_entry_row_new (),
                                      _("SecretKey"), NULL);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  test = gtk_button_new_with_mnemonic (_("_Test Connection"));
  save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_swapped (test, "clicked", G_CALLBACK (test_clicked_cb), self);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), test);
  gtk_box_append (GTK_BOX (buttons), save);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
  status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_set_margin_top (status, 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), status);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->editor_status = GTK_LABEL (status);
  self->save_button = save;
  self->editor = imc_compat_preferences_push_subpage (GTK_WIDGET (self),
                                                      connection ? _("Edit Connection") : _("Add Connection"),
                                                      page, G_CALLBACK (editor_closed_cb), self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));

  if (connection != NULL)
    imc_credentials_lookup_async (self->editing_id, self->editor_cancellable, looked_up_cb, self);
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

  g_cancellable_cancel (self->editor_cancellable);
  g_clear_object (&self->editor_cancellable);
  g_clear_pointer (&self->editing_id, g_free);
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
