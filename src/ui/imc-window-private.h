/* imc-window-private.h: what imc-window.c and imc-window-actions.c share. */
#pragma once

#include "imc-app-page.h"
#include "imc-window.h"

G_BEGIN_DECLS

struct _ImcWindow
{
  AdwApplicationWindow  parent_instance;

  ImcSession           *session;
  GMenu                *connection_menu;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  /* The app to open once the apps are in (app.open-app), or 0. */
  gint64                pending_app_id;

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

/* imc-window.c */
/* A part of imc-window-parts.ui, built on first use. */
GtkBuilder *imc_window_build_part               (const char     *id);
void        imc_window_show_list                (ImcWindow      *self);
void        imc_window_show_toast               (ImcWindow      *self,
                                                 const char     *text);

/* imc-window-actions.c */
void        imc_window_class_install_actions    (GtkWidgetClass *widget_class);
/* Once the window has its session. */
void        imc_window_init_actions             (ImcWindow      *self);
void        imc_window_rebuild_connection_menu  (ImcWindow      *self);

G_END_DECLS
