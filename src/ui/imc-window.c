/* imc-window.c: the main window's layout, bound to its ImcSession: the
 * session's state picks the page, its apps fill the cards. The actions are
 * in imc-window-actions.c. */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-app-card.h"
#include "imc-app-page.h"
#include "imc-compat.h"
#include "imc-toolbar-view.h"
#include "imc-window-private.h"

G_DEFINE_FINAL_TYPE (ImcWindow, imc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CONNECTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Parts of the window that start-up does not show are built on first use
 * from imc-window-parts.ui, so that start-up builds, styles and loads the
 * icons of only what the first frame shows. The builder holds the part
 * until it is added to the window. */
GtkBuilder *
imc_window_build_part (const char *id)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  const char *ids[] = { id, NULL };

  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_objects_from_resource (builder, RESOURCE_BASE "/imc-window-parts.ui",
                                              ids, &error))
    g_error ("imc-window-parts.ui: %s", error->message);
  return g_steal_pointer (&builder);
}

/* The empty and no-results states of the list. */
static void
ensure_list_page (ImcWindow  *self,
                  const char *state)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (gtk_stack_get_child_by_name (self->list_stack, state) != NULL)
    return;

  builder = imc_window_build_part (state);
  gtk_stack_add_named (self->list_stack, GTK_WIDGET (gtk_builder_get_object (builder, state)), state);
}

/* A load that takes longer than this shows the spinner; a quicker one
 * goes from a blank page straight to its result, without a spinner that
 * flashes for a moment (the HIG's advice for progress indicators). */
#define LOADING_DELAY_MS 400

static gboolean
show_loading (gpointer user_data)
{
  ImcWindow *self = IMC_WINDOW (user_data);

  self->loading_delay_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->loading_box), TRUE);
  return G_SOURCE_REMOVE;
}

static void
set_list_state (ImcWindow  *self,
                const char *state)
{
  const char *current = gtk_stack_get_visible_child_name (self->list_stack);
  gboolean loading = g_str_equal (state, "loading");

  ensure_list_page (self, state);
  if (loading && g_strcmp0 (current, "loading") != 0)
    {
      /* A new load starts blank; its spinner shows only if it takes long. */
      gtk_widget_set_visible (GTK_WIDGET (self->loading_box), FALSE);
    }
  if (loading && !gtk_widget_get_visible (GTK_WIDGET (self->loading_box)) && self->loading_delay_id == 0)
    self->loading_delay_id = g_timeout_add (LOADING_DELAY_MS, show_loading, self);
  if (!loading)
    g_clear_handle_id (&self->loading_delay_id, g_source_remove);
  /* What was loaded shows at once, in the first frame it can; other
   * changes of state (a search with no results, a failure) fade. */
  gtk_stack_set_transition_type (self->list_stack, g_strcmp0 (current, "loading") == 0
                                                   ? GTK_STACK_TRANSITION_TYPE_NONE
                                                   : GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_set_visible_child_name (self->list_stack, state);
}

/* The Basic Configuration page, built when an app is first opened. */
static ImcAppPage *
ensure_app_page (ImcWindow *self)
{
  if (self->app_page == NULL)
    {
      self->app_page = IMC_APP_PAGE (imc_app_page_new ());
      imc_app_page_set_read_only (self->app_page,
                                  imc_session_get_state (self->session) == IMC_SESSION_STATE_OFFLINE);
      imc_app_page_set_context (self->app_page, imc_session_get_client (self->session),
                                imc_session_get_catalog (self->session));
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->app_page), "app");
    }
  return self->app_page;
}

/* Cards, empty, or no-results, from what is in the list and what is
 * filtered. */
static void
show_list_contents (ImcWindow *self)
{
  if (g_list_model_get_n_items (imc_session_get_apps (self->session)) == 0)
    set_list_state (self, "empty");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    set_list_state (self, "no-results");
  else
    set_list_state (self, "cards");
}

static void
show_failed (ImcWindow *self)
{
  g_autofree char *message = imc_plan_client_error_get_user_message (imc_session_get_error (self->session));

  /* Set here, not in the template: GTK loads an image's icon even while
   * its page is not shown, and this 128 px SVG costs as much as a third
   * of the window's other widgets. */
  adw_status_page_set_icon_name (self->failed_page, "network-error-symbolic");
  adw_status_page_set_description (self->failed_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "list");
  set_list_state (self, "failed");
  gtk_widget_set_visible (self->back_button, FALSE);
}

