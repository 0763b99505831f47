/* imc-compat.h: the one place that knows which libadwaita and GTK the app
 * is built for. The build sets the version macros to the platform's own
 * versions (meson.build), so each build uses the widgets its platform has
 * and none that it deprecates:
 *
 *                      libadwaita >= 1.5 (Debian 13)   libadwaita 1.2 (Debian 12)
 *   confirmations      AdwAlertDialog                  AdwMessageDialog
 *   dialogs            AdwDialog (bottom sheet when    modal AdwWindow
 *                      the window is narrow)
 *   Connections        AdwPreferencesDialog            AdwPreferencesWindow
 *   About              AdwAboutDialog                  AdwAboutWindow
 *   header + content   AdwToolbarView (>= 1.4)         GtkBox (ImcToolbarView)
 *   narrow windows     AdwBreakpoint (>= 1.4)          the layout as it is
 *   spinner            AdwSpinner (>= 1.6)             GtkSpinner
 *
 * A dialog's content is a widget with its own template; the functions here
 * put it into whichever dialog the platform has. Widgets never test
 * versions themselves. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IMC_HAVE_ADW_DIALOG       ADW_CHECK_VERSION (1, 5, 0)
#define IMC_HAVE_ADW_TOOLBAR_VIEW ADW_CHECK_VERSION (1, 4, 0)
#define IMC_HAVE_ADW_BREAKPOINT   ADW_CHECK_VERSION (1, 4, 0)
#define IMC_HAVE_ADW_SPINNER      ADW_CHECK_VERSION (1, 6, 0)

/* --- alerts ---------------------------------------------------------------
 * ImcAlert is AdwAlertDialog or AdwMessageDialog, whose API is the same
 * but for the prefix; both emit "response" (ImcAlert *, const char *). */
#if IMC_HAVE_ADW_DIALOG
typedef AdwAlertDialog ImcAlert;
#define IMC_TYPE_ALERT                     ADW_TYPE_ALERT_DIALOG
#define IMC_ALERT(obj)                     ADW_ALERT_DIALOG (obj)
#define IMC_IS_ALERT(obj)                  ADW_IS_ALERT_DIALOG (obj)
#define imc_alert_add_response             adw_alert_dialog_add_response
#define imc_alert_add_responses            adw_alert_dialog_add_responses
#define imc_alert_get_heading              adw_alert_dialog_get_heading
#define imc_alert_get_body                 adw_alert_dialog_get_body
#define imc_alert_get_response_label       adw_alert_dialog_get_response_label
#define imc_alert_set_extra_child          adw_alert_dialog_set_extra_child
#define imc_alert_get_extra_child          adw_alert_dialog_get_extra_child
#define imc_alert_set_response_appearance  adw_alert_dialog_set_response_appearance
#define imc_alert_get_response_appearance  adw_alert_dialog_get_response_appearance
#define imc_alert_set_response_enabled     adw_alert_dialog_set_response_enabled
#define imc_alert_get_response_enabled     adw_alert_dialog_get_response_enabled
#define imc_alert_set_default_response     adw_alert_dialog_set_default_response
#define imc_alert_get_default_response     adw_alert_dialog_get_default_response
#define imc_alert_set_close_response       adw_alert_dialog_set_close_response
#define imc_alert_get_close_response       adw_alert_dialog_get_close_response
#else
typedef AdwMessageDialog ImcAlert;
#define IMC_TYPE_ALERT                     ADW_TYPE_MESSAGE_DIALOG
#define IMC_ALERT(obj)                     ADW_MESSAGE_DIALOG (obj)
#define IMC_IS_ALERT(obj)                  ADW_IS_MESSAGE_DIALOG (obj)
#define imc_alert_add_response             adw_message_dialog_add_response
#define imc_alert_add_responses            adw_message_dialog_add_responses
#define imc_alert_get_heading              adw_message_dialog_get_heading
#define imc_alert_get_body                 adw_message_dialog_get_body
#define imc_alert_get_response_label       adw_message_dialog_get_response_label
#define imc_alert_set_extra_child          adw_message_dialog_set_extra_child
#define imc_alert_get_extra_child          adw_message_dialog_get_extra_child
#define imc_alert_set_response_appearance  adw_message_dialog_set_response_appearance
#define imc_alert_get_response_appearance  adw_message_dialog_get_response_appearance
#define imc_alert_set_response_enabled     adw_message_dialog_set_response_enabled
#define imc_alert_get_response_enabled     adw_message_dialog_get_response_enabled
#define imc_alert_set_default_response     adw_message_dialog_set_default_response
#define imc_alert_get_default_response     adw_message_dialog_get_default_response
#define imc_alert_set_close_response       adw_message_dialog_set_close_response
#define imc_alert_get_close_response       adw_message_dialog_get_close_response
#endif

