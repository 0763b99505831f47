/* imc-compat.c */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"

/* Marks the windows this file makes for dialogs and alerts (libadwaita
 * 1.2), so that imc_compat_dialog_close() never closes any other. */
#define DIALOG_WINDOW_KEY "imc-compat-dialog-window"

/* The smallest a dialog window gets (libadwaita 1.2): as the main window
 * (imc-window.ui). */
#define DIALOG_MIN_WIDTH 360
/* The minimum size an AdwDialog needs for breakpoints: below what the main
 * window leaves inside its frame, as AdwAlertDialog's. */
#define SHEET_MIN_WIDTH  300
#define SHEET_MIN_HEIGHT 200

#if IMC_HAVE_ADW_DIALOG
/* libadwaita's AdwSheetControls names the close button of every AdwDialog
 * with gettext ("Close"), in the application's text domain rather than
 * its own, so our catalog has to carry the translation screen readers
 * announce. */
G_GNUC_UNUSED static const char *const sheet_controls_close = N_("Close");
#endif

#if !IMC_HAVE_ADW_DIALOG
static GtkWindow *
parent_window (GtkWidget *parent)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Escape closes a dialog window, as it closes an AdwDialog. */
static void
add_escape_closes (GtkWidget *window)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);
}
#endif

ImcAlert *
imc_alert_new (const char *heading,
               const char *body)
{
#if IMC_HAVE_ADW_DIALOG
  return ADW_ALERT_DIALOG (adw_alert_dialog_new (heading, body));
#else
  GtkWidget *dialog = adw_message_dialog_new (NULL, heading, body);

  g_object_set_data (G_OBJECT (dialog), DIALOG_WINDOW_KEY, GINT_TO_POINTER (TRUE));
  return ADW_MESSAGE_DIALOG (dialog);
#endif
}

void
imc_alert_present (ImcAlert  *self,
                   GtkWidget *parent,
                   GtkWidget *focus)
{
  g_return_if_fail (IMC_IS_ALERT (self));

#if IMC_HAVE_ADW_DIALOG
  adw_dialog_present (ADW_DIALOG (self), parent);
  if (focus != NULL)
    adw_dialog_set_focus (ADW_DIALOG (self), focus);
#else
  gtk_window_set_transient_for (GTK_WINDOW (self), parent_window (parent));
  gtk_window_present (GTK_WINDOW (self));
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
#endif
}

void
imc_compat_dialog_present (GtkWidget  *content,
                           GtkWidget  *parent,
                           const char *title,
                           int         width,
                           int         height)
{
  g_return_if_fail (GTK_IS_WIDGET (content));
  g_return_if_fail (gtk_widget_get_parent (content) == NULL);

#if IMC_HAVE_ADW_DIALOG
  {
    AdwDialog *dialog = adw_dialog_new ();

    adw_dialog_set_title (dialog, title);
    /* A minimum size, which breakpoints need. */
    gtk_widget_set_size_request (GTK_WIDGET (dialog), SHEET_MIN_WIDTH, SHEET_MIN_HEIGHT);
    adw_dialog_set_content_width (dialog, width);
    adw_dialog_set_content_height (dialog, height);
    adw_dialog_set_child (dialog, content);
    adw_dialog_present (dialog, parent);
  }
#else
  {
    GtkWidget *window = g_object_new (ADW_TYPE_WINDOW,
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG,
                                      "title", title,
                                      "modal", TRUE,
                                      "destroy-with-parent", TRUE,
                                      "transient-for", parent_window (parent),
                                      "default-width", width,
                                      "default-height", height,
                                      "width-request", DIALOG_MIN_WIDTH,
                                      "content", content,
                                      NULL);

    g_object_set_data (G_OBJECT (window), DIALOG_WINDOW_KEY, GINT_TO_POINTER (TRUE));
    add_escape_closes (window);
    gtk_window_present (GTK_WINDOW (window));
  }
#endif
}

#if IMC_HAVE_ADW_DIALOG && !ADW_CHECK_VERSION (1, 10, 0)
#define OPENING_FOCUS_KEY "imc-compat-opening-focus"

/* libadwaita before 1.10 (its issue 1113): a bottom sheet, as it opens,
 * moves the focus to its first widget, and the dialog keeps that one
 * rather than its focus widget. The first time the focus enters the
 * dialog, it goes where it was asked to. */
