/* test-create-app-dialog.c: the Create App dialog on its own, against the
 * real server (the window's New App flow is in test-window.c). */
#include "config.h"

#include "test-ui-common.h"

static void
created_cb (ImcCreateAppDialog *dialog,
            gint64              sdk_app_id,
            gint64             *out)
{
  g_assert_cmpint (*out, ==, 0);
  *out = sdk_app_id;
}

static void
failed_cb (ImcCreateAppDialog *dialog,
           const GError       *error,
           GError            **out)
{
  g_assert_null (*out);
  *out = g_error_copy (error);
}

static gboolean
int64_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

/* In a window as narrow as a phone's the dialog is a bottom sheet
 * (libadwaita >= 1.5), which moves the focus to its first button as it
 * opens: the name field has it all the same. */
static void
test_create_app_dialog_narrow (void)
{
  GtkWidget *host = adw_window_new ();
  ImcCreateAppDialog *dialog = imc_create_app_dialog_new (ui_server.client);
  GtkWidget *name_row;

  gtk_widget_set_size_request (host, 360, 294);
  gtk_window_set_default_size (GTK_WINDOW (host), 360, 720);
  gtk_window_present (GTK_WINDOW (host));
  imc_create_app_dialog_present (dialog, host);
  name_row = create_dialog_child (dialog, "name_row");
  /* Once the focus is in the dialog, it is in the name field. */
  imc_test_iterate_until (has_focus_within, dialog);
  g_assert_true (has_focus_within (name_row));
#if IMC_HAVE_ADW_DIALOG
  /* A bottom sheet: the window's whole width. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), ==, gtk_widget_get_width (host));
#endif

  imc_compat_dialog_close (GTK_WIDGET (dialog));
  gtk_window_destroy (GTK_WINDOW (host));
}

/* The dialog on its own: an error from the server handed to the window
 * (which shows it as a toast) before it closes, Cancel while the call runs,
 * and the Create button. */
static void
test_create_app_dialog (void)
{
  GtkWidget *host = host_window_new ();
  ImcCreateAppDialog *dialog = imc_create_app_dialog_new (ui_server.client);
  ImcCreateAppDialog *weak = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcApp) app = NULL;
  g_autofree char *long_name = g_strnfill (65, 'x');
  gint64 created = 0;
  GtkWidget *name_row, *create;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  g_signal_connect (dialog, "failed", G_CALLBACK (failed_cb), &error);
  imc_create_app_dialog_present (dialog, host);
  name_row = create_dialog_child (dialog, "name_row");
  create = create_dialog_child (dialog, "create_button");
  g_assert_false (gtk_widget_is_sensitive (create));

  /* At most 64 characters go in. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), long_name);
  g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (name_row)), -1), ==, 64);
  g_assert_true (gtk_widget_is_sensitive (create));

  /* The server refuses control characters; the dialog hands its error on
   * and closes. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Tab\there");
  g_assert_true (gtk_widget_is_sensitive (create));
  g_signal_emit_by_name (create, "clicked");
  imc_test_iterate_until (pointer_set, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_PARAMETER_VALUE);
  g_assert_cmpint (created, ==, 0);
  imc_test_iterate_until (create_dialog_gone, NULL);
  g_assert_true (all_toplevels_shown (NULL));
  /* Closed, it is freed. */
  imc_test_iterate_until (pointer_null, &weak);

  /* Cancel while CreateApp runs: the call is cancelled with the dialog, and
   * neither signal comes. */
  dialog = imc_create_app_dialog_new (ui_server.client);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  g_signal_connect (dialog, "failed", G_CALLBACK (failed_cb), &error);
  g_clear_error (&error);
  imc_create_app_dialog_present (dialog, host);
  gtk_editable_set_text (GTK_EDITABLE (create_dialog_child (dialog, "name_row")), "Cancelled");
  g_signal_emit_by_name (create_dialog_child (dialog, "create_button"), "clicked");
  g_assert_true (is_busy (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.close", NULL);
  imc_test_iterate_until (pointer_null, &weak);
  /* A request after it: the cancelled call's callback has run by then. */
  g_clear_object (&app);
  app = fetch_app (1400000000);
  g_assert_cmpint (created, ==, 0);
  g_assert_null (error);

  /* The Create button creates. */
  dialog = imc_create_app_dialog_new (ui_server.client);
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  imc_create_app_dialog_present (dialog, host);
  name_row = create_dialog_child (dialog, "name_row");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Created By Its Button");
  g_signal_emit_by_name (create_dialog_child (dialog, "create_button"), "clicked");
  imc_test_iterate_until (int64_set, &created);
  app = fetch_app (created);
  g_assert_cmpstr (imc_app_get_name (app), ==, "Created By Its Button");
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_FREE);
  imc_test_iterate_until (create_dialog_gone, NULL);

  gtk_window_destroy (GTK_WINDOW (host));
}

int
main (int   argc,
      char *argv[])
{
  imc_test_ui_init (&argc, &argv, IMC_TEST_UI_SERVER);

  g_test_add_func ("/ui/create-app-dialog", test_create_app_dialog);
  g_test_add_func ("/ui/create-app-dialog/narrow", test_create_app_dialog_narrow);

  return imc_test_ui_run ();
}
