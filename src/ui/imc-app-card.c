/* imc-app-card.c */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-app-card.h"
#include "imc-compat.h"
#include "imc-client.h"

struct _ImcAppCard
{
  GtkWidget  parent_instance;

  ImcApp    *app;

  GtkWidget *box;
  GtkLabel  *name_label;
  GtkLabel  *id_label;
  GtkLabel  *plan_label;
  GtkLabel  *status_label;
  GtkLabel  *created_label;
  GtkLabel  *purge_label;
};

G_DEFINE_FINAL_TYPE (ImcAppCard, imc_app_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_APP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
imc_app_card_update (ImcAppCard *self)
{
  g_autofree char *id = NULL;
  g_autofree char *created = NULL;
  g_autofree char *created_text = NULL;
  g_autofree char *accessible = NULL;
  const ImcPlan *plan;
  gboolean disabled;

  if (self->app == NULL)
    return;

  plan = imc_app_get_plan (self->app);
  disabled = imc_app_get_status (self->app) == IMC_APP_STATUS_DISABLED;

  gtk_label_set_label (self->name_label, imc_app_get_name (self->app));
  id = g_strdup_printf ("%" G_GINT64_FORMAT, imc_app_get_sdk_app_id (self->app));
  /* Translators: %s is an app's numeric ID, e.g. "1400000001". */
  g_autofree char *id_text = g_strdup_printf (_("SDKAppID %s"), id);
  gtk_label_set_label (self->id_label, id_text);

  gtk_label_set_label (self->plan_label, imc_format_plan_name (plan));
  if (plan->edition == IMC_EDITION_FREE)
    gtk_widget_add_css_class (GTK_WIDGET (self->plan_label), "free");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->plan_label), "free");

  gtk_label_set_label (self->status_label, imc_format_status (imc_app_get_status (self->app)));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), disabled ? "enabled" : "disabled");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), disabled ? "disabled" : "enabled");

  if (imc_app_get_created_time (self->app) != NULL)
    {
      created = imc_format_date (imc_app_get_created_time (self->app));
      /* Translators: %s is a date. */
      created_text = g_strdup_printf (_("Created %s"), created);
      gtk_label_set_label (self->created_label, created_text);
    }

  if (disabled && imc_app_get_purge_time (self->app) != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *notice = imc_format_purge_notice (imc_app_get_purge_time (self->app), now);

      gtk_label_set_label (self->purge_label, notice);
      gtk_widget_set_visible (GTK_WIDGET (self->purge_label), TRUE);
    }
  else
    {
      gtk_label_set_label (self->purge_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->purge_label), FALSE);
    }

  accessible = g_strdup_printf ("%s, %s, %s", imc_app_get_name (self->app),
                                imc_format_plan_name (plan),
                                imc_format_status (imc_app_get_status (self->app)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
app_notify_cb (ImcAppCard *self)
{
  imc_app_card_update (self);
}

static void
imc_app_card_dispose (GObject *object)
{
  ImcAppCard *self = IMC_APP_CARD (object);

  imc_app_card_set_app (self, NULL);
  imc_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_APP_CARD);

  G_OBJECT_CLASS (imc_app_card_parent_class)->dispose (object);
}

static void
imc_app_card_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ImcAppCard *self = IMC_APP_CARD (object);

  switch (prop_id)
    {
    case PROP_APP:
      g_value_set_object (value, self->app);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_app_card_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ImcAppCard *self = IMC_APP_CARD (object);

  switch (prop_id)
    {
    case PROP_APP:
      imc_app_card_set_app (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_app_card_class_init (ImcAppCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_app_card_dispose;
  object_class->get_property = imc_app_card_get_property;
  object_class->set_property = imc_app_card_set_property;

  properties[PROP_APP] =
    g_param_spec_object ("app", NULL, NULL, IMC_TYPE_APP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-app-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcAppCard, box);
  gtk_widget_class_bind_template_child (widget_class, ImcAppCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, ImcAppCard, id_label);
  gtk_widget_class_bind_template_child (widget_class, ImcAppCard, plan_label);
  gtk_widget_class_bind_template_child (widget_class, ImcAppCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, ImcAppCard, created_label);
  gtk_widget_class_bind_template_child (widget_class, ImcAppCard, purge_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "imc-app-card");
}

static void
imc_app_card_init (ImcAppCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
imc_app_card_new (void)
{
  return g_object_new (IMC_TYPE_APP_CARD, NULL);
}

ImcApp *
imc_app_card_get_app (ImcAppCard *self)
{
  g_return_val_if_fail (IMC_IS_APP_CARD (self), NULL);
  return self->app;
}

void
imc_app_card_set_app (ImcAppCard *self,
                      ImcApp     *app)
{
  g_return_if_fail (IMC_IS_APP_CARD (self));
  g_return_if_fail (app == NULL || IMC_IS_APP (app));

  if (self->app == app)
    return;

  if (self->app != NULL)
    g_signal_handlers_disconnect_by_func (self->app, app_notify_cb, self);
  g_set_object (&self->app, app);
  if (app != NULL)
    {
      /* The window updates its ImcApp objects in place on refresh. */
      g_signal_connect_object (app, "notify", G_CALLBACK (app_notify_cb), self, G_CONNECT_SWAPPED);
      imc_app_card_update (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APP]);
}
