/* imc-app-page.c
 *
 * The page shows an ImcApp owned by the window's list and updates that
 * same object when an action succeeds, so the card in the grid follows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-app-page.h"
#include "imc-compat.h"
#include "imc-confirmation.h"
#include "imc-plan-dialog.h"

#define HISTORY_LIMIT 20

struct _ImcAppPage
{
  GtkWidget      parent_instance;

  ImcPlanClient *client;
  ImcCatalog    *catalog;
  ImcApp        *app;
  GCancellable  *cancellable;
  GCancellable  *history_cancellable;
  gboolean       busy;
  gboolean       read_only;

  AdwActionRow  *name_row;
  AdwActionRow  *id_row;
  AdwActionRow  *status_row;
  AdwActionRow  *created_row;
  AdwActionRow  *purge_row;
  AdwActionRow  *plan_row;
  AdwActionRow  *av_row;
  AdwActionRow  *groups_row;
  AdwActionRow  *members_row;
  AdwActionRow  *retention_row;
  GtkWidget     *upgrade_button;
  GtkWidget     *modify_button;
  GtkWidget     *more_button;
  GtkLabel      *action_hint;
  GtkLabel      *status_banner;
  GtkListBox    *history_list;
};

G_DEFINE_FINAL_TYPE (ImcAppPage, imc_app_page, GTK_TYPE_WIDGET)

static void
show_toast (ImcAppPage *self,
            const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

/* A translated sentence, with the raw code and RequestId one click away. */
static void
show_error_toast (ImcAppPage   *self,
                  const GError *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *message = imc_plan_client_error_get_user_message (error);
  g_autofree char *details = imc_plan_client_error_get_details (error);
  AdwToast *toast;

  if (overlay == NULL)
    return;
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "window.show-details");
  adw_toast_set_action_target_value (toast, g_variant_new_string (details));
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* The row's value, plus "can change again on DATE" when locked. */
static void
set_item_row (ImcAppPage   *self,
              AdwActionRow *row,
              ImcPlanItem   item,
              const char   *value)
{
  GDateTime *next = imc_app_get_next_modifiable (self->app, item);

  if (next != NULL)
    {
      g_autofree char *date = imc_format_date (next);
      /* Translators: %s is a date such as "1 December 2026". */
      g_autofree char *lock = g_strdup_printf (_("Can change again on %s"), date);
      g_autofree char *text = g_strdup_printf ("%s\n%s", value, lock);

      adw_action_row_set_subtitle (row, text);
    }
  else
    adw_action_row_set_subtitle (row, value);
}

static void
update_actions (ImcAppPage *self)
{
  gboolean have = self->app != NULL && self->client != NULL && self->catalog != NULL &&
                  !self->busy && !self->read_only;
  gboolean enabled = self->app != NULL && imc_app_get_status (self->app) == IMC_APP_STATUS_ENABLED;
  gboolean free_plan = self->app != NULL && imc_app_get_edition (self->app) == IMC_EDITION_FREE;
  const char *hint;
  const char *upgrade_tip;
  const char *modify_tip;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.upgrade", have && enabled && free_plan);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.modify", have && enabled && !free_plan);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.disable", have && enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.enable", have && !enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.copy-id", self->app != NULL);

  /* An insensitive action says why. */
  if (self->app == NULL)
    return;
  if (self->read_only)
    {
      hint = _("The server cannot be reached, so this is saved data and nothing can be changed. "
               "Refresh when the connection is back.");
      upgrade_tip = modify_tip = _("Unavailable while offline");
    }
  else if (!enabled)
    {
      hint = _("Upgrade and Modify feature configuration are unavailable while the app is disabled. "
               "Enable the app first (More → Enable app).");
      upgrade_tip = modify_tip = _("Unavailable while the app is disabled");
    }
  else if (free_plan)
    {
      hint = _("Modify feature configuration is available after an upgrade to Pro or Ultimate.");
      upgrade_tip = _("Upgrade to Pro or Ultimate");
      modify_tip = _("Available only for Pro-postpaid or Ultimate-postpaid apps");
    }
  else
    {
      hint = _("Upgrade is available only when the plan is Free. To use the Free edition again, create a new app.");
      upgrade_tip = _("Available only when the plan is Free");
      modify_tip = _("Change the plan edition and value-added items");
    }
  gtk_label_set_label (self->action_hint, hint);
  gtk_widget_set_tooltip_text (self->upgrade_button, upgrade_tip);
  gtk_widget_set_tooltip_text (self->modify_button, modify_tip);
}

