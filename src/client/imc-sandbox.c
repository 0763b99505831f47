/* imc-sandbox.c */
#include "config.h"

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "imc-sandbox.h"

#define SANDBOX_REGION "ap-guangzhou"
#define SANDBOX_ACCOUNT "demo"
#define LISTENING_PREFIX "listening on "
#define START_TIMEOUT_SECONDS 15
#define STOP_TIMEOUT_SECONDS 5

struct _ImcSandbox
{
  GObject           parent_instance;

  char             *data_dir;
  char             *db_path;
  char             *endpoint;
  GSubprocess      *process;
  GDataInputStream *stdout_stream;
  GCancellable     *drain_cancellable;
  ImcPlanClient    *client;
  gboolean          starting;
};

G_DEFINE_FINAL_TYPE (ImcSandbox, imc_sandbox, G_TYPE_OBJECT)

/* State of one start: each step (waiting for the line, create-key) has
 * its own cancellable that the caller's cancellable and a timeout cancel. */
typedef struct
{
  GCancellable *step_cancellable;
  gulong        cancelled_id;
  GSource      *timeout;
  gboolean      timed_out;
  char         *secret_id;
  char         *secret_key;
} Start;

static void
start_end_step (GTask *task)
{
  Start *start = g_task_get_task_data (task);

  if (start->timeout != NULL)
    {
      g_source_destroy (start->timeout);
      g_clear_pointer (&start->timeout, g_source_unref);
    }
  if (start->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), start->cancelled_id);
  start->cancelled_id = 0;
  g_clear_object (&start->step_cancellable);
}

static void
start_free (Start *start)
{
  g_assert (start->cancelled_id == 0);
  if (start->timeout != NULL)
    {
      g_source_destroy (start->timeout);
      g_source_unref (start->timeout);
    }
  g_clear_object (&start->step_cancellable);
  g_free (start->secret_id);
  if (start->secret_key != NULL)
    memset (start->secret_key, 0, strlen (start->secret_key));
  g_free (start->secret_key);
  g_free (start);
}

static gboolean
step_timeout_cb (gpointer user_data)
{
  Start *start = user_data;

  start->timed_out = TRUE;
  g_clear_pointer (&start->timeout, g_source_unref);
  g_cancellable_cancel (start->step_cancellable);
  return G_SOURCE_REMOVE;
}

static void
step_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static GCancellable *
start_begin_step (GTask *task,
                  guint  seconds)
{
  Start *start = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  start_end_step (task);
  start->timed_out = FALSE;
  start->step_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    start->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (step_cancelled_cb),
                                                 g_object_ref (start->step_cancellable),
                                                 g_object_unref);
  start->timeout = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (start->timeout, step_timeout_cb, start, NULL);
  g_source_attach (start->timeout, g_task_get_context (task));
  return start->step_cancellable;
}

static void
imc_sandbox_dispose (GObject *object)
{
  ImcSandbox *self = IMC_SANDBOX (object);

  imc_sandbox_stop (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (imc_sandbox_parent_class)->dispose (object);
}

static void
imc_sandbox_finalize (GObject *object)
{
  ImcSandbox *self = IMC_SANDBOX (object);

  g_free (self->data_dir);
  g_free (self->db_path);
  g_free (self->endpoint);

  G_OBJECT_CLASS (imc_sandbox_parent_class)->finalize (object);
}

static void
imc_sandbox_class_init (ImcSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = imc_sandbox_dispose;
  object_class->finalize = imc_sandbox_finalize;
}

static void
imc_sandbox_init (ImcSandbox *self)
{
}

ImcSandbox *
imc_sandbox_new (const char *data_dir)
{
  ImcSandbox *self = g_object_new (IMC_TYPE_SANDBOX, NULL);

  if (data_dir != NULL)
    self->data_dir = g_strdup (data_dir);
  else
    self->data_dir = g_build_filename (g_get_user_data_dir (), "im-console", NULL);
  self->db_path = g_build_filename (self->data_dir, "sandbox.db", NULL);
  return self;
}

char *
imc_sandbox_find_server (void)
{
  const char *env = g_getenv ("IMC_PLAN_SERVER");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (BINDIR, "im-plan-server", NULL);
}

const char *
imc_sandbox_get_db_path (ImcSandbox *self)
{
  g_return_val_if_fail (IMC_IS_SANDBOX (self), NULL);
  return self->db_path;
}

const char *
imc_sandbox_get_endpoint (ImcSandbox *self)
{
  g_return_val_if_fail (IMC_IS_SANDBOX (self), NULL);
  return self->endpoint;
}

gboolean
imc_sandbox_is_running (ImcSandbox *self)
{
  g_return_val_if_fail (IMC_IS_SANDBOX (self), FALSE);

  /* GSubprocess drops its identifier once the child has exited. */
  return self->process != NULL && self->endpoint != NULL &&
         g_subprocess_get_identifier (self->process) != NULL;
}

GPid
imc_sandbox_get_server_pid (ImcSandbox *self)
{
  const char *identifier;

  g_return_val_if_fail (IMC_IS_SANDBOX (self), 0);

  identifier = self->process ? g_subprocess_get_identifier (self->process) : NULL;
  return identifier ? (GPid) g_ascii_strtoll (identifier, NULL, 10) : 0;
}

static GError *
sandbox_error (const char *format,
               ...) G_GNUC_PRINTF (1, 2);

static GError *
sandbox_error (const char *format,
               ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_SANDBOX_FAILED,
                              format, args);
  va_end (args);
  return error;
}

