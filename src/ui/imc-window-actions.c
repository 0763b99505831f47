/* imc-window-actions.c: the main window's actions (window.* and win.*),
 * its menus and its search bar, as gnome-text-editor keeps them apart from
 * the window's layout. Each one asks the session, or opens a dialog over
 * the window. */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-connections-page.h"
#include "imc-create-app-dialog.h"
#include "imc-window-private.h"

/* The drop-downs' index 0 is "All"; the rest follow the enums. */
static int
filter_value (GtkDropDown *drop_down)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  return selected == 0 || selected == GTK_INVALID_LIST_POSITION ? -1 : (int) selected - 1;
}

static void
filters_changed_cb (ImcWindow *self)
{
  imc_session_set_filters (self->session, filter_value (self->edition_filter),
                           filter_value (self->status_filter));
}

/* The search bar's edition and status filters, when it first opens. */
static void
ensure_filters (ImcWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->edition_filter != NULL)
    return;

  builder = imc_window_build_part ("filters");
  self->edition_filter = GTK_DROP_DOWN (gtk_builder_get_object (builder, "edition_filter"));
  self->status_filter = GTK_DROP_DOWN (gtk_builder_get_object (builder, "status_filter"));
  gtk_box_append (self->search_box, GTK_WIDGET (gtk_builder_get_object (builder, "filters")));
  g_signal_connect_object (self->edition_filter, "notify::selected", G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_filter, "notify::selected", G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
search_mode_cb (ImcWindow *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    ensure_filters (self);
}

static void
search_changed_cb (ImcWindow *self)
{
  imc_session_set_search_text (self->session, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* The popovers of the main and connection menus, when first opened. */
static void
create_menu_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  ImcWindow *self = IMC_WINDOW (user_data);

  if (gtk_menu_button_get_popover (button) != NULL)
    return;
  gtk_menu_button_set_menu_model (button, button == self->connection_button
                                          ? G_MENU_MODEL (self->connection_menu)
                                          : self->primary_menu);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  imc_session_reload (IMC_WINDOW (widget)->session);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  imc_window_show_list (IMC_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ImcWindow *self = IMC_WINDOW (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "app"))
    imc_window_show_list (self);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The raw error behind a translated message: code and RequestId. */
static void
show_details (ImcWindow  *self,
              const char *details)
{
  ImcAlert *dialog = imc_alert_new (_("Details"), details);

  imc_alert_add_response (dialog, "close", _("_Close"));
  imc_alert_set_default_response (dialog, "close");
  imc_alert_set_close_response (dialog, "close");
  imc_alert_present (dialog, GTK_WIDGET (self), NULL);
}

static void
error_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ImcWindow *self = IMC_WINDOW (widget);
  const GError *error = imc_session_get_error (self->session);
  g_autofree char *details = NULL;

  if (error == NULL)
    return;

  details = imc_plan_client_error_get_details (error);
  show_details (self, details);
}

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_details (IMC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* A translated sentence, with the raw code and RequestId one click away. */
static void
show_error_toast (ImcWindow    *self,
                  const GError *error)
{
  g_autofree char *message = imc_plan_client_error_get_user_message (error);
  g_autofree char *details = imc_plan_client_error_get_details (error);
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "window.show-details");
  adw_toast_set_action_target_value (toast, g_variant_new_string (details));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
app_created_cb (ImcWindow *self,
                gint64     sdk_app_id)
{
  imc_window_show_toast (self, _("App created with the Free edition"));
  imc_window_open_app (self, sdk_app_id);
  imc_session_reload (self->session);
}

static void
create_app_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ImcWindow *self = IMC_WINDOW (widget);
  ImcPlanClient *client = imc_session_get_client (self->session);
  ImcCreateAppDialog *dialog;

  if (client == NULL)
    return;

  dialog = imc_create_app_dialog_new (client);
  g_signal_connect_object (dialog, "created", G_CALLBACK (app_created_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "failed", G_CALLBACK (show_error_toast), self, G_CONNECT_SWAPPED);
  imc_create_app_dialog_present (dialog, widget);
}

static void
show_connections_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ImcWindow *self = IMC_WINDOW (widget);
  GSettings *settings = imc_session_get_settings (self->session);

  if (settings == NULL)
    {
      imc_window_show_toast (self, _("Connections cannot be saved: the settings schema is not installed."));
      return;
    }
  imc_connections_page_present (imc_connections_page_new (settings), widget);
}

/* The title's menu: a radio group of connections (window.connection, the
 * window's "connection-id"), then Connections…. */
void
imc_window_rebuild_connection_menu (ImcWindow *self)
{
  g_autoptr(GMenu) list = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  g_autoptr(GMenuItem) sandbox = NULL;
  GSettings *settings = imc_session_get_settings (self->session);

  g_menu_remove_all (self->connection_menu);

  sandbox = g_menu_item_new (_("Local sandbox"), NULL);
  g_menu_item_set_action_and_target (sandbox, "window.connection", "s", IMC_SANDBOX_PROFILE);
  g_menu_append_item (list, sandbox);

  if (settings != NULL)
    {
      g_autoptr(GPtrArray) connections = imc_connections_load (settings);

      for (guint i = 0; i < connections->len; i++)
        {
          ImcConnection *connection = g_ptr_array_index (connections, i);
          g_autoptr(GMenuItem) item = g_menu_item_new (imc_connection_get_name (connection), NULL);

          g_menu_item_set_action_and_target (item, "window.connection", "s",
                                             imc_connection_get_id (connection));
          g_menu_append_item (list, item);
        }
    }

  g_menu_append (manage, _("C_onnections…"), "window.show-connections");
  g_menu_append_section (self->connection_menu, NULL, G_MENU_MODEL (list));
  g_menu_append_section (self->connection_menu, NULL, G_MENU_MODEL (manage));
}

/* The Keyboard Shortcuts window (win.show-help-overlay). Built each time
 * it is asked for and destroyed when closed, never kept hidden: GTK crashes
 * when an accessibility client asks for a window past the shown ones while
 * the last one is hidden (see imc_compat_dialog_close()), and
 * GtkApplicationWindow's own help overlay hides on close (its API is
 * deprecated in GTK 4.18 too). */
static void
show_help_overlay (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ImcWindow *self = IMC_WINDOW (user_data);

  if (self->help_overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new ();
      g_autoptr(GError) error = NULL;

      gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
      if (!gtk_builder_add_from_resource (builder, RESOURCE_BASE "/gtk/help-overlay.ui", &error))
        g_error ("help-overlay.ui: %s", error->message);
      self->help_overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (self->help_overlay, GTK_WINDOW (self));
      g_object_add_weak_pointer (G_OBJECT (self->help_overlay), (gpointer *) &self->help_overlay);
    }
  gtk_window_present (self->help_overlay);
}

void
imc_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "window.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "window.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "window.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "window.create-app", NULL, create_app_action);
  gtk_widget_class_install_action (widget_class, "window.show-error-details", NULL, error_details_action);
  gtk_widget_class_install_action (widget_class, "window.show-connections", NULL, show_connections_action);
  gtk_widget_class_install_action (widget_class, "window.show-details", "s", show_details_action);
  /* A radio group of connections in the title's menu. */
  gtk_widget_class_install_property_action (widget_class, "window.connection", "connection-id");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "window.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "window.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "window.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "window.create-app", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "window.back", NULL);
}

/* The win.* actions (which the application's accelerators name), the
 * menus, and the search bar, once the window has its session. */
void
imc_window_init_actions (ImcWindow *self)
{
  static const GActionEntry win_actions[] = {
    { "show-help-overlay", show_help_overlay, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);

  self->connection_menu = g_menu_new ();
  imc_window_rebuild_connection_menu (self);
  gtk_menu_button_set_create_popup_func (self->connection_button, create_menu_popup, self, NULL);
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_menu_popup, self, NULL);

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
}
