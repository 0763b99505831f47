/* imc-message-catalog.h: one compiled gettext catalog (a .mo file).
 *
 * The server answers each request in the language of its X-TC-Language
 * header. gettext has one language per process; this reader has one per
 * catalog. The file is read and checked once: a truncated or damaged one
 * is refused, never half used. After that the catalog never changes, so
 * lookups are safe from any number of threads.
 *
 * Messages with plural forms are not looked up (no server message has
 * any); teach it the Plural-Forms expression before a server message
 * needs plurals.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IMC_TYPE_MESSAGE_CATALOG (imc_message_catalog_get_type ())

G_DECLARE_FINAL_TYPE (ImcMessageCatalog, imc_message_catalog, IMC, MESSAGE_CATALOG, GObject)

ImcMessageCatalog *imc_message_catalog_new_from_bytes   (GBytes             *bytes,
                                                         GError            **error);
ImcMessageCatalog *imc_message_catalog_new_from_file    (const char         *path,
                                                         GError            **error);
/* LOCALEDIR/LANGUAGE/LC_MESSAGES/DOMAIN.mo, trying @language's variants
 * as gettext does ("ko_KR" finds ko). G_IO_ERROR_NOT_FOUND if none. */
ImcMessageCatalog *imc_message_catalog_new_for_language (const char         *localedir,
                                                         const char         *domain,
                                                         const char         *language,
                                                         GError            **error);

/* The translation, or NULL when the catalog has none. */
const char        *imc_message_catalog_lookup           (ImcMessageCatalog  *self,
                                                         const char         *msgctxt,
                                                         const char         *msgid);
guint              imc_message_catalog_get_n_messages   (ImcMessageCatalog  *self);

G_END_DECLS
