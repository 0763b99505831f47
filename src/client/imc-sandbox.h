/* imc-sandbox.h: the embedded "Local sandbox" connection.
 *
 * Runs `im-plan-server serve --demo --listen 127.0.0.1:0 --db DIR/sandbox.db`
 * as a child process, waits for its "listening on" line, makes a fresh key
 * with `create-key --revoke-others` (which revokes the key of the start
 * before) and stops the server again on imc_sandbox_stop() or dispose.
 * The key is kept in memory only, by the client it completes with; it never
 * goes to the keyring, so starting the sandbox never opens a keyring (nor
 * its prompts).
 */
#pragma once

#include <gio/gio.h>

#include "imc-plan-client.h"

G_BEGIN_DECLS

#define IMC_TYPE_SANDBOX (imc_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (ImcSandbox, imc_sandbox, IMC, SANDBOX, GObject)

/* @data_dir: where sandbox.db lives; NULL for $XDG_DATA_HOME/im-console. */
ImcSandbox    *imc_sandbox_new               (const char          *data_dir);
/* $IMC_PLAN_SERVER, else BINDIR/im-plan-server. */
char          *imc_sandbox_find_server       (void);
const char    *imc_sandbox_get_db_path       (ImcSandbox          *self);
/* NULL until started. */
const char    *imc_sandbox_get_endpoint      (ImcSandbox          *self);
/* FALSE before start, after stop, and once the server process has died;
 * starting again then starts a new server on the same database. */
gboolean       imc_sandbox_is_running        (ImcSandbox          *self);
/* The server's process id while it runs, else 0. */
GPid           imc_sandbox_get_server_pid    (ImcSandbox          *self);

/* Starts the server unless it runs, and completes with a client for it.
 * Each start of the server makes a new key: clients of an earlier start
 * are refused from then on. */
void           imc_sandbox_start_async       (ImcSandbox          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
ImcPlanClient *imc_sandbox_start_finish      (ImcSandbox          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Asks the server to stop (SIGTERM) and waits a few seconds for it. */
void           imc_sandbox_stop              (ImcSandbox          *self);

G_END_DECLS
