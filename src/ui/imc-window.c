/* imc-window.c */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "imc-app-card.h"
#include "imc-app-page.h"
#include "imc-compat.h"
#include "imc-connections-page.h"
#include "imc-create-app-dialog.h"
#include "imc-toolbar-view.h"
#include "imc-window.h"

struct _ImcWindow
{
  AdwApplicationWindow  parent_instance;

  ImcPlanClient        *client;
  ImcSandbox           *sandbox;
  char                 *connection_id;
  GCancellable         *connect_cancellable;
  GMenu                *connection_menu;
  ImcCatalog           *catalog;
  GListStore           *apps;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  GCancellable         *load_cancellable;
  GError               *last_error;
  GSettings            *settings;
  gint64                pending_app_id;
  gboolean              loaded;
  gboolean              offline;
  GPtrArray            *incoming;
  guint                 page_size;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *connection_button;
  GtkWidget            *offline_bar;
  GtkLabel             *offline_label;
  GtkWidget            *back_button;
  GtkWidget            *create_button;
  GtkWidget            *search_button;
  GtkSearchBar         *search_bar;
  GtkBox               *search_box;
  GtkSearchEntry       *search_entry;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;
  GtkWidget            *refresh_button;
  GtkWidget            *create_slot;
  GtkStack             *main_stack;
  GtkStack             *list_stack;
  GtkBox               *loading_box;
  guint                 loading_delay_id;
  AdwStatusPage        *failed_page;
  GtkGridView          *grid_view;
  /* Built on first use, owned by the window's widgets. */
  GtkDropDown          *edition_filter;
  GtkDropDown          *status_filter;
  ImcAppPage           *app_page;
  /* While it is open (a weak pointer). */
  GtkWindow            *help_overlay;
};

G_DEFINE_FINAL_TYPE (ImcWindow, imc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Parts of the window that start-up does not show are built on first use
 * from imc-window-parts.ui, so that start-up builds, styles and loads the
 * icons of only what the first frame shows. The builder holds the part
 * until it is added to the window. */
static GtkBuilder *
build_part (const char *id)
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

  builder = build_part (state);
  gtk_stack_add_named (self->list_stack, GTK_WIDGET (gtk_builder_get_object (builder, state)), state);
}

static void search_changed_cb (ImcWindow *self);

/* The search bar's edition and status filters, when it first opens. */
static void
ensure_filters (ImcWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->edition_filter != NULL)
    return;

  builder = build_part ("filters");
  self->edition_filter = GTK_DROP_DOWN (gtk_builder_get_object (builder, "edition_filter"));
  self->status_filter = GTK_DROP_DOWN (gtk_builder_get_object (builder, "status_filter"));
  gtk_box_append (self->search_box, GTK_WIDGET (gtk_builder_get_object (builder, "filters")));
  g_signal_connect_object (self->edition_filter, "notify::selected", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_filter, "notify::selected", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
search_mode_cb (ImcWindow *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    ensure_filters (self);
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
      imc_app_page_set_read_only (self->app_page, self->offline);
      imc_app_page_set_context (self->app_page, self->client, self->catalog);
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->app_page), "app");
    }
  return self->app_page;
}

/* Cards, empty, or no-results, from what is in the list and what is
 * filtered. */
static void
show_list_contents (ImcWindow *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->apps)) == 0)
    set_list_state (self, "empty");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    set_list_state (self, "no-results");
  else
    set_list_state (self, "cards");
}

static void
update_list_state (ImcWindow *self)
{
  if (self->loaded)
    show_list_contents (self);
}

static gboolean
filter_app (gpointer item,
            gpointer user_data)
{
  ImcWindow *self = user_data;
  ImcApp *app = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  guint edition = self->edition_filter != NULL ? gtk_drop_down_get_selected (self->edition_filter) : 0;
  guint status = self->status_filter != NULL ? gtk_drop_down_get_selected (self->status_filter) : 0;

  /* Index 0 of each drop-down is "All"; the rest follow the enums. */
  if (edition != 0 && edition != GTK_INVALID_LIST_POSITION &&
      imc_app_get_edition (app) != (ImcEdition) (edition - 1))
    return FALSE;
  if (status != 0 && status != GTK_INVALID_LIST_POSITION &&
      imc_app_get_status (app) != (ImcAppStatus) (status - 1))
    return FALSE;

  if (text == NULL || *text == '\0')
    return TRUE;

  {
    g_autofree char *trimmed = g_strstrip (g_strdup (text));

    needle = g_utf8_casefold (trimmed, -1);
  }
  name = g_utf8_casefold (imc_app_get_name (app), -1);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, imc_app_get_sdk_app_id (app));
  return strstr (name, needle) != NULL || strstr (id, needle) != NULL;
}

