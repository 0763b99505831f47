/* imc-gettext.h: include instead of <glib/gi18n-lib.h> in src/core and
 * src/server. Messages that can reach an API answer must come in the
 * request's language, which _() and C_() here look up on the request's
 * thread (imc-i18n.h); outside a request they are gettext as usual.
 * Plural forms (ngettext) are not per request: see imc-message-catalog.h.
 */
#pragma once

#include <glib/gi18n-lib.h>

#include "imc-i18n.h"

#undef _
#undef C_
#define _(String)           ((char *) imc_gettext (String))
#define C_(Context, String) ((char *) imc_pgettext (Context, String))
