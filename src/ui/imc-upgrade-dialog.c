/* imc-upgrade-dialog.c
 *
 * Confirm opens the irreversible-upgrade confirmation; only its destructive
 * response sends UpgradeAppPlan. While the call runs, Confirm is
 * insensitive so it cannot be sent twice.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-confirmation.h"
#include "imc-toolbar-view.h"
#include "imc-upgrade-dialog.h"

struct _ImcUpgradeDialog
{
  GtkWidget      parent_instance;

  ImcPlanClient *client;
  ImcCatalog    *catalog;
  ImcApp        *app;
  GCancellable  *cancellable;
  ImcAlert      *confirmation;
  gboolean       busy;

  GtkLabel      *intro_label;
  ImcPlanEditor *editor;
  GtkLabel      *error_label;
  GtkWidget     *cancel_button;
  GtkWidget     *confirm_button;
  GtkWidget     *bottom_bar;
};

G_DEFINE_FINAL_TYPE (ImcUpgradeDialog, imc_upgrade_dialog, GTK_TYPE_WIDGET)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (ImcUpgradeDialog *self,
          gboolean          busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.confirm", !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor), !busy);
}

static void
upgraded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ImcUpgradeDialog *self;
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  app = imc_plan_client_upgrade_app_plan_finish (IMC_PLAN_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = IMC_UPGRADE_DIALOG (user_data);
  set_busy (self, FALSE);
  if (app == NULL)
    {
      g_autofree char *message = imc_plan_client_error_get_user_message (error);

      gtk_label_set_label (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[APPLIED], 0, app);
  imc_compat_dialog_close (GTK_WIDGET (self));
}

static void
confirmation_response_cb (ImcAlert         *dialog,
                          const char       *response,
                          ImcUpgradeDialog *self)
{
  ImcPlan plan;

  self->confirmation = NULL;
  if (!g_str_equal (response, "confirm") || self->busy)
    return;

  imc_plan_editor_get_plan (self->editor, &plan);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  imc_plan_client_upgrade_app_plan_async (self->client, imc_app_get_sdk_app_id (self->app), &plan,
                                          self->cancellable, upgraded_cb, self);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ImcUpgradeDialog *self = IMC_UPGRADE_DIALOG (widget);
  g_autofree char *change = NULL;
  g_autofree char *price = NULL;
  g_autofree char *body = NULL;
  ImcPlan plan;

  if (self->busy || self->confirmation != NULL)
    return;

  imc_plan_editor_get_plan (self->editor, &plan);
  /* The heading stays short (see imc_alert_new()); the app and its new
   * plan open the body. */
  /* Translators: the first %s is an app name, the second a plan such as
   * "Pro-postpaid". */
  change = g_strdup_printf (_("“%s” becomes %s."), imc_app_get_name (self->app),
                            imc_format_plan_name (&plan));
  price = imc_plan_editor_describe_price (self->editor);
  body = g_strdup_printf ("%s\n\n%s\n\n%s\n\n%s", change,
                          _("The app can never return to the Free edition. To use the Free edition again, create a new app."),
                          _("The plan and value-added services take effect immediately."),
                          price);

  /* Irreversible: the confirming response is styled destructive. It says
   * Confirm, the documents' word for completing an upgrade. */
  self->confirmation = imc_confirmation_new (_("Upgrade App?"), body,
                                             "confirm", _("C_onfirm"), ADW_RESPONSE_DESTRUCTIVE,
                                             G_CALLBACK (confirmation_response_cb), self);
  imc_alert_present (self->confirmation, widget, NULL);
}

static void
imc_upgrade_dialog_dispose (GObject *object)
{
  ImcUpgradeDialog *self = IMC_UPGRADE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->confirmation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->confirmation, self);
      imc_compat_dialog_close (GTK_WIDGET (self->confirmation));
      self->confirmation = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_UPGRADE_DIALOG);
  /* The template's root child is not bound to a field: unparent it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->catalog);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (imc_upgrade_dialog_parent_class)->dispose (object);
}

static void
imc_upgrade_dialog_class_init (ImcUpgradeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_upgrade_dialog_dispose;

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, IMC_TYPE_APP);

  g_type_ensure (IMC_TYPE_PLAN_EDITOR);
  g_type_ensure (IMC_TYPE_TOOLBAR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-upgrade-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcUpgradeDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, ImcUpgradeDialog, editor);
  gtk_widget_class_bind_template_child (widget_class, ImcUpgradeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ImcUpgradeDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ImcUpgradeDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, ImcUpgradeDialog, bottom_bar);

  gtk_widget_class_install_action (widget_class, "dialog.confirm", NULL, confirm_action);
  imc_compat_dialog_class_install_close (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
imc_upgrade_dialog_init (ImcUpgradeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

ImcUpgradeDialog *
imc_upgrade_dialog_new (ImcPlanClient *client,
                        ImcCatalog    *catalog,
                        ImcApp        *app)
{
  ImcUpgradeDialog *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (IMC_IS_PLAN_CLIENT (client), NULL);
  g_return_val_if_fail (IMC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (IMC_IS_APP (app), NULL);

  self = g_object_new (IMC_TYPE_UPGRADE_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->catalog = g_object_ref (catalog);
  self->app = g_object_ref (app);

  /* Translators: %s is an app name. */
  intro = g_strdup_printf (_("Upgrade “%s” from the Free edition. Set the plan edition and the "
                             "value-added items at the same time; the Free edition cannot upgrade "
                             "its feature configuration separately."),
                           imc_app_get_name (app));
  gtk_label_set_label (self->intro_label, intro);
  imc_plan_editor_setup (self->editor, client, catalog, app, IMC_PLAN_EDITOR_MODE_UPGRADE);
  return self;
}

void
imc_upgrade_dialog_present (ImcUpgradeDialog *self,
                            GtkWidget        *parent)
{
  g_return_if_fail (IMC_IS_UPGRADE_DIALOG (self));

  imc_compat_dialog_present (GTK_WIDGET (self), parent, _("Upgrade"), 600, 700);
  imc_compat_add_breakpoints (GTK_WIDGET (self), RESOURCE_BASE "/imc-dialog-breakpoints.ui",
                              "cancel_button", self->cancel_button,
                              "confirm_button", self->confirm_button,
                              "bottom_bar", self->bottom_bar,
                              NULL);
}

ImcPlanEditor *
imc_upgrade_dialog_get_editor (ImcUpgradeDialog *self)
{
  g_return_val_if_fail (IMC_IS_UPGRADE_DIALOG (self), NULL);
  return self->editor;
}

ImcAlert *
imc_upgrade_dialog_get_confirmation (ImcUpgradeDialog *self)
{
  g_return_val_if_fail (IMC_IS_UPGRADE_DIALOG (self), NULL);
  return self->confirmation;
}

gboolean
imc_upgrade_dialog_get_busy (ImcUpgradeDialog *self)
{
  g_return_val_if_fail (IMC_IS_UPGRADE_DIALOG (self), FALSE);
  return self->busy;
}
