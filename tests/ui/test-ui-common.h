/* test-ui-common.h: what the UI test programs share (one program per
 * widget or module, suite "ui"): the real im-plan-server and its plan
 * catalog, synchronous wrappers around the client, a host window for
 * dialogs, and finders for alerts, buttons and the Create App dialog that
 * work whether a dialog is a window or lives inside one. Built once as a
 * static library. No sleeps: every wait iterates the main context until a
 * condition holds, with a timeout (imc-test-helpers.h). */
#pragma once

#include <adwaita.h>

#include "imc-client.h"
#include "imc-test-helpers.h"
#include "imc-ui.h"

G_BEGIN_DECLS

/* RUN (result, call (..., WAITER)): makes the call and waits for its
 * result without sleeping. */
#define RUN(result, async_call)                            \
  G_STMT_START {                                           \
    ImcTestWaiter _w = { 0 };                              \
    async_call;                                            \
    result = imc_test_waiter_wait (&_w);                   \
  } G_STMT_END

#define WAITER imc_test_waiter_cb, &_w

/* The server and its catalog, once imc_test_ui_init() started them. */
extern ImcTestServer  ui_server;
extern ImcCatalog    *ui_catalog;

typedef enum {
  IMC_TEST_UI_NO_SERVER,
  IMC_TEST_UI_SERVER,
} ImcTestUiServerMode;

/* No accessibility bus, no session bus (the keyring is unavailable), a
 * temporary XDG cache directory, GTK and libadwaita; with
 * IMC_TEST_UI_SERVER also the server and its plan catalog. */
void            imc_test_ui_init          (int                  *argc,
                                           char               ***argv,
                                           ImcTestUiServerMode   mode);
/* Runs the tests, then stops the server and removes the cache directory. */
int             imc_test_ui_run           (void);

/* --- the server ---------------------------------------------------------- */

ImcApp         *fetch_app                 (gint64                id);
ImcApp         *new_free_app              (const char           *name);
/* How many of @id's operation logs have @action. */
guint           count_logs                (gint64                id,
                                           const char           *action);

/* --- waiting -------------------------------------------------------------- */

/* Conditions for imc_test_iterate_until() on a pointer variable. */
gboolean        pointer_set               (gpointer              data);
gboolean        pointer_null              (gpointer              data);
/* The keyboard focus is in @data (an entry: in its text). */
gboolean        has_focus_within          (gpointer              data);
/* GTK 4.8 crashes when an accessibility client asks for a hidden window
 * (imc_compat_dialog_close()): the app never keeps one. */
gboolean        all_toplevels_shown       (gpointer              data);

/* --- widgets -------------------------------------------------------------- */

/* The narrowest a widget can be laid out, to check the 360 px target. */
int             min_width                 (GtkWidget            *widget);
/* A window to show dialogs over, as the app's main window is. */
GtkWidget      *host_window_new           (void);
/* The button labelled @label in @widget, or NULL. */
GtkWidget      *find_button               (GtkWidget            *widget,
                                           const char           *label);
/* An alert (AdwAlertDialog or AdwMessageDialog) showing @heading, in any
 * window: an AdwAlertDialog lives inside the window it is shown over. */
ImcAlert       *find_alert                (const char           *heading);
/* Clicks the button of @response, as a person does. */
void            respond                   (ImcAlert             *alert,
                                           const char           *response);
/* Whether the Basic Configuration page's button @name is sensitive. */
gboolean        button_sensitive          (GtkWidget            *page,
                                           const char           *name);

/* The row titled @title in @widget (an AdwPreferencesRow), or NULL. */
GtkWidget      *find_row                  (GtkWidget            *widget,
                                           const char           *title);
/* Chooses @text in the AdwComboRow @row, as a person does: FALSE when the
 * row is insensitive or does not offer @text. */
gboolean        choose_value              (GtkWidget            *row,
                                           const char           *text);
/* Turns the GtkSwitch of the AdwActionRow @row on or off, as a person
 * does: FALSE when the row is insensitive. */
gboolean        set_switch                (GtkWidget            *row,
                                           gboolean              active);
/* The subtitle shown under @row (an AdwActionRow or AdwComboRow). */
const char     *row_subtitle              (GtkWidget            *row);
/* The text of the app card's label @name (plan_label, status_label …). */
const char     *card_text                 (ImcAppCard           *card,
                                           const char           *name);

/* The read-only property "busy" of a dialog: a call is being sent. */
gboolean        is_busy                   (gpointer              dialog);

/* --- the Create App dialog ------------------------------------------------ */

/* The open Create App dialog, in any window (an AdwDialog lives inside the
 * window it is shown over), or NULL. */
ImcCreateAppDialog *find_create_dialog    (void);
gboolean        create_dialog_gone        (gpointer              data);
GtkWidget      *create_dialog_child       (ImcCreateAppDialog   *dialog,
                                           const char           *name);

G_END_DECLS