/* Keep headings short: libadwaita before 1.8 measures a heading wider than
 * the alert for a width it does not fit (a GTK warning); names and values
 * go into the body. */
ImcAlert  *imc_alert_new     (const char *heading,
                              const char *body);
/* Shows @self over the window of @parent; @focus (or NULL) gets the focus. */
void       imc_alert_present (ImcAlert   *self,
                              GtkWidget  *parent,
                              GtkWidget  *focus);

/* --- dialogs ----------------------------------------------------------- */

/* Shows @content, the widget of a dialog's template (a header bar and its
 * page, usually an ImcToolbarView), in an AdwDialog or a modal AdwWindow
 * over the window of @parent. Escape closes it. */
void       imc_compat_dialog_present  (GtkWidget  *content,
                                       GtkWidget  *parent,
                                       const char *title,
                                       int         width,
                                       int         height);
/* Gives @focus, a widget in the dialog of @content, the keyboard focus,
 * now and when the dialog opens (an AdwDialog focuses its first widget
 * otherwise). Call it right after imc_compat_dialog_present(). */
void       imc_compat_dialog_set_focus (GtkWidget *content,
                                        GtkWidget *focus);
/* Closes the dialog that holds @widget (a dialog's content, a preferences
 * page, an alert). A dialog window (libadwaita 1.2) is destroyed at once,
 * never kept hidden: GTK (4.8, and 4.18 still) answers an accessibility
 * client that asks the app for a window at an index past the shown ones
 * with the last window it has, and crashes (g_variant_new, no D-Bus path)
 * when that window is hidden. A screen reader asks just that while a
 * dialog closes, by the count it had before (tests/e2e/test-dialog-a11y.py). */
void       imc_compat_dialog_close    (GtkWidget  *widget);
/* "dialog.close", for a dialog content class's Cancel button. */
void       imc_compat_dialog_class_install_close (GtkWidgetClass *widget_class);

/* A dialog of preferences pages (AdwPreferencesDialog or
 * AdwPreferencesWindow) holding @page. */
void       imc_compat_preferences_present      (AdwPreferencesPage *page,
                                                GtkWidget          *parent,
                                                const char         *title,
                                                int                 width,
                                                int                 height);
/* Slides in @content with a header bar titled @title and a back button,
 * and returns the subpage. When the user leaves it (its back button; with
 * libadwaita >= 1.5 also Escape or a swipe, and when the code pops it),
 * @closed (may be NULL) is called as closed (@object, subpage). */
GtkWidget *imc_compat_preferences_push_subpage (GtkWidget          *inside,
                                                const char         *title,
                                                GtkWidget          *content,
                                                GCallback           closed,
                                                gpointer            object);
void       imc_compat_preferences_pop_subpage  (GtkWidget          *inside);

/* The About dialog with the given AdwAboutDialog/AdwAboutWindow
 * properties, over @parent. */
void       imc_compat_show_about (GtkWindow  *parent,
                                  const char *first_property_name,
                                  ...) G_GNUC_NULL_TERMINATED;

/* --- other widgets ------------------------------------------------------- */

/* A spinner that spins whenever it is shown. */
GtkWidget *imc_compat_spinner_new (void);

/* Adds the AdwBreakpoints of the builder file @resource to the dialog or
 * window of @widget (the nearest AdwDialog, AdwWindow or
 * AdwApplicationWindow, @widget itself included); the name/object pairs
 * that follow are what its setters refer to. Does nothing without
 * AdwBreakpoint. */
/* gtk_widget_dispose_template(), and the template's children it leaves
 * (those not bound to a field, such as the root box): call it in dispose
 * of a widget whose template's root is a child of the widget. */
void       imc_widget_dispose_template (GtkWidget *widget,
                                        GType      widget_type);

void       imc_compat_add_breakpoints (GtkWidget  *widget,
                                       const char *resource,
                                       const char *first_name,
                                       ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
