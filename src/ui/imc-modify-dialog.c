/* imc-modify-dialog.c
 *
 * Confirm opens a confirmation naming every change; only its Confirm
 * response sends ModifyAppPlan, with just the items that change. While the call runs, Confirm is
 * insensitive so it cannot be sent twice.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-confirmation.h"
#include "imc-modify-dialog.h"
#include "imc-toolbar-view.h"

struct _ImcModifyDialog
{
  GtkWidget      parent_instance;

  ImcPlanClient *client;
  ImcCatalog    *catalog;
  ImcApp        *app;
  GCancellable  *cancellable;
  ImcAlert      *confirmation;
  gboolean       busy;

  GtkLabel      *intro_label;
  GtkLabel      *summary_label;
  ImcPlanEditor *editor;
  GtkLabel      *error_label;
  GtkWidget     *cancel_button;
  GtkWidget     *confirm_button;
  GtkWidget     *bottom_bar;
};

G_DEFINE_FINAL_TYPE (ImcModifyDialog, imc_modify_dialog, GTK_TYPE_WIDGET)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (ImcModifyDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.confirm",
                                 !busy && imc_plan_editor_get_changed_items (self->editor) != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor), !busy);
}

static void
modified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ImcModifyDialog *self;
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  app = imc_plan_client_modify_app_plan_finish (IMC_PLAN_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = IMC_MODIFY_DIALOG (user_data);
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
confirmation_response_cb (ImcAlert        *dialog,
                          const char      *response,
                          ImcModifyDialog *self)
{
  ImcPlanRequest request = { 0 };
  ImcPlan plan;
  guint changed;

  self->confirmation = NULL;
  if (!g_str_equal (response, "confirm") || self->busy)
    return;

  imc_plan_editor_get_plan (self->editor, &plan);
  changed = imc_plan_editor_get_changed_items (self->editor);
  /* Only what changes is sent: each item sent may count as this month's
   * change of that item. */
  for (ImcPlanItem item = 0; item < IMC_N_PLAN_ITEMS; item++)
    if (changed & IMC_PLAN_ITEM_FLAG (item))
      imc_plan_request_set_item (&request, item, imc_plan_get_item (&plan, item));

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  imc_plan_client_modify_app_plan_async (self->client, imc_app_get_sdk_app_id (self->app), &request,
                                         self->cancellable, modified_cb, self);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ImcModifyDialog *self = IMC_MODIFY_DIALOG (widget);
  g_autofree char *which = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *price = NULL;
  g_autofree char *body = NULL;

  if (self->busy || self->confirmation != NULL ||
      imc_plan_editor_get_changed_items (self->editor) == 0)
    return;

  /* The heading stays short (see imc_alert_new()); the app opens the body. */
  /* Translators: %s is an app name; the changes follow, one a line. */
  which = g_strdup_printf (_("Changes to “%s”:"), imc_app_get_name (self->app));
  changes = imc_plan_editor_describe_changes (self->editor);
  price = imc_plan_editor_describe_price (self->editor);
  body = g_strdup_printf ("%s\n%s\n\n%s\n\n%s", which, changes,
                          _("The changes take effect immediately. Each changed item cannot be changed again this calendar month."),
                          price);

  self->confirmation = imc_confirmation_new (_("Apply Changes?"), body,
                                             "confirm", _("C_onfirm"), ADW_RESPONSE_SUGGESTED,
                                             G_CALLBACK (confirmation_response_cb), self);
  imc_alert_present (self->confirmation, widget, NULL);
}

static void
editor_changed_cb (ImcModifyDialog *self)
{
  g_autofree char *changes = imc_plan_editor_describe_changes (self->editor);

  gtk_label_set_label (self->summary_label,
                       *changes != '\0' ? changes : _("Nothing is changed yet."));
  set_busy (self, self->busy);
}

static void
imc_modify_dialog_dispose (GObject *object)
{
  ImcModifyDialog *self = IMC_MODIFY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->confirmation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->confirmation, self);
      imc_compat_dialog_close (GTK_WIDGET (self->confirmation));
      self->confirmation = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_MODIFY_DIALOG);
  /* The template's root child is not bound to a field: unparent it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->catalog);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (imc_modify_dialog_parent_class)->dispose (object);
}

static void
imc_modify_dialog_class_init (ImcModifyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_modify_dialog_dispose;

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, IMC_TYPE_APP);

  g_type_ensure (IMC_TYPE_PLAN_EDITOR);
  g_type_ensure (IMC_TYPE_TOOLBAR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-modify-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcModifyDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, ImcModifyDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ImcModifyDialog, editor);
  gtk_widget_class_bind_template_child (widget_class, ImcModifyDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ImcModifyDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ImcModifyDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, ImcModifyDialog, bottom_bar);

  gtk_widget_class_install_action (widget_class, "dialog.confirm", NULL, confirm_action);
  imc_compat_dialog_class_install_close (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
imc_modify_dialog_init (ImcModifyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->editor, "changed", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
}

ImcModifyDialog *
imc_modify_dialog_new (ImcPlanClient *client,
                       ImcCatalog    *catalog,
                       ImcApp        *app)
{
  ImcModifyDialog *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (IMC_IS_PLAN_CLIENT (client), NULL);
  g_return_val_if_fail (IMC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (IMC_IS_APP (app), NULL);

  self = g_object_new (IMC_TYPE_MODIFY_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->catalog = g_object_ref (catalog);
  self->app = g_object_ref (app);

  /* Translators: %s is an app name. */
  intro = g_strdup_printf (_("Change the plan edition and value-added items of “%s”. "
                             "Pro and Ultimate can be changed into each other; an app cannot return to Free."),
                           imc_app_get_name (app));
  gtk_label_set_label (self->intro_label, intro);
  imc_plan_editor_setup (self->editor, client, catalog, app, IMC_PLAN_EDITOR_MODE_MODIFY);
  return self;
}

void
imc_modify_dialog_present (ImcModifyDialog *self,
                           GtkWidget       *parent)
{
  g_return_if_fail (IMC_IS_MODIFY_DIALOG (self));

  imc_compat_dialog_present (GTK_WIDGET (self), parent, _("Modify feature configuration"), 600, 700);
  imc_compat_add_breakpoints (GTK_WIDGET (self), RESOURCE_BASE "/imc-dialog-breakpoints.ui",
                              "cancel_button", self->cancel_button,
                              "confirm_button", self->confirm_button,
                              "bottom_bar", self->bottom_bar,
                              NULL);
}

ImcPlanEditor *
imc_modify_dialog_get_editor (ImcModifyDialog *self)
{
  g_return_val_if_fail (IMC_IS_MODIFY_DIALOG (self), NULL);
  return self->editor;
}

ImcAlert *
imc_modify_dialog_get_confirmation (ImcModifyDialog *self)
{
  g_return_val_if_fail (IMC_IS_MODIFY_DIALOG (self), NULL);
  return self->confirmation;
}

gboolean
imc_modify_dialog_get_busy (ImcModifyDialog *self)
{
  g_return_val_if_fail (IMC_IS_MODIFY_DIALOG (self), FALSE);
  return self->busy;
}
