/* imc-server.h: the HTTP side of im-plan-server.
 *
 * One SoupServer on the thread-default main context; every request is
 * handled to the end synchronously on that one thread (SQLite calls are
 * short). A request's language (X-TC-Language) applies to the thread
 * handling it, never to the process (imc-i18n.h).
 */
#pragma once

#include <libsoup/soup.h>

#include "imc-clock.h"
#include "imc-store.h"

G_BEGIN_DECLS

#define IMC_SERVER_MAX_BODY_SIZE    (1024 * 1024)
#define IMC_SERVER_MAX_HEADERS_SIZE (32 * 1024)
#define IMC_SERVER_DEFAULT_RATE     20

#define IMC_TYPE_SERVER (imc_server_get_type ())

G_DECLARE_FINAL_TYPE (ImcServer, imc_server, IMC, SERVER, GObject)

ImcServer *imc_server_new          (ImcStore     *store,
                                    ImcCatalog   *catalog,
                                    ImcClock     *clock,
                                    guint         rate_limit);
/* Listens on @address (port 0: any free port) and returns the base URL. */
char      *imc_server_listen       (ImcServer    *self,
                                    const char   *host,
                                    guint         port,
                                    GError      **error);
/* Handles one request as if it came over HTTP (all checks, the action,
 * the answer as a {"Response": …} JSON string). The HTTP handler uses it;
 * so can in-process tests and fuzz targets. */
char      *imc_server_handle       (ImcServer          *self,
                                    const char         *method,
                                    const char         *query,
                                    SoupMessageHeaders *headers,
                                    const char         *body,
                                    gsize               body_length);
/* Runs the purge job now. */
gboolean   imc_server_purge        (ImcServer    *self,
                                    GError      **error);
/* Calls @done once no request is in flight (or after a grace period). */
void       imc_server_drain        (ImcServer    *self,
                                    GSourceFunc   done,
                                    gpointer      user_data);

G_END_DECLS