static void
update_rows (ImcAppPage *self)
{
  g_autofree char *id = NULL;
  g_autofree char *created = NULL;
  g_autofree char *av = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *members = NULL;
  g_autofree char *members_text = NULL;
  g_autofree char *retention = NULL;
  const ImcPlan *plan;
  gboolean disabled;
  gint cap;

  if (self->app == NULL)
    return;

  plan = imc_app_get_plan (self->app);
  disabled = imc_app_get_status (self->app) == IMC_APP_STATUS_DISABLED;

  adw_action_row_set_subtitle (self->name_row, imc_app_get_name (self->app));
  id = g_strdup_printf ("%" G_GINT64_FORMAT, imc_app_get_sdk_app_id (self->app));
  adw_action_row_set_subtitle (self->id_row, id);
  adw_action_row_set_subtitle (self->status_row, imc_format_status (imc_app_get_status (self->app)));
  if (imc_app_get_created_time (self->app) != NULL)
    {
      created = imc_format_date_time (imc_app_get_created_time (self->app));
      adw_action_row_set_subtitle (self->created_row, created);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->purge_row), disabled && imc_app_get_purge_time (self->app) != NULL);
  if (disabled && imc_app_get_purge_time (self->app) != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *notice = imc_format_purge_notice (imc_app_get_purge_time (self->app), now);

      /* Translators: %s is "Data will be deleted on DATE (N days left)". */
      g_autofree char *banner = g_strdup_printf (_("This app is disabled and its service is stopped. %s."), notice);

      adw_action_row_set_subtitle (self->purge_row, notice);
      gtk_label_set_label (self->status_banner, banner);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_banner), disabled && imc_app_get_purge_time (self->app) != NULL);

  set_item_row (self, self->plan_row, IMC_PLAN_ITEM_EDITION, imc_format_plan_name (plan));

  cap = self->catalog ? imc_catalog_get_av_group_cap (self->catalog) : imc_app_get_max_av_groups (self->app);
  if (plan->edition == IMC_EDITION_ULTIMATE)
    av = g_strdup (_("Unlimited (included in Ultimate)"));
  else if (plan->unlimited_av_groups)
    av = g_strdup (_("Unlimited"));
  else
    av = g_strdup_printf (ngettext ("Off: at most %d audio-video group",
                                    "Off: at most %d audio-video groups",
                                    (unsigned long) cap),
                          cap);
  set_item_row (self, self->av_row, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS, av);

  groups = imc_format_count (plan->max_groups_per_user);
  set_item_row (self, self->groups_row, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, groups);

  members = imc_format_count (plan->max_members_per_group);
  /* Translators: %s is a number of members such as "2,000". */
  members_text = g_strdup_printf (_("%s (non-audio-video groups; each group type also has its own limit)"),
                                  members);
  set_item_row (self, self->members_row, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, members_text);

  retention = g_strdup_printf (ngettext ("%d day. To extend it, go to Feature Configuration > Login and Message.",
                                         "%d days. To extend it, go to Feature Configuration > Login and Message.",
                                         (unsigned long) imc_app_get_message_retention_days (self->app)),
                               imc_app_get_message_retention_days (self->app));
  adw_action_row_set_subtitle (self->retention_row, retention);

  update_actions (self);
}

static void
app_notify_cb (ImcAppPage *self)
{
  update_rows (self);
}

/* --- operation history -------------------------------------------------- */

static const char *
action_title (const char *action)
{
  if (g_str_equal (action, "UpgradeAppPlan"))
    return _("Upgrade");
  if (g_str_equal (action, "ModifyAppPlan"))
    return _("Modify feature configuration");
  if (g_str_equal (action, "DisableApp"))
    return _("Disable app");
  if (g_str_equal (action, "EnableApp"))
    return _("Enable app");
  if (g_str_equal (action, "CreateApp"))
    return _("Create app");
  if (g_str_equal (action, "PurgeApp"))
    return _("Data deleted");
  return action;
}

