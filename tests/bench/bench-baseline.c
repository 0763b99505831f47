/* bench-baseline.c: the baseline of the start-up benchmarks. A bare
 * AdwApplicationWindow with a header bar and a label, built in the same tree
 * with the same flags; it reports its resident memory at the first frame
 * and quits, exactly as im-console does under IMC_BENCH_FIRST_FRAME=1. */
#include "config.h"

#include "bench-rss.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
after_paint (GdkFrameClock *clock,
             GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint, window);
  printf ("first-frame rss-kb=%ld\n", bench_rss_kb ());
  fflush (stdout);
  gtk_window_destroy (window);
}

static void
on_realize (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint), window);
}

static void
activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("IM Console"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app =
    adw_application_new ("io.github.imconsole.ImConsole.BenchBaseline", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
