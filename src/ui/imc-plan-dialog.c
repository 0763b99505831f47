/* imc-plan-dialog.c
 *
 * Confirm opens a confirmation; only its confirming response sends
 * UpgradeAppPlan (the irreversible upgrade, styled destructive) or
 * ModifyAppPlan (with just the items that change). While the call runs,
 * Confirm is insensitive so it cannot be sent twice. What differs between
 * the modes is in modes[] and in the few functions that switch on the mode.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-confirmation.h"
#include "imc-plan-dialog.h"
#include "imc-toolbar-view.h"

typedef struct
{
  const char            *title;
  const char            *note;
  const char            *heading;
  AdwResponseAppearance  appearance;
  ImcPlanEditorMode      editor_mode;
} ModeInfo;

static const ModeInfo modes[] = {
  [IMC_PLAN_DIALOG_MODE_UPGRADE] = {
    N_("Upgrade"),
    N_("The plan can be upgraded from the Free edition to Pro or Ultimate, but not back. "
       "To use the Free edition again, create a new app. After the upgrade, the plan and "
       "value-added services take effect immediately."),
    N_("Upgrade App?"),
    /* Irreversible: the confirming response is styled destructive. It says
     * Confirm, the documents' word for completing an upgrade. */
    ADW_RESPONSE_DESTRUCTIVE,
    IMC_PLAN_EDITOR_MODE_UPGRADE,
  },
  [IMC_PLAN_DIALOG_MODE_MODIFY] = {
    N_("Modify feature configuration"),
    N_("You can modify the plan and value-added services of an app only once in a calendar "
       "month. After the modification, the configuration takes effect immediately. To extend "
       "the storage period of historical messages, go to Feature Configuration > Login and "
       "Message."),
    N_("Apply Changes?"),
    ADW_RESPONSE_SUGGESTED,
    IMC_PLAN_EDITOR_MODE_MODIFY,
  },
};

struct _ImcPlanDialog
{
  GtkWidget          parent_instance;

  ImcPlanDialogMode  mode;
  ImcPlanClient     *client;
  ImcCatalog        *catalog;
  ImcApp            *app;
  GCancellable      *cancellable;
  ImcAlert          *confirmation;
  gboolean           busy;

  GtkLabel          *intro_label;
  ImcPlanEditor     *editor;
  GtkWidget         *summary_group;
  GtkLabel          *summary_label;
  GtkLabel          *note_label;
  GtkLabel          *error_label;
  GtkWidget         *cancel_button;
  GtkWidget         *confirm_button;
  GtkWidget         *bottom_bar;
};

G_DEFINE_ENUM_TYPE (ImcPlanDialogMode, imc_plan_dialog_mode,
                    G_DEFINE_ENUM_VALUE (IMC_PLAN_DIALOG_MODE_UPGRADE, "upgrade"),
                    G_DEFINE_ENUM_VALUE (IMC_PLAN_DIALOG_MODE_MODIFY, "modify"))