static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ImcAppPage *self;
  g_autoptr(GPtrArray) logs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  logs = imc_plan_client_describe_app_operation_logs_finish (IMC_PLAN_CLIENT (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = IMC_APP_PAGE (user_data);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  if (logs == NULL || logs->len == 0)
    {
      g_autofree char *message = logs == NULL ? imc_plan_client_error_get_user_message (error) : NULL;
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     logs == NULL ? message : _("No operations yet"));
      gtk_list_box_append (self->history_list, row);
      return;
    }

  for (guint i = 0; i < logs->len; i++)
    {
      ImcOperationLog *log = g_ptr_array_index (logs, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = imc_format_date_time (imc_operation_log_get_time (log));
      const char *who = imc_operation_log_get_secret_id (log);
      g_autofree char *subtitle = NULL;
      g_autofree char *change = NULL;

      if (!imc_plan_equal (imc_operation_log_get_plan_before (log), imc_operation_log_get_plan_after (log)))
        change = g_strdup_printf ("%s → %s",
                                  imc_format_plan_name (imc_operation_log_get_plan_before (log)),
                                  imc_format_plan_name (imc_operation_log_get_plan_after (log)));
      subtitle = g_strdup_printf ("%s · %s%s%s", when,
                                  who && *who ? who : _("server"),
                                  change ? " · " : "", change ? change : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     action_title (imc_operation_log_get_action (log)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->history_list, row);
    }
}

static void
load_history (ImcAppPage *self)
{
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  if (self->app == NULL || self->client == NULL)
    return;

  self->history_cancellable = g_cancellable_new ();
  imc_plan_client_describe_app_operation_logs_async (self->client, imc_app_get_sdk_app_id (self->app),
                                                     0, HISTORY_LIMIT, self->history_cancellable,
                                                     history_cb, self);
}

/* --- actions ------------------------------------------------------------- */

static void
apply_app (ImcAppPage *self,
           ImcApp     *updated,
           const char *toast)
{
  if (self->app != NULL)
    imc_app_update_from (self->app, updated);
  show_toast (self, toast);
  load_history (self);
}

static void
applied_cb (GtkWidget  *dialog,
            ImcApp     *updated,
            ImcAppPage *self)
{
  apply_app (self, updated, _("The new configuration is in effect"));
}

static void
upgrade_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ImcAppPage *self = IMC_APP_PAGE (widget);
  ImcPlanDialog *dialog;

  dialog = imc_plan_dialog_new (IMC_PLAN_DIALOG_MODE_UPGRADE, self->client, self->catalog, self->app);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (applied_cb), self, 0);
  imc_plan_dialog_present (dialog, widget);
}

static void
modify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ImcAppPage *self = IMC_APP_PAGE (widget);
  ImcPlanDialog *dialog;

  dialog = imc_plan_dialog_new (IMC_PLAN_DIALOG_MODE_MODIFY, self->client, self->catalog, self->app);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (applied_cb), self, 0);
  imc_plan_dialog_present (dialog, widget);
}

static void
status_changed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ImcAppPage *self;
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;
  /* One callback for both: the task carries the action's name. */
  gboolean disabling = g_strcmp0 (g_task_get_name (G_TASK (result)), "DisableApp") == 0;

  if (disabling)
    app = imc_plan_client_disable_app_finish (IMC_PLAN_CLIENT (source), result, &error);
  else
    app = imc_plan_client_enable_app_finish (IMC_PLAN_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = IMC_APP_PAGE (user_data);
  self->busy = FALSE;
  update_actions (self);
  if (app == NULL)
    {
      show_error_toast (self, error);
      return;
    }
  apply_app (self, app, disabling ? _("The app is disabled") : _("The app is enabled"));
}

/* Disables or enables the app once its alert answered @wanted. */
static void
change_status (ImcAppPage *self,
               const char *response,
               const char *wanted,
               gboolean    enable)
{
  if (!g_str_equal (response, wanted) || self->app == NULL || self->busy)
    return;

  self->busy = TRUE;
  update_actions (self);
  (enable ? imc_plan_client_enable_app_async : imc_plan_client_disable_app_async)
    (self->client, imc_app_get_sdk_app_id (self->app), self->cancellable, status_changed_cb, self);
}

static void
disable_response_cb (ImcAlert   *dialog,
                     const char *response,
                     ImcAppPage *self)
{
  change_status (self, response, "confirm", FALSE);
}