/* The sandbox must not outlive the app, even when the app crashes. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

/* --- draining stdout ----------------------------------------------------- */

static void
drain_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GCancellable) cancellable = user_data;
  g_autofree char *line = NULL;

  /* The server's stdout must keep flowing or it would block on a full
   * pipe; later lines carry nothing the client needs. The loop holds the
   * stream and its cancellable, not the sandbox, so dispose can stop it. */
  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  if (line == NULL || g_cancellable_is_cancelled (cancellable))
    return;
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (source), G_PRIORITY_LOW,
                                       cancellable, drain_cb, g_object_ref (cancellable));
}

static void
server_exited_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ImcSandbox *self;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    return; /* cancelled by stop(): @user_data may be gone */

  self = IMC_SANDBOX (user_data);
  g_message ("im-plan-server (local sandbox) exited unexpectedly; it is started again on the next connect");
  g_clear_pointer (&self->endpoint, g_free);
}

/* --- the start state machine --------------------------------------------- */

static void
finish_start (GTask *task)
{
  ImcSandbox *self = g_task_get_source_object (task);
  Start *start = g_task_get_task_data (task);

  start_end_step (task);
  g_clear_object (&self->client);
  self->client = imc_plan_client_new (self->endpoint, SANDBOX_REGION,
                                      start->secret_id, start->secret_key);
  self->starting = FALSE;
  g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
}

static void
fail_start (GTask  *task,
            GError *error)
{
  ImcSandbox *self = g_task_get_source_object (task);

  start_end_step (task);
  self->starting = FALSE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    imc_sandbox_stop (self);
  g_task_return_error (task, error);
}

static void
create_key_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *out = NULL;
  GError *error = NULL;
  JsonNode *root;
  JsonObject *object;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &out, NULL, &error))
    {
      g_subprocess_force_exit (G_SUBPROCESS (source));
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && start->timed_out)
        {
          g_clear_error (&error);
          error = sandbox_error ("im-plan-server create-key did not finish within %u s",
                                 START_TIMEOUT_SECONDS);
        }
      fail_start (task, error);
      return;
    }
  if (!g_subprocess_get_if_exited (G_SUBPROCESS (source)) ||
      g_subprocess_get_exit_status (G_SUBPROCESS (source)) != 0)
    {
      fail_start (task, sandbox_error ("im-plan-server create-key failed"));
      return;
    }

  if (!json_parser_load_from_data (parser, out ? out : "", -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (object = json_node_get_object (root), "SecretId") ||
      !json_object_has_member (object, "SecretKey") ||
      json_object_get_string_member (object, "SecretId") == NULL ||
      json_object_get_string_member (object, "SecretKey") == NULL)
    {
      if (out != NULL)
        memset (out, 0, strlen (out));
      fail_start (task, sandbox_error ("im-plan-server create-key printed no key"));
      return;
    }

  start->secret_id = g_strdup (json_object_get_string_member (object, "SecretId"));
  start->secret_key = g_strdup (json_object_get_string_member (object, "SecretKey"));
  memset (out, 0, strlen (out));

  finish_start (task);
}

