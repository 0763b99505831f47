/* imc-i18n.c */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "imc-i18n.h"

const char *
imc_i18n_get_localedir (void)
{
  const char *localedir = g_getenv ("IMC_LOCALEDIR");

  return localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR;
}

/* Thread: a request's language ---------------------------------------- */

/* The current thread's ImcMessageCatalog, &source_text for English, or
 * NULL outside a request: the process's language. No reference is held;
 * the caller keeps the catalog alive. */
static GPrivate thread_language = G_PRIVATE_INIT (NULL);
static const char source_text = 0;

void
imc_i18n_thread_begin (ImcMessageCatalog *catalog)
{
  g_return_if_fail (catalog == NULL || IMC_IS_MESSAGE_CATALOG (catalog));
  g_return_if_fail (g_private_get (&thread_language) == NULL);

  g_private_set (&thread_language, catalog != NULL ? (gpointer) catalog : (gpointer) &source_text);
}

void
imc_i18n_thread_end (void)
{
  g_private_set (&thread_language, NULL);
}

const char *
imc_pgettext (const char *msgctxt,
              const char *msgid)
{
  gpointer language = g_private_get (&thread_language);
  const char *translation;

  if (language == NULL)
    return msgctxt != NULL ? g_dpgettext2 (GETTEXT_PACKAGE, msgctxt, msgid)
                           : g_dgettext (GETTEXT_PACKAGE, msgid);
  if (language == &source_text)
    return msgid;

  translation = imc_message_catalog_lookup (language, msgctxt, msgid);
  return translation != NULL ? translation : msgid;
}

const char *
imc_gettext (const char *msgid)
{
  return imc_pgettext (NULL, msgid);
}