static void
disable_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ImcAppPage *self = IMC_APP_PAGE (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) purge = imc_rules_purge_time (now);
  g_autofree char *date = imc_format_date (purge);
  g_autofree char *body = NULL;
  ImcAlert *dialog;

  /* Translators: the first %s is an app name, the second a date. */
  body = g_strdup_printf (_("The service of “%s” stops immediately upon disabling. Please operate with caution.\n\n"
                            "A disabled app accrues no plan fees from the next day and can be enabled again "
                            "within 90 days. If it is still disabled on %s, its data and services are deleted "
                            "and cannot be recovered."),
                          imc_app_get_name (self->app), date);
  dialog = imc_confirmation_new (_("Disabling Reminder"), body,
                                 "confirm", _("C_onfirm"), ADW_RESPONSE_DESTRUCTIVE,
                                 G_CALLBACK (disable_response_cb), self);
  imc_alert_present (dialog, widget, NULL);
}

static void
enable_response_cb (ImcAlert   *dialog,
                    const char *response,
                    ImcAppPage *self)
{
  change_status (self, response, "enable", TRUE);
}

static void
enable_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ImcAppPage *self = IMC_APP_PAGE (widget);
  g_autofree char *body = NULL;
  ImcAlert *dialog;

  /* The heading stays short (see imc_alert_new()); the app is in the body. */
  /* Translators: %s is an app name. */
  body = g_strdup_printf (_("The service of “%s” starts again immediately, and plan fees apply again from today."),
                          imc_app_get_name (self->app));
  dialog = imc_confirmation_new (_("Enable App?"), body,
                                 "enable", _("_Enable app"), ADW_RESPONSE_SUGGESTED,
                                 G_CALLBACK (enable_response_cb), self);
  imc_alert_present (dialog, widget, NULL);
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ImcAppPage *self = IMC_APP_PAGE (widget);
  g_autofree char *id = NULL;

  if (self->app == NULL)
    return;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, imc_app_get_sdk_app_id (self->app));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), id);
  show_toast (self, _("SDKAppID copied"));
}

static void
imc_app_page_dispose (GObject *object)
{
  ImcAppPage *self = IMC_APP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->history_cancellable);
  imc_app_page_set_app (self, NULL);
  imc_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_APP_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->history_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (imc_app_page_parent_class)->dispose (object);
}

static void
imc_app_page_class_init (ImcAppPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_app_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-app-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, id_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, purge_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, plan_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, av_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, groups_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, members_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, retention_row);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, upgrade_button);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, modify_button);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, action_hint);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, status_banner);
  gtk_widget_class_bind_template_child (widget_class, ImcAppPage, history_list);

  gtk_widget_class_install_action (widget_class, "page.upgrade", NULL, upgrade_action);
  gtk_widget_class_install_action (widget_class, "page.modify", NULL, modify_action);
  gtk_widget_class_install_action (widget_class, "page.disable", NULL, disable_action);
  gtk_widget_class_install_action (widget_class, "page.enable", NULL, enable_action);
  gtk_widget_class_install_action (widget_class, "page.copy-id", NULL, copy_id_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
imc_app_page_init (ImcAppPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_actions (self);
}

GtkWidget *
imc_app_page_new (void)
{
  return g_object_new (IMC_TYPE_APP_PAGE, NULL);
}

void
imc_app_page_set_context (ImcAppPage    *self,
                          ImcPlanClient *client,
                          ImcCatalog    *catalog)
{
  g_return_if_fail (IMC_IS_APP_PAGE (self));

  g_set_object (&self->client, client);
  g_set_object (&self->catalog, catalog);
  update_rows (self);
  update_actions (self);
}

void
imc_app_page_set_read_only (ImcAppPage *self,
                            gboolean    read_only)
{
  g_return_if_fail (IMC_IS_APP_PAGE (self));

  self->read_only = !!read_only;
  update_actions (self);
}

ImcApp *
imc_app_page_get_app (ImcAppPage *self)
{
  g_return_val_if_fail (IMC_IS_APP_PAGE (self), NULL);
  return self->app;
}

void
imc_app_page_set_app (ImcAppPage *self,
                      ImcApp     *app)
{
  g_return_if_fail (IMC_IS_APP_PAGE (self));
  g_return_if_fail (app == NULL || IMC_IS_APP (app));

  if (self->app == app)
    return;

  if (self->app != NULL)
    g_signal_handlers_disconnect_by_func (self->app, app_notify_cb, self);
  g_set_object (&self->app, app);
  if (app != NULL)
    g_signal_connect_object (app, "notify", G_CALLBACK (app_notify_cb), self, G_CONNECT_SWAPPED);

  update_rows (self);
  update_actions (self);
  load_history (self);
}