G_DEFINE_FINAL_TYPE (ImcPlanDialog, imc_plan_dialog, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_CLIENT,
  PROP_CATALOG,
  PROP_APP,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Modify with nothing changed has nothing to confirm. */
static gboolean
can_confirm (ImcPlanDialog *self)
{
  return self->mode != IMC_PLAN_DIALOG_MODE_MODIFY ||
         imc_plan_editor_get_changed_items (self->editor) != 0;
}

static void
set_busy (ImcPlanDialog *self,
          gboolean       busy)
{
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.confirm", !busy && can_confirm (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor), !busy);
}

/* The answer to UpgradeAppPlan or ModifyAppPlan, @self alive (the call is
 * cancelled in dispose). */
static void
finish_apply (ImcPlanDialog *self,
              ImcApp        *app,
              GError        *error)
{
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

/* The answer to either call; which one is read from the result, since
 * @user_data may be gone when the call was cancelled. */
static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ImcPlanClient *client = IMC_PLAN_CLIENT (source);
  g_autoptr(ImcApp) app = NULL;
  g_autoptr(GError) error = NULL;

  if (g_async_result_is_tagged (result, imc_plan_client_upgrade_app_plan_async))
    app = imc_plan_client_upgrade_app_plan_finish (client, result, &error);
  else
    app = imc_plan_client_modify_app_plan_finish (client, result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish_apply (IMC_PLAN_DIALOG (user_data), app, error);
}

static void
send_modify (ImcPlanDialog *self,
             const ImcPlan *plan)
{
  ImcPlanRequest request = { 0 };
  guint changed;

  changed = imc_plan_editor_get_changed_items (self->editor);
  /* Only what changes is sent: each item sent may count as this month's
   * change of that item. */
  for (ImcPlanItem item = 0; item < IMC_N_PLAN_ITEMS; item++)
    if (changed & IMC_PLAN_ITEM_FLAG (item))
      imc_plan_request_set_item (&request, item, imc_plan_get_item (plan, item));

  imc_plan_client_modify_app_plan_async (self->client, imc_app_get_sdk_app_id (self->app), &request,
                                         self->cancellable, applied_cb, self);
}

static void
confirmation_response_cb (ImcAlert      *dialog,
                          const char    *response,
                          ImcPlanDialog *self)
{
  ImcPlan plan;

  self->confirmation = NULL;
  if (!g_str_equal (response, "confirm") || self->busy)
    return;

  imc_plan_editor_get_plan (self->editor, &plan);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  if (self->mode == IMC_PLAN_DIALOG_MODE_UPGRADE)
    imc_plan_client_upgrade_app_plan_async (self->client, imc_app_get_sdk_app_id (self->app), &plan,
                                            self->cancellable, applied_cb, self);
  else
    send_modify (self, &plan);
}

/* The heading stays short (see imc_alert_new()); the app opens the body. */
static char *
upgrade_body (ImcPlanDialog *self)
{
  g_autofree char *change = NULL;
  g_autofree char *price = NULL;
  ImcPlan plan;

  imc_plan_editor_get_plan (self->editor, &plan);
  /* Translators: the first %s is an app name, the second a plan such as
   * "Pro-postpaid". */
  change = g_strdup_printf (_("“%s” becomes %s."), imc_app_get_name (self->app),
                            imc_format_plan_name (&plan));
  price = imc_plan_editor_describe_price (self->editor);
  return g_strdup_printf ("%s\n\n%s\n\n%s\n\n%s", change,
                          _("The app can never return to the Free edition. To use the Free edition again, create a new app."),
                          _("The plan and value-added services take effect immediately."),
                          price);
}

static char *
modify_body (ImcPlanDialog *self)
{
  g_autofree char *which = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *price = NULL;

  /* Translators: %s is an app name; the changes follow, one a line. */
  which = g_strdup_printf (_("Changes to “%s”:"), imc_app_get_name (self->app));
  changes = imc_plan_editor_describe_changes (self->editor);
  price = imc_plan_editor_describe_price (self->editor);
  return g_strdup_printf ("%s\n%s\n\n%s\n\n%s", which, changes,
                          _("The changes take effect immediately. Each changed item cannot be changed again this calendar month."),
                          price);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ImcPlanDialog *self = IMC_PLAN_DIALOG (widget);
  g_autofree char *body = NULL;

  if (self->busy || self->confirmation != NULL || !can_confirm (self))
    return;

  if (self->mode == IMC_PLAN_DIALOG_MODE_UPGRADE)
    body = upgrade_body (self);
  else
    body = modify_body (self);
  self->confirmation = imc_confirmation_new (_(modes[self->mode].heading), body,
                                             "confirm", _("C_onfirm"), modes[self->mode].appearance,
                                             G_CALLBACK (confirmation_response_cb), self);
  imc_alert_present (self->confirmation, widget, NULL);
}

static void
editor_changed_cb (ImcPlanDialog *self)
{
  g_autofree char *changes = imc_plan_editor_describe_changes (self->editor);

  gtk_label_set_label (self->summary_label,
                       *changes != '\0' ? changes : _("Nothing is changed yet."));
  set_busy (self, self->busy);
}

static char *
intro_text (ImcPlanDialog *self)
{
  if (self->mode == IMC_PLAN_DIALOG_MODE_UPGRADE)
    /* Translators: %s is an app name. */
    return g_strdup_printf (_("Upgrade “%s” from the Free edition. Set the plan edition and the "
                              "value-added items at the same time; the Free edition cannot upgrade "
                              "its feature configuration separately."),
                            imc_app_get_name (self->app));
  /* Translators: %s is an app name. */
  return g_strdup_printf (_("Change the plan edition and value-added items of “%s”. "
                            "Pro and Ultimate can be changed into each other; an app cannot return to Free."),
                          imc_app_get_name (self->app));
}

static void
imc_plan_dialog_constructed (GObject *object)
{
  ImcPlanDialog *self = IMC_PLAN_DIALOG (object);
  g_autofree char *intro = NULL;

  G_OBJECT_CLASS (imc_plan_dialog_parent_class)->constructed (object);

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self->client));
  g_return_if_fail (IMC_IS_CATALOG (self->catalog));
  g_return_if_fail (IMC_IS_APP (self->app));

  intro = intro_text (self);
  gtk_label_set_label (self->intro_label, intro);
  gtk_label_set_label (self->note_label, _(modes[self->mode].note));
  /* Modify shows what changes as it changes; an upgrade sets every item. */
  if (self->mode == IMC_PLAN_DIALOG_MODE_MODIFY)
    {
      gtk_widget_set_visible (self->summary_group, TRUE);
      g_signal_connect_object (self->editor, "changed", G_CALLBACK (editor_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  imc_plan_editor_setup (self->editor, self->client, self->catalog, self->app,
                         modes[self->mode].editor_mode);
}

static void
imc_plan_dialog_dispose (GObject *object)
{
  ImcPlanDialog *self = IMC_PLAN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->confirmation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->confirmation, self);
      imc_compat_dialog_close (GTK_WIDGET (self->confirmation));
      self->confirmation = NULL;
    }
  imc_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_PLAN_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->catalog);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (imc_plan_dialog_parent_class)->dispose (object);
}

