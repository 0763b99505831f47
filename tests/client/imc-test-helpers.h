/* imc-test-helpers.h: waiting on async results without sleeps, and a real
 * im-plan-server in a temporary directory (through ImcSandbox), for the
 * client and UI tests. */
#pragma once

#include <glib/gstdio.h>

#include "imc-client.h"

/* Generous: a failing wait is a failure either way, and valgrind is slow. */
#define IMC_TEST_TIMEOUT_SECONDS 120

typedef struct
{
  GAsyncResult *result;
} ImcTestWaiter;

static inline void
imc_test_waiter_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ImcTestWaiter *waiter = user_data;

  g_assert_null (waiter->result);
  waiter->result = g_object_ref (result);
}

static inline gboolean
imc_test_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until @condition (polled after each
 * iteration) holds, failing the test after the timeout. */
static inline void
imc_test_iterate_until (gboolean (*condition) (gpointer),
                        gpointer   data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (IMC_TEST_TIMEOUT_SECONDS, imc_test_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static inline gboolean
imc_test_waiter_done (gpointer data)
{
  return ((ImcTestWaiter *) data)->result != NULL;
}

/* Returns the result (owned by the caller) once the callback ran. */
static inline GAsyncResult *
imc_test_waiter_wait (ImcTestWaiter *waiter)
{
  GAsyncResult *result;

  imc_test_iterate_until (imc_test_waiter_done, waiter);
  result = waiter->result;
  waiter->result = NULL;
  return result;
}

typedef struct
{
  char          *dir;
  ImcSandbox    *sandbox;
  ImcPlanClient *client;
} ImcTestServer;

static inline void
imc_test_server_start (ImcTestServer *server)
{
  ImcTestWaiter waiter = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("IMC_PLAN_SERVER") == NULL)
    g_error ("IMC_PLAN_SERVER is not set: run through meson test");

  server->dir = g_dir_make_tmp ("imc-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->sandbox = imc_sandbox_new (server->dir);
  imc_sandbox_start_async (server->sandbox, NULL, imc_test_waiter_cb, &waiter);
  result = imc_test_waiter_wait (&waiter);
  server->client = imc_sandbox_start_finish (server->sandbox, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server->client);
}

static inline void
imc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        imc_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
imc_test_server_stop (ImcTestServer *server)
{
  g_clear_object (&server->client);
  if (server->sandbox != NULL)
    imc_sandbox_stop (server->sandbox);
  g_clear_object (&server->sandbox);
  if (server->dir != NULL)
    imc_test_remove_tree (server->dir);
  g_clear_pointer (&server->dir, g_free);
}