static void
search_changed_cb (ImcWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_list_state (self);
}

static void
show_failed (ImcWindow    *self,
             const GError *error)
{
  g_autofree char *message = imc_plan_client_error_get_user_message (error);

  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  /* Set here, not in the template: GTK loads an image's icon even while
   * its page is not shown, and this 128 px SVG costs as much as a third
   * of the window's other widgets. */
  adw_status_page_set_icon_name (self->failed_page, "network-error-symbolic");
  adw_status_page_set_description (self->failed_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "list");
  set_list_state (self, "failed");
  gtk_widget_set_visible (self->back_button, FALSE);
}

static void
set_offline (ImcWindow *self,
             GDateTime *fetched)
{
  self->offline = fetched != NULL;
  gtk_widget_set_visible (self->offline_bar, self->offline);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.create-app", !self->offline);
  if (self->app_page != NULL)
    imc_app_page_set_read_only (self->app_page, self->offline);
  if (fetched != NULL)
    {
      g_autofree char *when = imc_format_date_time (fetched);
      /* Translators: %s is a date and time. */
      g_autofree char *text = g_strdup_printf (_("The server cannot be reached. These apps are as of %s "
                                                 "and cannot be changed until the connection is back."),
                                               when);

      gtk_label_set_label (self->offline_label, text);
    }
}

static void merge_apps (ImcWindow *self, GPtrArray *fresh);

/* After a failed load: the last apps fetched from this connection, read
 * only, or the failed state when there are none. */
static void
load_failed (ImcWindow    *self,
             const GError *error)
{
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GDateTime) fetched = NULL;
  g_autoptr(GError) cache_error = NULL;

  if (self->connection_id != NULL)
    cached = imc_app_cache_load (self->connection_id, &fetched, &cache_error);
  if (cached == NULL)
    {
      if (cache_error != NULL && !g_error_matches (cache_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("No usable cache of apps: %s", cache_error->message);
      show_failed (self, error);
      return;
    }

  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  merge_apps (self, cached);
  self->loaded = TRUE;
  set_offline (self, fetched);
  update_list_state (self);
}

static ImcApp *
find_app (ImcWindow *self,
          gint64     sdk_app_id,
          guint     *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->apps));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImcApp) app = g_list_model_get_item (G_LIST_MODEL (self->apps), i);

      if (imc_app_get_sdk_app_id (app) == sdk_app_id)
        {
          if (out_position != NULL)
            *out_position = i;
          return app;
        }
    }
  return NULL;
}

static void
show_app (ImcWindow *self,
          ImcApp    *app)
{
  ImcAppPage *page = ensure_app_page (self);

  imc_app_page_set_context (page, self->client, self->catalog);
  imc_app_page_set_app (page, app);
  gtk_stack_set_visible_child_name (self->main_stack, "app");
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_set_visible (self->create_button, FALSE);
  gtk_widget_set_visible (self->search_button, FALSE);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  adw_window_title_set_title (self->window_title, imc_app_get_name (app));
}

static void
show_list (ImcWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "list");
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->create_button, TRUE);
  gtk_widget_set_visible (self->search_button, TRUE);
  adw_window_title_set_title (self->window_title, _("IM Console"));
  if (self->app_page != NULL)
    imc_app_page_set_app (self->app_page, NULL);
}

/* Keeps the ImcApp objects of apps that are still there, so open pages and
 * cards follow the refresh. */
