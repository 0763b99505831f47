/* main.c: ImcApplication and nothing else. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "imc-client.h"
#include "imc-i18n.h"
#include "imc-ui.h"

#define IMC_TYPE_APPLICATION (imc_application_get_type ())

G_DECLARE_FINAL_TYPE (ImcApplication, imc_application, IMC, APPLICATION, AdwApplication)

struct _ImcApplication
{
  AdwApplication  parent_instance;

  ImcSandbox     *sandbox;
};

G_DEFINE_FINAL_TYPE (ImcApplication, imc_application, ADW_TYPE_APPLICATION)

/* IMC_BENCH_FIRST_FRAME=1 (build-aux/run-bench): at the first frame that
 * shows the app cards in full (after any cross-fade to them), print the
 * resident memory and quit, as the benchmark baseline
 * (tests/bench/bench-baseline.c) does at its first frame. */
static void
bench_after_paint (GdkFrameClock *clock,
                   ImcWindow     *window)
{
  GtkStack *main_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, "main_stack"));
  GtkStack *list_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, "list_stack"));
  g_autofree char *status = NULL;
  const char *rss;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (list_stack), "cards") != 0 ||
      gtk_stack_get_transition_running (main_stack) || gtk_stack_get_transition_running (list_stack))
    {
      gtk_widget_queue_draw (GTK_WIDGET (window));
      return;
    }

  g_signal_handlers_disconnect_by_func (clock, bench_after_paint, window);
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (rss = strstr (status, "VmRSS:")) != NULL)
    g_print ("first-frame rss-kb=%ld\n", strtol (rss + 6, NULL, 10));
  g_application_quit (g_application_get_default ());
}

static void
bench_realize (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (bench_after_paint), window, 0);
}

static ImcWindow *
get_window (ImcApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      g_autoptr(ImcSession) session = NULL;
      g_autofree char *last = NULL;
      ImcWindow *new_window;

      /* The session starts the sandbox when "Local sandbox" is chosen; the
       * application owns it so that it stops when the application quits. */
      if (self->sandbox == NULL)
        self->sandbox = imc_sandbox_new (NULL);
      session = imc_session_new (self->sandbox);
      new_window = imc_window_new (ADW_APPLICATION (self), session);
      if (g_getenv ("IMC_BENCH_FIRST_FRAME") != NULL)
        g_signal_connect (new_window, "realize", G_CALLBACK (bench_realize), NULL);
      last = imc_session_get_last_connection (session);
      imc_session_connect (session, last);
      window = GTK_WINDOW (new_window);
    }
  return IMC_WINDOW (window);
}

static void
imc_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (IMC_APPLICATION (app))));
}

static void
open_app_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  ImcApplication *self = IMC_APPLICATION (user_data);
  ImcWindow *window = get_window (self);

  imc_window_open_app (window, g_variant_get_int64 (parameter));
  g_application_activate (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  /* Installed, the icon is in the hicolor theme; run from the build tree,
   * it comes from the resources. Adding them to the icon theme makes it
   * reload, so only here and only when needed. */
  if (!gtk_icon_theme_has_icon (theme, APPLICATION_ID))
    gtk_icon_theme_add_resource_path (theme, RESOURCE_BASE "/icons");

  imc_compat_show_about (gtk_application_get_active_window (app),
                         "application-name", _("IM Console"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The IM Console developers"),
                         "comments", _("Manage the billing plans of your IM apps: upgrade, "
                                       "modify feature configuration, and disable apps."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autolist(GtkWindow) windows = NULL;

  /* A copy: closing a window takes it off the application's own list. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    windows = g_list_prepend (windows, g_object_ref (l->data));

  /* Close windows so they save their size; then quit. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (IMC_IS_WINDOW (l->data))
      gtk_window_close (GTK_WINDOW (l->data));
  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "open-app", open_app_action, "x", NULL, NULL, { 0 } },
};

static void
imc_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *refresh_accels[] = { "F5", "<Control>r", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  GdkDisplay *display;
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (imc_application_parent_class)->startup (app);

  /* What a resource base path would give (see main()), less the Keyboard
   * Shortcuts window, which ImcWindow builds when first asked for, and the
   * resource icons, which only About uses. */
  display = gdk_display_get_default ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.search", search_accels);
}

static void
imc_application_shutdown (GApplication *app)
{
  ImcApplication *self = IMC_APPLICATION (app);

  if (self->sandbox != NULL)
    imc_sandbox_stop (self->sandbox);

  G_APPLICATION_CLASS (imc_application_parent_class)->shutdown (app);
}

static gint
imc_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  gint64 sdk_app_id = 0;
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("im-console %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "app", "x", &sdk_app_id))
    {
      if (sdk_app_id <= 0)
        {
          g_printerr ("%s\n", _("--app needs a positive SDKAppID"));
          return 1;
        }
      /* Through the action, so a running instance opens the page too. */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (app), "open-app", g_variant_new_int64 (sdk_app_id));
    }

  return G_APPLICATION_CLASS (imc_application_parent_class)->handle_local_options (app, options);
}

static void
imc_application_dispose (GObject *object)
{
  ImcApplication *self = IMC_APPLICATION (object);

  g_clear_object (&self->sandbox);

  G_OBJECT_CLASS (imc_application_parent_class)->dispose (object);
}

static void
imc_application_class_init (ImcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = imc_application_dispose;
  app_class->activate = imc_application_activate;
  app_class->startup = imc_application_startup;
  app_class->shutdown = imc_application_shutdown;
  app_class->handle_local_options = imc_application_handle_local_options;
}

static void
imc_application_init (ImcApplication *self)
{
  static const GOptionEntry options[] = {
    { "app", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT64, NULL,
      N_("Open the Basic Configuration page of the app with this SDKAppID"), N_("SDKAPPID") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("IM Console: manage the billing plans of IM apps."));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ImcApplication) app = NULL;

  /* The locale is imc_i18n_init()'s: GTK's own setlocale (LC_ALL, "")
   * would undo the messages locale it may set up. */
  gtk_disable_setlocale ();
  imc_i18n_init ();

  g_set_application_name (_("IM Console"));
  /* No resource base path: with one, GtkApplication builds the Keyboard
   * Shortcuts window (gtk/help-overlay.ui) for every window at once, a
   * sixtieth of start-up. Startup loads the style and icons itself. */
  app = g_object_new (IMC_TYPE_APPLICATION,
                      "application-id", APPLICATION_ID,
                      "flags", G_APPLICATION_DEFAULT_FLAGS,
                      NULL);
  g_application_set_resource_base_path (G_APPLICATION (app), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