static void
opening_focus_cb (GtkWindow  *window,
                  GParamSpec *pspec,
                  GtkWidget  *dialog)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  GWeakRef *ref = g_object_get_data (G_OBJECT (dialog), OPENING_FOCUS_KEY);
  g_autoptr(GtkWidget) wanted = ref != NULL ? g_weak_ref_get (ref) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, dialog))
    return;

  g_signal_handlers_disconnect_by_func (window, opening_focus_cb, dialog);
  if (wanted != NULL && focus != wanted && !gtk_widget_is_ancestor (focus, wanted))
    gtk_widget_grab_focus (wanted);
  g_object_set_data (G_OBJECT (dialog), OPENING_FOCUS_KEY, NULL);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}
#endif

void
imc_compat_dialog_set_focus (GtkWidget *content,
                             GtkWidget *focus)
{
  g_return_if_fail (GTK_IS_WIDGET (content));
  g_return_if_fail (GTK_IS_WIDGET (focus));
  g_return_if_fail (focus == content || gtk_widget_is_ancestor (focus, content));

#if IMC_HAVE_ADW_DIALOG
  {
    GtkWidget *dialog = gtk_widget_get_ancestor (content, ADW_TYPE_DIALOG);

    g_return_if_fail (dialog != NULL);
    adw_dialog_set_focus (ADW_DIALOG (dialog), focus);
#if !ADW_CHECK_VERSION (1, 10, 0)
    {
      GtkRoot *root = gtk_widget_get_root (dialog);
      GtkWidget *now = GTK_IS_WINDOW (root) ? gtk_window_get_focus (GTK_WINDOW (root)) : NULL;

      /* Not open yet: the focus is still outside. */
      if (GTK_IS_WINDOW (root) && (now == NULL || !gtk_widget_is_ancestor (now, dialog)))
        {
          GWeakRef *ref = g_new0 (GWeakRef, 1);

          g_weak_ref_init (ref, focus);
          g_object_set_data_full (G_OBJECT (dialog), OPENING_FOCUS_KEY, ref,
                                  (GDestroyNotify) weak_ref_free);
          g_signal_handlers_disconnect_by_func (root, opening_focus_cb, dialog);
          g_signal_connect_object (root, "notify::focus-widget",
                                   G_CALLBACK (opening_focus_cb), dialog, 0);
        }
    }
#endif
  }
#else
  {
    GtkRoot *root = gtk_widget_get_root (content);

    g_return_if_fail (GTK_IS_WINDOW (root));
    gtk_window_set_focus (GTK_WINDOW (root), focus);
  }
#endif
}

void
imc_compat_dialog_close (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

#if IMC_HAVE_ADW_DIALOG
  {
    GtkWidget *dialog = gtk_widget_get_ancestor (widget, ADW_TYPE_DIALOG);

    /* Not presented (yet): nothing to close. */
    if (dialog != NULL && gtk_widget_get_parent (dialog) != NULL)
      adw_dialog_close (ADW_DIALOG (dialog));
  }
#else
  {
    GtkRoot *root = gtk_widget_get_root (widget);

    if (root != NULL && g_object_get_data (G_OBJECT (root), DIALOG_WINDOW_KEY) != NULL)
      gtk_window_destroy (GTK_WINDOW (root));
  }
#endif
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  imc_compat_dialog_close (widget);
}

void
imc_compat_dialog_class_install_close (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "dialog.close", NULL, close_action);
}

void
imc_compat_preferences_present (AdwPreferencesPage *page,
                                GtkWidget          *parent,
                                const char         *title,
                                int                 width,
                                int                 height)
{
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

#if IMC_HAVE_ADW_DIALOG
  {
    AdwDialog *dialog = adw_preferences_dialog_new ();

    adw_preferences_dialog_set_search_enabled (ADW_PREFERENCES_DIALOG (dialog), FALSE);
    adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (dialog), page);
    adw_dialog_set_title (dialog, title);
    adw_dialog_set_content_width (dialog, width);
    adw_dialog_set_content_height (dialog, height);
    adw_dialog_present (dialog, parent);
  }
#else
  {
    GtkWidget *window = g_object_new (ADW_TYPE_PREFERENCES_WINDOW,
                                      "title", title,
                                      "modal", TRUE,
                                      "destroy-with-parent", TRUE,
                                      "transient-for", parent_window (parent),
                                      "default-width", width,
                                      "default-height", height,
                                      "width-request", DIALOG_MIN_WIDTH,
                                      "search-enabled", FALSE,
                                      NULL);

    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), page);
    g_object_set_data (G_OBJECT (window), DIALOG_WINDOW_KEY, GINT_TO_POINTER (TRUE));
    add_escape_closes (window);
    gtk_window_present (GTK_WINDOW (window));
  }
