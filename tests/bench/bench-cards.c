/* bench-cards.c: the app list with many apps. Starts im-plan-server with
 * --demo --demo-apps N, opens the real ImcWindow on it and measures, from
 * frame-clock paints:
 *
 *   first-page-ms  connecting → the first frame that shows cards
 *   loaded-ms      connecting → every page of DescribeApps in
 *   search-ms      setting a search text → the frame showing the one match
 *   clear-ms       clearing it → the frame showing every app again
 *   scroll-ms      jumping to the end of the list → a frame painted there
 *   rss-kb         resident memory once everything is loaded and shown
 *
 * Prints one line "cards n=N first-page-ms=... rss-kb=..." for
 * build-aux/run-bench, which runs it for 100 and 10,000 apps and reports
 * the ratios. Usage: bench-cards N */
#include "config.h"

#include "bench-rss.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "imc-client.h"
#include "imc-ui.h"

typedef enum {
  PHASE_FIRST_PAGE,
  PHASE_LOADED,
  PHASE_SEARCH,
  PHASE_CLEAR,
  PHASE_SCROLL,
  PHASE_DONE,
} Phase;

typedef struct {
  guint          n_apps;
  char          *endpoint;
  char          *secret_id;
  char          *secret_key;
  GSubprocess   *server;
  ImcSession    *session;
  ImcWindow     *window;
  Phase          phase;
  gint64         start;
  gint64         first_page;
  gint64         loaded;
  gint64         search;
  gint64         clear;
  gint64         scroll;
  long           rss_kb;
  guint          total;
} Bench;

static GtkWidget *
window_child (Bench      *bench,
              const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (bench->window), IMC_TYPE_WINDOW, name));
}

static guint
shown_cards (Bench *bench)
{
  GtkGridView *grid = GTK_GRID_VIEW (window_child (bench, "grid_view"));
  GtkSelectionModel *model = gtk_grid_view_get_model (grid);

  return model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

static GtkAdjustment *
vadjustment (Bench *bench)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (window_child (bench, "grid_view")));
}

static void
after_paint (GdkFrameClock *clock,
             Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  switch (bench->phase)
    {
    case PHASE_FIRST_PAGE:
      if (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (window_child (bench, "list_stack"))), "cards") == 0 &&
          shown_cards (bench) > 0)
        {
          bench->first_page = now - bench->start;
          bench->phase = PHASE_LOADED;
        }
      break;

    case PHASE_LOADED:
      if (imc_session_get_state (bench->session) == IMC_SESSION_STATE_READY)
        {
          g_autofree char *needle = g_strdup_printf ("Load Test %05u", bench->n_apps / 2);

          bench->loaded = now - bench->start;
          bench->total = shown_cards (bench);
          bench->rss_kb = bench_rss_kb ();
          bench->phase = PHASE_SEARCH;
          bench->start = g_get_monotonic_time ();
          imc_session_set_search_text (bench->session, needle);
        }
      break;

    case PHASE_SEARCH:
      if (shown_cards (bench) == 1)
        {
          bench->search = now - bench->start;
          bench->phase = PHASE_CLEAR;
          bench->start = g_get_monotonic_time ();
          imc_session_set_search_text (bench->session, "");
        }
      break;

    case PHASE_CLEAR:
      if (shown_cards (bench) == bench->total)
        {
          GtkAdjustment *adj = vadjustment (bench);

          bench->clear = now - bench->start;
          bench->phase = PHASE_SCROLL;
          bench->start = g_get_monotonic_time ();
          gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
        }
      break;

    case PHASE_SCROLL:
      {
        GtkAdjustment *adj = vadjustment (bench);
        double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

        /* The list's height is an estimate until rows are measured, so
         * keep jumping to the end until a frame is painted there. */
        if (gtk_adjustment_get_value (adj) >= end - 1)
          {
            bench->scroll = now - bench->start;
            bench->phase = PHASE_DONE;
            gtk_window_destroy (GTK_WINDOW (bench->window));
            return;
          }
        gtk_adjustment_set_value (adj, end);
      }
      break;

    case PHASE_DONE:
    default:
      return;
    }

  /* Keep frames coming while we wait for the next state. */
  gtk_widget_queue_draw (GTK_WIDGET (bench->window));
}

