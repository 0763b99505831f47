/* imc-money.c */
#include "config.h"

#include "imc-money.h"

char *
imc_money_to_decimal (gint64 minor)
{
  guint64 abs_minor = minor < 0 ? -(guint64) minor : (guint64) minor;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u",
                          minor < 0 ? "-" : "",
                          abs_minor / 100, (guint) (abs_minor % 100));
}

gboolean
imc_money_from_decimal (const char *str,
                        gint64     *out_minor)
{
  const char *p = str;
  gboolean negative = FALSE;
  gint64 units = 0;
  gint64 cents = 0;
  guint digits = 0;

  /* "123", "123.4", "123.45", optional leading '-'. Nothing else: no
   * exponent, no grouping, no more than two decimals. */
  if (str == NULL)
    return FALSE;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  while (g_ascii_isdigit (*p))
    {
      units = units * 10 + (*p - '0');
      if (units > IMC_MONEY_MAX / 100)
        return FALSE;
      p++;
      digits++;
    }
  if (digits == 0)
    return FALSE;

  if (*p == '.')
    {
      guint decimals = 0;

      p++;
      while (g_ascii_isdigit (*p) && decimals < 2)
        {
          cents = cents * 10 + (*p - '0');
          p++;
          decimals++;
        }
      if (decimals == 0)
        return FALSE;
      if (decimals == 1)
        cents *= 10;
    }

  if (*p != '\0')
    return FALSE;

  *out_minor = (units * 100 + cents) * (negative ? -1 : 1);
  return TRUE;
}
