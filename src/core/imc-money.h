/* imc-money.h: amounts are integers in minor units (fen, cents), never
 * floating point. On the wire they are decimal strings with two digits
 * after the point ("999.00"), as Tencent Cloud's billing APIs do.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IMC_MONEY_MAX G_GINT64_CONSTANT (100000000000000) /* 10^12 units */

char     *imc_money_to_decimal   (gint64      minor);
gboolean  imc_money_from_decimal (const char *str,
                                  gint64     *out_minor);

G_END_DECLS