/* The list's page for the session's state and apps. */
static void
update_list (ImcWindow *self)
{
  switch (imc_session_get_state (self->session))
    {
    case IMC_SESSION_STATE_FAILED:
      show_failed (self);
      break;
    case IMC_SESSION_STATE_LOADING:
      /* A first load shows its cards page by page. */
      if (g_list_model_get_n_items (imc_session_get_apps (self->session)) == 0)
        set_list_state (self, "loading");
      else
        show_list_contents (self);
      break;
    case IMC_SESSION_STATE_READY:
    case IMC_SESSION_STATE_OFFLINE:
    default:
      show_list_contents (self);
    }
}

/* While loading, each page of apps; other changes (a refresh, the offline
 * cache) end in a change of state or "apps-loaded". */
static void
apps_changed_cb (ImcWindow *self)
{
  if (imc_session_get_state (self->session) == IMC_SESSION_STATE_LOADING)
    update_list (self);
}

static void
filter_changed_cb (ImcWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_list (self);
}

static gboolean
filter_app (gpointer item,
            gpointer user_data)
{
  return imc_session_match_app (IMC_WINDOW (user_data)->session, item);
}

static void
state_changed_cb (ImcWindow *self)
{
  GDateTime *fetched = imc_session_get_offline_since (self->session);
  gboolean offline = imc_session_get_state (self->session) == IMC_SESSION_STATE_OFFLINE;

  gtk_widget_set_visible (self->offline_bar, offline);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.create-app", !offline);
  if (self->app_page != NULL)
    imc_app_page_set_read_only (self->app_page, offline);
  if (offline && fetched != NULL)
    {
      g_autofree char *when = imc_format_date_time (fetched);
      /* Translators: %s is a date and time. */
      g_autofree char *text = g_strdup_printf (_("The server cannot be reached. These apps are as of %s "
                                                 "and cannot be changed until the connection is back."),
                                               when);

      gtk_label_set_label (self->offline_label, text);
    }
  update_list (self);
}

static void
show_app (ImcWindow *self,
          ImcApp    *app)
{
  ImcAppPage *page = ensure_app_page (self);

  imc_app_page_set_context (page, imc_session_get_client (self->session),
                            imc_session_get_catalog (self->session));
  imc_app_page_set_app (page, app);
  gtk_stack_set_visible_child_name (self->main_stack, "app");
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_set_visible (self->create_button, FALSE);
  gtk_widget_set_visible (self->search_button, FALSE);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  adw_window_title_set_title (self->window_title, imc_app_get_name (app));
}

void
imc_window_show_list (ImcWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "list");
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->create_button, TRUE);
  gtk_widget_set_visible (self->search_button, TRUE);
  adw_window_title_set_title (self->window_title, _("IM Console"));
  if (self->app_page != NULL)
    imc_app_page_set_app (self->app_page, NULL);
}

void
imc_window_show_toast (ImcWindow  *self,
                       const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Every page is in: open the app asked for meanwhile. */
static void
apps_loaded_cb (ImcWindow *self)
{
  ImcApp *app;

  update_list (self);
  if (self->pending_app_id == 0)
    return;

  app = imc_session_find_app (self->session, self->pending_app_id);
  if (app != NULL)
    show_app (self, app);
  else
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, self->pending_app_id);
      /* Translators: %s is an SDKAppID such as 1400000001. */
      g_autofree char *text = g_strdup_printf (_("There is no app with SDKAppID %s."), id);

      imc_window_show_toast (self, text);
    }
  self->pending_app_id = 0;
}

static void
catalog_changed_cb (ImcWindow *self)
{
  if (self->app_page != NULL)
    imc_app_page_set_context (self->app_page, imc_session_get_client (self->session),
                              imc_session_get_catalog (self->session));
}

/* A new connection or client: back to the list, and the page uses it. */
static void
client_changed_cb (ImcWindow *self)
{
  imc_window_show_list (self);
  catalog_changed_cb (self);
}

static void
connection_changed_cb (ImcWindow *self)
{
  client_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_ID]);
}

static void
grid_activate_cb (ImcWindow *self,
                  guint      position)
{
  g_autoptr(ImcApp) app = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (app != NULL)
    show_app (self, app);
}

static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, imc_app_card_new ());
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  imc_app_card_set_app (IMC_APP_CARD (gtk_list_item_get_child (item)),
                        gtk_list_item_get_item (item));
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  imc_app_card_set_app (IMC_APP_CARD (gtk_list_item_get_child (item)), NULL);
}

