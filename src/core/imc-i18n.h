/* imc-i18n.h: which language messages are in.
 *
 * A process (im-console, im-plan-server) takes its language once, from
 * LANGUAGE, LC_ALL, LC_MESSAGES and LANG: imc_i18n_init(), first thing in
 * main(). Everything that uses gettext follows it: our catalog, GLib's,
 * GTK's and libadwaita's.
 *
 * The server's requests each have their own language (X-TC-Language):
 * between imc_i18n_thread_begin() and imc_i18n_thread_end(), the
 * messages of src/core and src/server (marked with imc-gettext.h's
 * macros) come from the given catalog, on the calling thread only.
 * Nothing process-wide changes per request.
 */
#pragma once

#include <glib.h>

#include "imc-message-catalog.h"

G_BEGIN_DECLS

/* Sets the locale from the environment and binds the im-console text
 * domain. It changes the environment and the process locale, so it must
 * run before any thread exists. */
void        imc_i18n_init          (void);
/* $IMC_LOCALEDIR (uninstalled runs), else the configured LOCALEDIR. */
const char *imc_i18n_get_localedir (void);

/* @catalog: the language of this thread's messages until
 * imc_i18n_thread_end(); NULL for the English source text. The caller
 * keeps @catalog alive until then. Does not nest. */
void        imc_i18n_thread_begin  (ImcMessageCatalog *catalog);
void        imc_i18n_thread_end    (void);

/* The thread's language if one was begun, else the process's (gettext). */
const char *imc_gettext            (const char        *msgid) G_GNUC_FORMAT (1);
const char *imc_pgettext           (const char        *msgctxt,
                                    const char        *msgid) G_GNUC_FORMAT (2);

G_END_DECLS