static void
imc_plan_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ImcPlanDialog *self = IMC_PLAN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_APP:
      g_value_set_object (value, self->app);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_plan_dialog_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ImcPlanDialog *self = IMC_PLAN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_APP:
      self->app = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_plan_dialog_class_init (ImcPlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = imc_plan_dialog_constructed;
  object_class->dispose = imc_plan_dialog_dispose;
  object_class->get_property = imc_plan_dialog_get_property;
  object_class->set_property = imc_plan_dialog_set_property;

  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, IMC_TYPE_PLAN_DIALOG_MODE,
                                             IMC_PLAN_DIALOG_MODE_UPGRADE, flags);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, IMC_TYPE_PLAN_CLIENT, flags);
  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, IMC_TYPE_CATALOG, flags);
  properties[PROP_APP] = g_param_spec_object ("app", NULL, NULL, IMC_TYPE_APP, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, IMC_TYPE_APP);

  g_type_ensure (IMC_TYPE_PLAN_EDITOR);
  g_type_ensure (IMC_TYPE_TOOLBAR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-plan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, editor);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, summary_group);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanDialog, bottom_bar);

  gtk_widget_class_install_action (widget_class, "dialog.confirm", NULL, confirm_action);
  imc_compat_dialog_class_install_close (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
imc_plan_dialog_init (ImcPlanDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

ImcPlanDialog *
imc_plan_dialog_new (ImcPlanDialogMode  mode,
                     ImcPlanClient     *client,
                     ImcCatalog        *catalog,
                     ImcApp            *app)
{
  g_return_val_if_fail (mode == IMC_PLAN_DIALOG_MODE_UPGRADE || mode == IMC_PLAN_DIALOG_MODE_MODIFY, NULL);
  g_return_val_if_fail (IMC_IS_PLAN_CLIENT (client), NULL);
  g_return_val_if_fail (IMC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (IMC_IS_APP (app), NULL);

  return g_object_new (IMC_TYPE_PLAN_DIALOG,
                       "mode", mode,
                       "client", client,
                       "catalog", catalog,
                       "app", app,
                       NULL);
}

void
imc_plan_dialog_present (ImcPlanDialog *self,
                         GtkWidget     *parent)
{
  g_return_if_fail (IMC_IS_PLAN_DIALOG (self));

  imc_compat_dialog_present (GTK_WIDGET (self), parent, _(modes[self->mode].title), 600, 700);
  imc_compat_add_breakpoints (GTK_WIDGET (self), RESOURCE_BASE "/imc-dialog-breakpoints.ui",
                              "cancel_button", self->cancel_button,
                              "confirm_button", self->confirm_button,
                              "bottom_bar", self->bottom_bar,
                              NULL);
}

ImcPlanDialogMode
imc_plan_dialog_get_mode (ImcPlanDialog *self)
{
  g_return_val_if_fail (IMC_IS_PLAN_DIALOG (self), IMC_PLAN_DIALOG_MODE_UPGRADE);
  return self->mode;
}