static void
run_create_key (GTask *task)
{
  ImcSandbox *self = g_task_get_source_object (task);
  g_autofree char *server = imc_sandbox_find_server ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  GError *error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* A fresh key for each start, and the key of the previous start (or of
   * anything else on this account) revoked at once. */
  process = g_subprocess_launcher_spawn (launcher, &error, server, "create-key",
                                         "--db", self->db_path,
                                         "--account", SANDBOX_ACCOUNT,
                                         "--revoke-others",
                                         NULL);
  if (process == NULL)
    {
      fail_start (task, sandbox_error ("Cannot run %s: %s", server, error->message));
      g_error_free (error);
      return;
    }
  g_subprocess_communicate_utf8_async (process, NULL,
                                       start_begin_step (task, START_TIMEOUT_SECONDS),
                                       create_key_cb, g_object_ref (task));
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImcSandbox *self = g_task_get_source_object (task);
  Start *start = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  GError *error = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && start->timed_out)
        {
          g_clear_error (&error);
          fail_start (task, sandbox_error ("im-plan-server did not report “listening on” within %u s",
                                           START_TIMEOUT_SECONDS));
        }
      else
        fail_start (task, error);
      return;
    }
  if (line == NULL)
    {
      fail_start (task, sandbox_error ("im-plan-server exited before it was listening"));
      return;
    }

  g_strchomp (line);
  if (!g_str_has_prefix (line, LISTENING_PREFIX))
    {
      g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_DEFAULT,
                                           start->step_cancellable, read_line_cb,
                                           g_object_ref (task));
      return;
    }

  g_free (self->endpoint);
  self->endpoint = g_strdup (line + strlen (LISTENING_PREFIX));
  g_debug ("Local sandbox listening on %s", self->endpoint);

  self->drain_cancellable = g_cancellable_new ();
  /* Notice at once when the server dies, so that a retry starts a new one.
   * stop() cancels this wait before the sandbox can go away. */
  g_subprocess_wait_async (self->process, self->drain_cancellable, server_exited_cb, self);
  g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_LOW,
                                       self->drain_cancellable, drain_cb,
                                       g_object_ref (self->drain_cancellable));

  run_create_key (task);
}

void
imc_sandbox_start_async (ImcSandbox          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *server = NULL;
  GError *error = NULL;
  Start *start;

  g_return_if_fail (IMC_IS_SANDBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, imc_sandbox_start_async);
  start = g_new0 (Start, 1);
  g_task_set_task_data (task, start, (GDestroyNotify) start_free);

  if (self->client != NULL && imc_sandbox_is_running (self))
    {
      g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
      return;
    }
  /* A server that died (crash, killed) is cleaned up and started again. */
  if (self->process != NULL && !self->starting)
    imc_sandbox_stop (self);
  if (self->starting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The local sandbox is already starting");
      return;
    }

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_error (task, sandbox_error ("Cannot create %s: %s", self->data_dir,
                                                g_strerror (saved_errno)));
      return;
    }
  server = imc_sandbox_find_server ();
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, server, "serve", "--demo",
                                               "--listen", "127.0.0.1:0",
                                               "--db", self->db_path,
                                               NULL);
  if (self->process == NULL)
    {
      g_task_return_error (task, sandbox_error ("Cannot run %s: %s", server, error->message));
      g_error_free (error);
      return;
    }

  self->starting = TRUE;
  self->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_DEFAULT,
                                       start_begin_step (task, START_TIMEOUT_SECONDS),
                                       read_line_cb, g_object_ref (task));
}

ImcPlanClient *
imc_sandbox_start_finish (ImcSandbox    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
stop_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
imc_sandbox_stop (ImcSandbox *self)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSource) timeout = NULL;
  gboolean done = FALSE;
  gboolean timed_out = FALSE;

  g_return_if_fail (IMC_IS_SANDBOX (self));

  if (self->drain_cancellable != NULL)
    {
      g_cancellable_cancel (self->drain_cancellable);
      g_clear_object (&self->drain_cancellable);
    }
  if (self->process == NULL)
    return;

  /* The server finishes in-flight requests on SIGTERM; wait for it on a
   * private context so that no other callback runs meanwhile. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait_async (self->process, NULL, wait_cb, &done);
  timeout = g_timeout_source_new_seconds (STOP_TIMEOUT_SECONDS);
  g_source_set_callback (timeout, stop_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!done && !timed_out)
    g_main_context_iteration (context, TRUE);
  if (!done)
    {
      g_warning ("im-plan-server did not stop within %d s; killing it", STOP_TIMEOUT_SECONDS);
      g_subprocess_force_exit (self->process);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  g_clear_object (&self->stdout_stream);
  g_clear_object (&self->process);
  g_clear_pointer (&self->endpoint, g_free);
}