#endif
}

#if IMC_HAVE_ADW_DIALOG
static AdwPreferencesDialog *
preferences_of (GtkWidget *inside)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (inside, ADW_TYPE_PREFERENCES_DIALOG);

  return dialog != NULL ? ADW_PREFERENCES_DIALOG (dialog) : NULL;
}
#else
static AdwPreferencesWindow *
preferences_of (GtkWidget *inside)
{
  GtkRoot *root = gtk_widget_get_root (inside);

  return ADW_IS_PREFERENCES_WINDOW (root) ? ADW_PREFERENCES_WINDOW (root) : NULL;
}

/* libadwaita 1.2 removes a closed subpage only when its slide back ends;
 * presenting another one before that crashes in AdwLeaflet (seen in
 * tests/ui/test-connections.c, and a user who reopens an editor at once
 * would hit it). So the closing subpage is remembered, and a new one waits
 * until the old one has left. */
static void
close_subpage (AdwPreferencesWindow *window,
               GtkWidget            *subpage)
{
  g_object_set_data_full (G_OBJECT (window), "imc-closing-subpage",
                          g_object_ref (subpage), g_object_unref);
  adw_preferences_window_close_subpage (window);
}

static void
present_when_closed_cb (GtkWidget  *closing,
                        GParamSpec *pspec,
                        GtkWidget  *subpage)
{
  gpointer *window_ptr = g_object_get_data (G_OBJECT (subpage), "imc-window-ptr");

  if (gtk_widget_get_parent (closing) != NULL)
    return;
  g_signal_handlers_disconnect_by_func (closing, present_when_closed_cb, subpage);
  if (*window_ptr != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (*window_ptr), window_ptr);
      adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (*window_ptr), subpage);
    }
  g_object_unref (subpage);
}

static void
present_subpage (AdwPreferencesWindow *window,
                 GtkWidget            *subpage)
{
  GtkWidget *closing = g_object_get_data (G_OBJECT (window), "imc-closing-subpage");
  gpointer *window_ptr;

  if (closing == NULL || gtk_widget_get_parent (closing) == NULL)
    {
      adw_preferences_window_present_subpage (window, subpage);
      return;
    }
  window_ptr = g_new0 (gpointer, 1);
  *window_ptr = window;
  g_object_add_weak_pointer (G_OBJECT (window), window_ptr);
  g_object_set_data_full (G_OBJECT (subpage), "imc-window-ptr", window_ptr, g_free);
  g_signal_connect (closing, "notify::parent", G_CALLBACK (present_when_closed_cb),
                    g_object_ref_sink (subpage));
}

static void
back_clicked_cb (GtkWidget *subpage)
{
  AdwPreferencesWindow *window = preferences_of (subpage);
  GCallback closed = (GCallback) g_object_get_data (G_OBJECT (subpage), "imc-closed");
  gpointer object = g_object_get_data (G_OBJECT (subpage), "imc-closed-object");

  if (window != NULL)
    close_subpage (window, subpage);
  if (closed != NULL && object != NULL)
    ((void (*) (gpointer, GtkWidget *)) closed) (object, subpage);
}
#endif

GtkWidget *
imc_compat_preferences_push_subpage (GtkWidget  *inside,
                                     const char *title,
                                     GtkWidget  *content,
                                     GCallback   closed,
                                     gpointer    object)
{
  g_return_val_if_fail (GTK_IS_WIDGET (inside), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (content), NULL);
  g_return_val_if_fail (preferences_of (inside) != NULL, NULL);

#if IMC_HAVE_ADW_DIALOG
  {
    GtkWidget *view = adw_toolbar_view_new ();
    AdwNavigationPage *page;

    adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (view), adw_header_bar_new ());
    adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (view), content);
    page = adw_navigation_page_new (view, title);
    if (closed != NULL)
      g_signal_connect_object (page, "hidden", closed, object, G_CONNECT_SWAPPED);
    adw_preferences_dialog_push_subpage (preferences_of (inside), page);
    return GTK_WIDGET (page);
  }
