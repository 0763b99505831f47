/* imc-toolbar-view.c */
#include "config.h"

#include "imc-compat.h"
#include "imc-toolbar-view.h"

struct _ImcToolbarView
{
  GtkWidget  parent_instance;

  /* AdwToolbarView, or a vertical box: top bars, content, bottom bars. */
  GtkWidget *view;
#if !IMC_HAVE_ADW_TOOLBAR_VIEW
  GtkWidget *top_bars;
  GtkWidget *bottom_bars;
  GtkWidget *content;
#endif
};

static void imc_toolbar_view_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ImcToolbarView, imc_toolbar_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, imc_toolbar_view_buildable_init))

enum {
  PROP_0,
  PROP_CONTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkBuildableIface *parent_buildable_iface;

static void
imc_toolbar_view_buildable_add_child (GtkBuildable *buildable,
                                      GtkBuilder   *builder,
                                      GObject      *child,
                                      const char   *type)
{
  ImcToolbarView *self = IMC_TOOLBAR_VIEW (buildable);

  if (g_strcmp0 (type, "top") == 0)
    imc_toolbar_view_add_top_bar (self, GTK_WIDGET (child));
  else if (g_strcmp0 (type, "bottom") == 0)
    imc_toolbar_view_add_bottom_bar (self, GTK_WIDGET (child));
  else if (type == NULL && GTK_IS_WIDGET (child))
    imc_toolbar_view_set_content (self, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
imc_toolbar_view_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = imc_toolbar_view_buildable_add_child;
}

static void
imc_toolbar_view_dispose (GObject *object)
{
  ImcToolbarView *self = IMC_TOOLBAR_VIEW (object);

  g_clear_pointer (&self->view, gtk_widget_unparent);

  G_OBJECT_CLASS (imc_toolbar_view_parent_class)->dispose (object);
}

static void
imc_toolbar_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ImcToolbarView *self = IMC_TOOLBAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      g_value_set_object (value, imc_toolbar_view_get_content (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_toolbar_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ImcToolbarView *self = IMC_TOOLBAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      imc_toolbar_view_set_content (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_toolbar_view_class_init (ImcToolbarViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_toolbar_view_dispose;
  object_class->get_property = imc_toolbar_view_get_property;
  object_class->set_property = imc_toolbar_view_set_property;

  properties[PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
imc_toolbar_view_init (ImcToolbarView *self)
{
#if IMC_HAVE_ADW_TOOLBAR_VIEW
  self->view = adw_toolbar_view_new ();
#else
  self->view = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->top_bars = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->bottom_bars = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (self->view), self->top_bars);
  gtk_box_append (GTK_BOX (self->view), self->bottom_bars);
#endif
  gtk_widget_set_parent (self->view, GTK_WIDGET (self));
}

GtkWidget *
imc_toolbar_view_new (void)
{
  return g_object_new (IMC_TYPE_TOOLBAR_VIEW, NULL);
}

void
imc_toolbar_view_add_top_bar (ImcToolbarView *self,
                              GtkWidget      *bar)
{
  g_return_if_fail (IMC_IS_TOOLBAR_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (bar));

#if IMC_HAVE_ADW_TOOLBAR_VIEW
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (self->view), bar);
#else
  gtk_box_append (GTK_BOX (self->top_bars), bar);
#endif
}

void
imc_toolbar_view_add_bottom_bar (ImcToolbarView *self,
                                 GtkWidget      *bar)
{
  g_return_if_fail (IMC_IS_TOOLBAR_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (bar));

#if IMC_HAVE_ADW_TOOLBAR_VIEW
  adw_toolbar_view_add_bottom_bar (ADW_TOOLBAR_VIEW (self->view), bar);
#else
  gtk_box_append (GTK_BOX (self->bottom_bars), bar);
#endif
}

GtkWidget *
imc_toolbar_view_get_content (ImcToolbarView *self)
{
  g_return_val_if_fail (IMC_IS_TOOLBAR_VIEW (self), NULL);

#if IMC_HAVE_ADW_TOOLBAR_VIEW
  return adw_toolbar_view_get_content (ADW_TOOLBAR_VIEW (self->view));
#else
  return self->content;
#endif
}

void
imc_toolbar_view_set_content (ImcToolbarView *self,
                              GtkWidget      *content)
{
  g_return_if_fail (IMC_IS_TOOLBAR_VIEW (self));
  g_return_if_fail (content == NULL || GTK_IS_WIDGET (content));

  if (imc_toolbar_view_get_content (self) == content)
    return;

#if IMC_HAVE_ADW_TOOLBAR_VIEW
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (self->view), content);
#else
  if (self->content != NULL)
    gtk_box_remove (GTK_BOX (self->view), self->content);
  self->content = content;
  if (content != NULL)
    {
      /* The content takes the height the bars leave, as in AdwToolbarView. */
      gtk_widget_set_vexpand (content, TRUE);
      gtk_box_insert_child_after (GTK_BOX (self->view), content, self->top_bars);
    }
#endif
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}