static void
merge_apps (ImcWindow *self,
            GPtrArray *fresh)
{
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < fresh->len; i++)
    {
      ImcApp *app = g_ptr_array_index (fresh, i);
      ImcApp *existing = find_app (self, imc_app_get_sdk_app_id (app), NULL);

      if (existing != NULL)
        {
          imc_app_update_from (existing, app);
          g_ptr_array_add (merged, g_object_ref (existing));
        }
      else
        g_ptr_array_add (merged, g_object_ref (app));
    }

  g_list_store_splice (self->apps, 0, g_list_model_get_n_items (G_LIST_MODEL (self->apps)),
                       merged->pdata, merged->len);
}

/* DescribeApps allows 100 a page. */
#define DEFAULT_PAGE_SIZE 100

static void request_page (ImcWindow *self);

/* All pages are in: reconcile, cache, and open a pending app. */
static void
apps_complete (ImcWindow *self)
{
  g_autoptr(GPtrArray) apps = g_steal_pointer (&self->incoming);

  /* A first load already shows every page as it came; a refresh swaps the
   * list in one go, keeping the objects of apps that are still there. */
  if (self->loaded)
    merge_apps (self, apps);
  self->loaded = TRUE;
  set_offline (self, NULL);
  update_list_state (self);

  if (self->connection_id != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GError) cache_error = NULL;

      if (!imc_app_cache_save (self->connection_id, apps, now, &cache_error))
        g_debug ("Could not cache the apps: %s", cache_error->message);
    }

  if (self->pending_app_id != 0)
    {
      ImcApp *app = find_app (self, self->pending_app_id, NULL);

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
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImcWindow *self = user_data;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  page = imc_plan_client_describe_apps_finish (IMC_PLAN_CLIENT (source), result, &total, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (page == NULL)
    {
      g_debug ("Loading apps failed: %s", error->message);
      g_clear_pointer (&self->incoming, g_ptr_array_unref);
      load_failed (self, error);
      return;
    }

  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (self->incoming, g_object_ref (g_ptr_array_index (page, i)));

  /* On a first load the cards appear page by page, so a large account is
   * usable at once. */
  if (!self->loaded)
    {
      g_list_store_splice (self->apps, g_list_model_get_n_items (G_LIST_MODEL (self->apps)), 0,
                           page->pdata, page->len);
      if (page->len > 0)
        show_list_contents (self);
    }

  /* An empty page ends the walk even if apps vanished meanwhile. */
  if (page->len == 0 || self->incoming->len >= total)
    apps_complete (self);
  else
    request_page (self);
}

static void
request_page (ImcWindow *self)
{
  imc_plan_client_describe_apps_async (self->client, self->incoming->len, self->page_size, NULL, NULL,
                                       self->load_cancellable, page_loaded_cb, self);
}

static void
catalog_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ImcWindow *self = user_data;
  g_autoptr(ImcCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = imc_plan_client_describe_plan_catalog_finish (IMC_PLAN_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (catalog == NULL)
    {
      load_failed (self, error);
      return;
    }

  g_set_object (&self->catalog, catalog);
  if (self->app_page != NULL)
    imc_app_page_set_context (self->app_page, self->client, self->catalog);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  self->incoming = g_ptr_array_new_with_free_func (g_object_unref);
  request_page (self);
}

void
imc_window_reload (ImcWindow *self)
{
  g_return_if_fail (IMC_IS_WINDOW (self));

  if (self->client == NULL)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  /* Keep the cards visible during a refresh; only a first load spins. */
  if (!self->loaded || g_str_equal (gtk_stack_get_visible_child_name (self->list_stack), "failed"))
    {
      self->loaded = FALSE;
      g_list_store_remove_all (self->apps);
      set_list_state (self, "loading");
    }

  /* The load callbacks run only while the window lives: dispose cancels. */
  imc_plan_client_describe_plan_catalog_async (self->client, self->load_cancellable,
                                               catalog_loaded_cb, self);
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

/* --- actions ------------------------------------------------------------- */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ImcWindow *self = IMC_WINDOW (widget);

  /* Without a client (the sandbox did not start, no credentials) or with a
   * sandbox server that died, Retry means connecting again. */
  if (self->connection_id != NULL &&
      (self->client == NULL ||
       (g_str_equal (self->connection_id, IMC_SANDBOX_PROFILE) &&
        self->sandbox != NULL && !imc_sandbox_is_running (self->sandbox))))
    {
      g_autofree char *id = g_strdup (self->connection_id);

      imc_window_connect (self, id);
      return;
    }
  imc_window_reload (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_list (IMC_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ImcWindow *self = IMC_WINDOW (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "app"))
    show_list (self);
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
  g_autofree char *details = NULL;

  if (self->last_error == NULL)
    return;

  details = imc_plan_client_error_get_details (self->last_error);
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
  imc_window_reload (self);
}

static void
create_app_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ImcWindow *self = IMC_WINDOW (widget);
  ImcCreateAppDialog *dialog;

  if (self->client == NULL)
    return;

  dialog = imc_create_app_dialog_new (self->client);
  g_signal_connect_object (dialog, "created", G_CALLBACK (app_created_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "failed", G_CALLBACK (show_error_toast), self, G_CONNECT_SWAPPED);
  imc_create_app_dialog_present (dialog, widget);
}

/* --- connections ----------------------------------------------------------- */

static void
rebuild_connection_menu (ImcWindow *self)
{
  g_autoptr(GMenu) list = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  g_autoptr(GMenuItem) sandbox = NULL;

  g_menu_remove_all (self->connection_menu);

  sandbox = g_menu_item_new (_("Local sandbox"), NULL);
  g_menu_item_set_action_and_target (sandbox, "window.connection", "s", IMC_SANDBOX_PROFILE);
  g_menu_append_item (list, sandbox);

  if (self->settings != NULL)
    {
      g_autoptr(GPtrArray) connections = imc_connections_load (self->settings);

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

static void
show_connections_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ImcWindow *self = IMC_WINDOW (widget);

  if (self->settings == NULL)
    {
      imc_window_show_toast (self, _("Connections cannot be saved: the settings schema is not installed."));
      return;
    }
  imc_connections_page_present (imc_connections_page_new (self->settings), widget);
}

static void
connected_cb (ImcWindow     *self,
              ImcPlanClient *client,
              const char    *name,
              const GError  *error)
{
  if (client == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, name);
      g_list_store_remove_all (self->apps);
      self->loaded = FALSE;
      show_list (self);
      load_failed (self, error);
      return;
    }
  imc_window_set_client (self, client, name);
}

static void
sandbox_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ImcWindow *self;
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = imc_sandbox_start_finish (IMC_SANDBOX (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the window lives (dispose cancels). */
  self = IMC_WINDOW (user_data);
  if (error != NULL)
    g_warning ("Local sandbox: %s", error->message);
  connected_cb (self, client, _("Local sandbox"), error);
}

typedef struct
{
  ImcWindow     *self;
  ImcConnection *connection;
} Lookup;

static void
credentials_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(ImcConnection) connection = lookup->connection;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *secret_key = NULL;
  ImcWindow *self = lookup->self;
  gboolean found;

  g_free (lookup);
  found = imc_credentials_lookup_finish (result, &secret_id, &secret_key, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL && !found)
    error = g_error_new_literal (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_NO_CREDENTIALS,
                                 "No credentials in the keyring");
  if (error != NULL)
    {
      connected_cb (self, NULL, imc_connection_get_name (connection), error);
      return;
    }

  {
    g_autoptr(ImcPlanClient) client = imc_plan_client_new (imc_connection_get_endpoint (connection),
                                                           imc_connection_get_region (connection),
                                                           secret_id, secret_key);

    connected_cb (self, client, imc_connection_get_name (connection), NULL);
  }
}

void
imc_window_connect (ImcWindow  *self,
                    const char *connection_id)
{
  g_autoptr(ImcConnection) connection = NULL;

  g_return_if_fail (IMC_IS_WINDOW (self));

  if (connection_id == NULL || *connection_id == '\0')
    connection_id = IMC_SANDBOX_PROFILE;

  if (self->settings != NULL && !g_str_equal (connection_id, IMC_SANDBOX_PROFILE))
    {
      g_autoptr(GPtrArray) connections = imc_connections_load (self->settings);

      for (guint i = 0; i < connections->len; i++)
        if (g_str_equal (imc_connection_get_id (g_ptr_array_index (connections, i)), connection_id))
          connection = g_object_ref (g_ptr_array_index (connections, i));
    }
  /* A profile that is gone falls back to the sandbox. */
  if (connection == NULL)
    connection_id = IMC_SANDBOX_PROFILE;

  /* @connection_id may be self->connection_id itself: copy first. */
  {
    char *copy = g_strdup (connection_id);

    g_free (self->connection_id);
    self->connection_id = copy;
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_ID]);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-connection", self->connection_id);

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->client);
  self->loaded = FALSE;
  g_list_store_remove_all (self->apps);
  show_list (self);
  set_list_state (self, "loading");

  if (connection == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, _("Local sandbox"));
      if (self->sandbox == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (IMC_PLAN_CLIENT_ERROR,
                                                         IMC_PLAN_CLIENT_ERROR_SANDBOX_FAILED,
                                                         "No local sandbox");
          show_failed (self, error);
          return;
        }
      imc_sandbox_start_async (self->sandbox, self->connect_cancellable, sandbox_started_cb, self);
      return;
    }

  {
    Lookup *lookup = g_new0 (Lookup, 1);

    lookup->self = self;
    lookup->connection = g_object_ref (connection);
    adw_window_title_set_subtitle (self->window_title, imc_connection_get_name (connection));
    imc_credentials_lookup_async (imc_connection_get_id (connection), self->connect_cancellable,
                                  credentials_cb, lookup);
  }
}

