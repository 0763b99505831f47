/* imc-create-app-dialog.c
 *
 * Create is enabled only while the name is a valid app name, and Enter in
 * the name field does what Create does. While CreateApp runs, Create is
 * insensitive and the name read only, so the app cannot be created twice.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-create-app-dialog.h"
#include "imc-toolbar-view.h"

/* AppName: 1–64 characters after trimming (docs/plan-api.md). */
#define MAX_NAME_LENGTH 64

struct _ImcCreateAppDialog
{
  GtkWidget      parent_instance;

  ImcPlanClient *client;
  GCancellable  *cancellable;
  gboolean       busy;

  AdwEntryRow   *name_row;
  GtkWidget     *cancel_button;
  GtkWidget     *create_button;
};

G_DEFINE_FINAL_TYPE (ImcCreateAppDialog, imc_create_app_dialog, GTK_TYPE_WIDGET)

enum {
  CREATED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The name as it will be sent (trimmed), or NULL while it is not a valid
 * app name (blank, or longer than 64 characters). Free it. */
static char *
get_name (ImcCreateAppDialog *self)
{
  g_autofree char *name = NULL;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*name == '\0' || g_utf8_strlen (name, -1) > MAX_NAME_LENGTH)
    return NULL;
  return g_steal_pointer (&name);
}

static void
update_create (ImcCreateAppDialog *self)
{
  g_autofree char *name = get_name (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create", !self->busy && name != NULL);
}

static void
set_busy (ImcCreateAppDialog *self,
          gboolean            busy)
{
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  /* Read only rather than insensitive: GTK 4.8 keeps the cursor of a
   * focused text blinking when it becomes insensitive, and warns. */
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !busy);
  update_create (self);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ImcCreateAppDialog *self;
  g_autoptr(GError) error = NULL;
  gint64 sdk_app_id;

  sdk_app_id = imc_plan_client_create_app_finish (IMC_PLAN_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the dialog lives (dispose cancels). */
  self = IMC_CREATE_APP_DIALOG (user_data);
  set_busy (self, FALSE);
  /* The window shows either outcome: a toast, as for the other calls. */
  if (error != NULL)
    g_signal_emit (self, signals[FAILED], 0, error);
  else
    g_signal_emit (self, signals[CREATED], 0, sdk_app_id);
  imc_compat_dialog_close (GTK_WIDGET (self));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ImcCreateAppDialog *self = IMC_CREATE_APP_DIALOG (widget);
  g_autofree char *name = get_name (self);

  if (self->busy || name == NULL)
    return;

  set_busy (self, TRUE);
  imc_plan_client_create_app_async (self->client, name, self->cancellable, created_cb, self);
}

static void
name_changed_cb (ImcCreateAppDialog *self)
{
  update_create (self);
}

/* Enter in the name field creates the app when Create is enabled. */
static void
name_activated_cb (ImcCreateAppDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.create", NULL);
}

static void
imc_create_app_dialog_dispose (GObject *object)
{
  ImcCreateAppDialog *self = IMC_CREATE_APP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  imc_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_CREATE_APP_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (imc_create_app_dialog_parent_class)->dispose (object);
}

static void
imc_create_app_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ImcCreateAppDialog *self = IMC_CREATE_APP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_create_app_dialog_class_init (ImcCreateAppDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_create_app_dialog_dispose;
  object_class->get_property = imc_create_app_dialog_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (IMC_TYPE_TOOLBAR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-create-app-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcCreateAppDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, ImcCreateAppDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ImcCreateAppDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.create", NULL, create_action);
  imc_compat_dialog_class_install_close (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
imc_create_app_dialog_init (ImcCreateAppDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* AdwEntryRow has max-length only from libadwaita 1.5; its text has it
   * everywhere. */
  gtk_text_set_max_length (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->name_row))),
                           MAX_NAME_LENGTH);
  update_create (self);
}

ImcCreateAppDialog *
imc_create_app_dialog_new (ImcPlanClient *client)
{
  ImcCreateAppDialog *self;

  g_return_val_if_fail (IMC_IS_PLAN_CLIENT (client), NULL);

  self = g_object_new (IMC_TYPE_CREATE_APP_DIALOG, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
imc_create_app_dialog_present (ImcCreateAppDialog *self,
                               GtkWidget          *parent)
{
  g_return_if_fail (IMC_IS_CREATE_APP_DIALOG (self));

  imc_compat_dialog_present (GTK_WIDGET (self), parent, _("Create App"), 420, -1);
  imc_compat_dialog_set_focus (GTK_WIDGET (self), GTK_WIDGET (self->name_row));
}