void
imc_window_open_app (ImcWindow *self,
                     gint64     sdk_app_id)
{
  ImcSessionState state;
  ImcApp *app = NULL;

  g_return_if_fail (IMC_IS_WINDOW (self));

  state = imc_session_get_state (self->session);
  if (state == IMC_SESSION_STATE_READY || state == IMC_SESSION_STATE_OFFLINE)
    app = imc_session_find_app (self->session, sdk_app_id);
  if (app != NULL)
    show_app (self, app);
  else
    self->pending_app_id = sdk_app_id;
}

static void
imc_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ImcWindow *self = IMC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CONNECTION_ID:
      g_value_set_string (value, imc_session_get_connection_id (self->session));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ImcWindow *self = IMC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_CONNECTION_ID:
      imc_session_connect (self->session, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* --- window state ------------------------------------------------------- */

static gboolean
imc_window_close_request (GtkWindow *window)
{
  GSettings *settings = imc_session_get_settings (IMC_WINDOW (window)->session);

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (imc_window_parent_class)->close_request (window);
}

static void
imc_window_dispose (GObject *object)
{
  ImcWindow *self = IMC_WINDOW (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (imc_session_get_apps (self->session), self);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_clear_handle_id (&self->loading_delay_id, g_source_remove);
  if (self->help_overlay != NULL)
    {
      GtkWindow *overlay = self->help_overlay;

      g_clear_weak_pointer (&self->help_overlay);
      gtk_window_destroy (overlay);
    }
  g_clear_object (&self->connection_menu);
  gtk_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_WINDOW);
  /* Gone with the template's widgets. */
  self->app_page = NULL;
  self->edition_filter = NULL;
  self->status_filter = NULL;
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (imc_window_parent_class)->dispose (object);
}

/* The session's model and state, and the settings it keeps. */
static void
bind_session (ImcWindow *self)
{
  GSettings *settings = imc_session_get_settings (self->session);
  GtkNoSelection *selection;

  self->filter = gtk_custom_filter_new (filter_app, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (imc_session_get_apps (self->session)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_object_bind_property (self->session, "connection-name", self->window_title, "subtitle", G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (imc_session_get_apps (self->session), "items-changed", G_CALLBACK (apps_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::state", G_CALLBACK (state_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::client", G_CALLBACK (client_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::catalog", G_CALLBACK (catalog_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::connection-id", G_CALLBACK (connection_changed_cb), self);
  g_signal_connect_swapped (self->session, "filter-changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->session, "apps-loaded", G_CALLBACK (apps_loaded_cb), self);

  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (settings, "changed::connections",
                               G_CALLBACK (imc_window_rebuild_connection_menu), self, G_CONNECT_SWAPPED);
    }
  imc_window_init_actions (self);
  state_changed_cb (self);
}

static void
imc_window_constructed (GObject *object)
{
  ImcWindow *self = IMC_WINDOW (object);

  G_OBJECT_CLASS (imc_window_parent_class)->constructed (object);

  /* A window on its own (a .ui preview, say) gets a session without a
   * sandbox. */
  if (self->session == NULL)
    self->session = imc_session_new (NULL);
  bind_session (self);
}

static void
imc_window_class_init (ImcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = imc_window_constructed;
  object_class->dispose = imc_window_dispose;
  object_class->get_property = imc_window_get_property;
  object_class->set_property = imc_window_set_property;
  window_class->close_request = imc_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, IMC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The session's, for the window.connection radio group. */
  properties[PROP_CONNECTION_ID] =
    g_param_spec_string ("connection-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IMC_TYPE_TOOLBAR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, connection_button);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, offline_bar);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, search_box);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, create_slot);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, loading_box);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, ImcWindow, grid_view);

  imc_window_class_install_actions (widget_class);
}

static void
imc_window_init (ImcWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  {
    GtkWidget *spinner = imc_compat_spinner_new ();

    gtk_widget_set_size_request (spinner, 32, 32);
    gtk_box_prepend (self->loading_box, spinner);
  }
  imc_compat_add_breakpoints (GTK_WIDGET (self), RESOURCE_BASE "/imc-window-breakpoints.ui",
                              "refresh_button", self->refresh_button,
                              "create_slot", self->create_slot,
                              NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card_cb), NULL);
  gtk_grid_view_set_factory (self->grid_view, factory);

  g_signal_connect_object (self->grid_view, "activate", G_CALLBACK (grid_activate_cb), self, G_CONNECT_SWAPPED);
  set_list_state (self, "loading");
}

ImcWindow *
imc_window_new (AdwApplication *application,
                ImcSession     *session)
{
  g_return_val_if_fail (IMC_IS_SESSION (session), NULL);

  return g_object_new (IMC_TYPE_WINDOW, "application", application, "session", session, NULL);
}