void
imc_window_set_sandbox (ImcWindow  *self,
                        ImcSandbox *sandbox)
{
  g_return_if_fail (IMC_IS_WINDOW (self));
  g_set_object (&self->sandbox, sandbox);
}

char *
imc_window_get_last_connection (ImcWindow *self)
{
  g_return_val_if_fail (IMC_IS_WINDOW (self), NULL);

  if (self->settings == NULL)
    return g_strdup (IMC_SANDBOX_PROFILE);
  return g_settings_get_string (self->settings, "last-connection");
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
    case PROP_CONNECTION_ID:
      g_value_set_string (value, self->connection_id ? self->connection_id : IMC_SANDBOX_PROFILE);
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
    case PROP_CONNECTION_ID:
      imc_window_connect (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* --- window state ------------------------------------------------------- */

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Uninstalled runs without the compiled schema still work, without
   * remembering the window size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not found; window state is not saved", APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
imc_window_close_request (GtkWindow *window)
{
  ImcWindow *self = IMC_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (imc_window_parent_class)->close_request (window);
}

static void
imc_window_dispose (GObject *object)
{
  ImcWindow *self = IMC_WINDOW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_handle_id (&self->loading_delay_id, g_source_remove);
  if (self->help_overlay != NULL)
    {
      GtkWindow *overlay = self->help_overlay;

      g_clear_weak_pointer (&self->help_overlay);
      gtk_window_destroy (overlay);
    }
  g_clear_object (&self->connect_cancellable);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->connection_menu);
  g_clear_pointer (&self->connection_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_WINDOW);
  /* Gone with the template's widgets. */
  self->app_page = NULL;
  self->edition_filter = NULL;
  self->status_filter = NULL;
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->apps);
  g_clear_object (&self->client);
  g_clear_object (&self->catalog);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->settings);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);

  G_OBJECT_CLASS (imc_window_parent_class)->dispose (object);
}