#else
  {
    GtkWidget *subpage = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *header = adw_header_bar_new ();
    GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

    gtk_widget_set_tooltip_text (back, _("Back"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"), -1);
    g_object_set_data (G_OBJECT (subpage), "imc-closed", (gpointer) closed);
    if (closed != NULL)
      g_object_set_data (G_OBJECT (subpage), "imc-closed-object", object);
    g_signal_connect_swapped (back, "clicked", G_CALLBACK (back_clicked_cb), subpage);
    adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
    adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
    gtk_box_append (GTK_BOX (subpage), header);
    gtk_widget_set_vexpand (content, TRUE);
    gtk_box_append (GTK_BOX (subpage), content);
    g_object_set_data (G_OBJECT (preferences_of (inside)), "imc-subpage", subpage);
    present_subpage (preferences_of (inside), subpage);
    return subpage;
  }
#endif
}

void
imc_compat_preferences_pop_subpage (GtkWidget *inside)
{
  g_return_if_fail (GTK_IS_WIDGET (inside));

  if (preferences_of (inside) == NULL)
    return;
#if IMC_HAVE_ADW_DIALOG
  adw_preferences_dialog_pop_subpage (preferences_of (inside));
#else
  {
    AdwPreferencesWindow *window = preferences_of (inside);
    GtkWidget *subpage = g_object_get_data (G_OBJECT (window), "imc-subpage");

    if (subpage != NULL && gtk_widget_is_ancestor (inside, subpage))
      close_subpage (window, subpage);
    else
      adw_preferences_window_close_subpage (window);
  }
#endif
}

void
imc_compat_show_about (GtkWindow  *parent,
                       const char *first_property_name,
                       ...)
{
  va_list args;
  GObject *about;

  va_start (args, first_property_name);
#if IMC_HAVE_ADW_DIALOG
  about = g_object_new_valist (ADW_TYPE_ABOUT_DIALOG, first_property_name, args);
  adw_dialog_present (ADW_DIALOG (about), GTK_WIDGET (parent));
#else
  about = g_object_new_valist (ADW_TYPE_ABOUT_WINDOW, first_property_name, args);
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
#endif
  va_end (args);
}

GtkWidget *
imc_compat_spinner_new (void)
{
#if IMC_HAVE_ADW_SPINNER
  return adw_spinner_new ();
#else
  GtkWidget *spinner = gtk_spinner_new ();

  /* A GtkSpinner animates only while it is mapped. */
  gtk_spinner_start (GTK_SPINNER (spinner));
  return spinner;
#endif
}

#if IMC_HAVE_ADW_BREAKPOINT
/* The dialog or window that @widget's breakpoints belong to. */
static GtkWidget *
breakpoint_holder (GtkWidget *widget)
{
  GtkRoot *root;

#if IMC_HAVE_ADW_DIALOG
  {
    GtkWidget *dialog = gtk_widget_get_ancestor (widget, ADW_TYPE_DIALOG);

    if (dialog != NULL)
      return dialog;
  }
#endif
  root = gtk_widget_get_root (widget);
  if (ADW_IS_WINDOW (root) || ADW_IS_APPLICATION_WINDOW (root))
    return GTK_WIDGET (root);
  return NULL;
}
#endif

void
imc_compat_add_breakpoints (GtkWidget  *widget,
                            const char *resource,
                            const char *first_name,
                            ...)
{
#if IMC_HAVE_ADW_BREAKPOINT
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) objects = NULL;
  GtkWidget *holder = breakpoint_holder (widget);
  va_list args;

  g_return_if_fail (holder != NULL);

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    gtk_builder_expose_object (builder, name, va_arg (args, GObject *));
  va_end (args);

  if (!gtk_builder_add_from_resource (builder, resource, &error))
    g_error ("%s: %s", resource, error->message);

  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      AdwBreakpoint *breakpoint;

      if (!ADW_IS_BREAKPOINT (l->data))
        continue;
      /* The holder takes the reference the builder gives up. */
      breakpoint = g_object_ref (l->data);
      if (ADW_IS_APPLICATION_WINDOW (holder))
        adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (holder), breakpoint);
#if IMC_HAVE_ADW_DIALOG
      else if (ADW_IS_DIALOG (holder))
        adw_dialog_add_breakpoint (ADW_DIALOG (holder), breakpoint);
#endif
      else
        adw_window_add_breakpoint (ADW_WINDOW (holder), breakpoint);
    }
#endif
}

void
imc_widget_dispose_template (GtkWidget *widget,
                             GType      widget_type)
{
  GtkWidget *child;

  gtk_widget_dispose_template (widget, widget_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