static void
on_realize (GtkWidget *widget,
            Bench     *bench)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (after_paint), bench);
}

static void
activate (GApplication *app,
          Bench        *bench)
{
  g_autoptr(ImcPlanClient) client = imc_plan_client_new (bench->endpoint, "ap-guangzhou",
                                                         bench->secret_id, bench->secret_key);

  bench->session = imc_session_new (NULL);
  bench->window = imc_window_new (ADW_APPLICATION (app), bench->session);
  g_signal_connect (bench->window, "realize", G_CALLBACK (on_realize), bench);
  bench->start = g_get_monotonic_time ();
  imc_session_set_client (bench->session, client, "Benchmark");
  gtk_window_present (GTK_WINDOW (bench->window));
}

/* Runs im-plan-server with @n_apps demo apps; fills the endpoint. */
static void
start_server (Bench      *bench,
              const char *dir)
{
  const char *binary = g_getenv ("IMC_PLAN_SERVER");
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *n = g_strdup_printf ("%u", bench->n_apps);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *key_json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *key;
  gint status = 0;

  g_assert_nonnull (binary);
  bench->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "serve",
                                    "--db", db, "--listen", "127.0.0.1:0", "--rate-limit", "0",
                                    "--demo", "--demo-apps", n, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bench->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  bench->endpoint = g_strdup (line + strlen ("listening on "));

  /* The demo account's key, as the local sandbox makes it. */
  g_spawn_sync (NULL, (char *[]) { (char *) binary, "create-key", "--db", db, "--account", "demo", NULL },
                NULL, G_SPAWN_DEFAULT, NULL, NULL, &key_json, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, key_json, -1, &error));
  key = json_node_get_object (json_parser_get_root (parser));
  bench->secret_id = g_strdup (json_object_get_string_member (key, "SecretId"));
  bench->secret_key = g_strdup (json_object_get_string_member (key, "SecretKey"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  Bench bench = { 0 };

  if (argc != 2 || (bench.n_apps = (guint) atoi (argv[1])) < 2)
    {
      g_printerr ("usage: %s N (at least 2 apps)\n", argv[0]);
      return 2;
    }

  dir = g_dir_make_tmp ("imc-bench-XXXXXX", &error);
  g_assert_no_error (error);
  start_server (&bench, dir);

  app = adw_application_new ("io.github.imconsole.ImConsole.BenchCards", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate), &bench);
  g_application_run (G_APPLICATION (app), 1, argv);

  g_subprocess_send_signal (bench.server, SIGTERM);
  g_subprocess_wait (bench.server, NULL, NULL);
  for (guint i = 0; i < 4; i++)
    {
      const char *suffix[] = { "", "-wal", "-shm", ".key" };
      g_autofree char *path = g_strdup_printf ("%s/bench.db%s", dir, suffix[i]);

      g_remove (path);
    }
  g_rmdir (dir);

  if (bench.phase != PHASE_DONE)
    {
      g_printerr ("the window closed before the benchmark finished\n");
      return 1;
    }
  printf ("cards n=%u shown=%u first-page-ms=%.1f loaded-ms=%.1f search-ms=%.1f clear-ms=%.1f "
          "scroll-ms=%.1f rss-kb=%ld\n",
          bench.n_apps, bench.total, bench.first_page / 1000.0, bench.loaded / 1000.0,
          bench.search / 1000.0, bench.clear / 1000.0, bench.scroll / 1000.0, bench.rss_kb);

  g_clear_object (&bench.session);
  g_free (bench.endpoint);
  g_free (bench.secret_id);
  g_free (bench.secret_key);
  g_object_unref (bench.server);
  return 0;
}