static void
imc_window_class_init (ImcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = imc_window_dispose;
  object_class->get_property = imc_window_get_property;
  object_class->set_property = imc_window_set_property;
  window_class->close_request = imc_window_close_request;

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

static void
imc_window_init (ImcWindow *self)
{
  static const GActionEntry win_actions[] = {
    { "show-help-overlay", show_help_overlay, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  {
    GtkWidget *spinner = imc_compat_spinner_new ();

    gtk_widget_set_size_request (spinner, 32, 32);
    gtk_box_prepend (self->loading_box, spinner);
  }
  imc_compat_add_breakpoints (GTK_WIDGET (self), RESOURCE_BASE "/imc-window-breakpoints.ui",
                              "refresh_button", self->refresh_button,
                              "create_slot", self->create_slot,
                              NULL);

  self->page_size = DEFAULT_PAGE_SIZE;
  self->apps = g_list_store_new (IMC_TYPE_APP);
  self->filter = gtk_custom_filter_new (filter_app, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->apps)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card_cb), NULL);
  gtk_grid_view_set_factory (self->grid_view, factory);

  g_signal_connect_object (self->grid_view, "activate", G_CALLBACK (grid_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  self->settings = load_settings ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  self->connection_menu = g_menu_new ();
  rebuild_connection_menu (self);
  gtk_menu_button_set_create_popup_func (self->connection_button, create_menu_popup, self, NULL);
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_menu_popup, self, NULL);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::connections",
                             G_CALLBACK (rebuild_connection_menu), self, G_CONNECT_SWAPPED);

  adw_window_title_set_subtitle (self->window_title, _("Local sandbox"));
  set_list_state (self, "loading");
}

ImcWindow *
imc_window_new (AdwApplication *application)
{
  return g_object_new (IMC_TYPE_WINDOW, "application", application, NULL);
}

void
imc_window_set_client (ImcWindow     *self,
                       ImcPlanClient *client,
                       const char    *connection_name)
{
  g_return_if_fail (IMC_IS_WINDOW (self));
  g_return_if_fail (client == NULL || IMC_IS_PLAN_CLIENT (client));

  g_set_object (&self->client, client);
  if (connection_name != NULL)
    adw_window_title_set_subtitle (self->window_title, connection_name);
  self->loaded = FALSE;
  g_list_store_remove_all (self->apps);
  show_list (self);
  imc_window_reload (self);
}

ImcPlanClient *
imc_window_get_client (ImcWindow *self)
{
  g_return_val_if_fail (IMC_IS_WINDOW (self), NULL);
  return self->client;
}

void
imc_window_show_error (ImcWindow    *self,
                       const GError *error)
{
  g_return_if_fail (IMC_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  show_failed (self, error);
}

void
imc_window_open_app (ImcWindow *self,
                     gint64     sdk_app_id)
{
  ImcApp *app;

  g_return_if_fail (IMC_IS_WINDOW (self));

  app = self->loaded ? find_app (self, sdk_app_id, NULL) : NULL;
  if (app != NULL)
    show_app (self, app);
  else
    self->pending_app_id = sdk_app_id;
}

void
imc_window_show_toast (ImcWindow  *self,
                       const char *text)
{
  AdwToast *toast;

  g_return_if_fail (IMC_IS_WINDOW (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
imc_window_get_state (ImcWindow *self)
{
  g_return_val_if_fail (IMC_IS_WINDOW (self), NULL);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "app"))
    return "app";
  return gtk_stack_get_visible_child_name (self->list_stack);
}

gboolean
imc_window_get_state_settled (ImcWindow *self)
{
  g_return_val_if_fail (IMC_IS_WINDOW (self), FALSE);

  return !gtk_stack_get_transition_running (self->main_stack) &&
         !gtk_stack_get_transition_running (self->list_stack);
}

GListModel *
imc_window_get_apps (ImcWindow *self)
{
  g_return_val_if_fail (IMC_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->apps);
}

ImcAppPage *
imc_window_get_app_page (ImcWindow *self)
{
  g_return_val_if_fail (IMC_IS_WINDOW (self), NULL);
  return ensure_app_page (self);
}

GtkWidget *
imc_window_get_grid_view (ImcWindow *self)
{
  g_return_val_if_fail (IMC_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->grid_view);
}

gboolean
imc_window_get_loaded (ImcWindow *self)
{
  g_return_val_if_fail (IMC_IS_WINDOW (self), FALSE);
  return self->loaded;
}

void
imc_window_set_page_size (ImcWindow *self,
                          guint      page_size)
{
  g_return_if_fail (IMC_IS_WINDOW (self));
  g_return_if_fail (page_size >= 1 && page_size <= 100);

  self->page_size = page_size;
}

void
imc_window_set_filters (ImcWindow *self,
                        int        edition,
                        int        status)
{
  g_return_if_fail (IMC_IS_WINDOW (self));

  ensure_filters (self);
  gtk_drop_down_set_selected (self->edition_filter, edition < 0 ? 0 : (guint) edition + 1);
  gtk_drop_down_set_selected (self->status_filter, status < 0 ? 0 : (guint) status + 1);
}

void
imc_window_set_search_text (ImcWindow  *self,
                            const char *text)
{
  g_return_if_fail (IMC_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  search_changed_cb (self);
}
