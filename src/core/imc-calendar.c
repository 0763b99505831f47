/* imc-calendar.c */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imc-calendar.h"

GTimeZone *
imc_calendar_get_time_zone (void)
{
  static gsize tz = 0;

  if (g_once_init_enter (&tz))
    g_once_init_leave (&tz, (gsize) g_time_zone_new_offset (8 * 3600));

  return (GTimeZone *) tz;
}

GDateTime *
imc_calendar_to_billing (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, NULL);
  return g_date_time_to_timezone (dt, imc_calendar_get_time_zone ());
}

GDateTime *
imc_calendar_day_start (gint year,
                        gint month,
                        gint day)
{
  return g_date_time_new (imc_calendar_get_time_zone (), year, month, day, 0, 0, 0);
}

GDateTime *
imc_calendar_month_start (GDateTime *dt)
{
  g_autoptr(GDateTime) local = imc_calendar_to_billing (dt);

  return imc_calendar_day_start (g_date_time_get_year (local),
                                 g_date_time_get_month (local), 1);
}

GDateTime *
imc_calendar_next_month_start (GDateTime *dt)
{
  g_autoptr(GDateTime) local = imc_calendar_to_billing (dt);
  gint year = g_date_time_get_year (local);
  gint month = g_date_time_get_month (local);

  if (month == 12)
    {
      year++;
      month = 1;
    }
  else
    month++;

  return imc_calendar_day_start (year, month, 1);
}

gboolean
imc_calendar_same_month (GDateTime *a,
                         GDateTime *b)
{
  g_autoptr(GDateTime) la = imc_calendar_to_billing (a);
  g_autoptr(GDateTime) lb = imc_calendar_to_billing (b);

  return g_date_time_get_year (la) == g_date_time_get_year (lb) &&
         g_date_time_get_month (la) == g_date_time_get_month (lb);
}

gint
imc_calendar_days_in_month (gint year,
                            gint month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, 0);
  g_return_val_if_fail (g_date_valid_year (year), 0);
  return g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

static guint32
julian_day (GDateTime *dt)
{
  g_autoptr(GDateTime) local = imc_calendar_to_billing (dt);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
  return g_date_get_julian (&date);
}

gint
imc_calendar_days_between (GDateTime *from,
                           GDateTime *to)
{
  return (gint) julian_day (to) - (gint) julian_day (from);
}

char *
imc_calendar_format_date (GDateTime *dt)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (dt != NULL, NULL);
  local = imc_calendar_to_billing (dt);
  return g_date_time_format (local, "%Y-%m-%d");
}

/* Reads exactly @n digits. */
static gboolean
read_digits (const char **p,
             guint        n,
             gint        *out)
{
  gint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

static gboolean
read_char (const char **p,
           char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/* The API's years: from the Unix epoch to one short of 9999, so that any
 * offset still lands on a four-digit year when shown in UTC+8 and a time
 * read always formats back to the same text. */
#define MIN_YEAR 1970
#define MAX_YEAR 9998

static gboolean
valid_ymd (gint year,
           gint month,
           gint day)
{
  return year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 &&
         day >= 1 && day <= imc_calendar_days_in_month (year, month);
}

GDateTime *
imc_calendar_parse_date (const char *str)
{
  const char *p = str;
  gint y, m, d;

  if (str == NULL)
    return NULL;
  if (!read_digits (&p, 4, &y) || !read_char (&p, '-') ||
      !read_digits (&p, 2, &m) || !read_char (&p, '-') ||
      !read_digits (&p, 2, &d) || *p != '\0' || !valid_ymd (y, m, d))
    return NULL;

  return imc_calendar_day_start (y, m, d);
}

gboolean
imc_calendar_parse_month (const char *str,
                          gint       *out_year,
                          gint       *out_month)
{
  const char *p = str;
  gint y, m;

  if (str == NULL)
    return FALSE;
  if (!read_digits (&p, 4, &y) || !read_char (&p, '-') ||
      !read_digits (&p, 2, &m) || *p != '\0' || !valid_ymd (y, m, 1))
    return FALSE;

  *out_year = y;
  *out_month = m;
  return TRUE;
}

char *
imc_calendar_format_iso8601 (GDateTime *dt)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (dt != NULL, NULL);
  local = imc_calendar_to_billing (dt);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

GDateTime *
imc_calendar_parse_iso8601 (const char *str)
{
  const char *p = str;
  gint y, mo, d, h, mi, s;
  g_autoptr(GTimeZone) tz = NULL;

  /* Strict: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM). g_date_time_new_
   * from_iso8601 alone accepts forms (week dates, no offset) the API never
   * sends. */
  if (str == NULL)
    return NULL;
  if (!read_digits (&p, 4, &y) || !read_char (&p, '-') ||
      !read_digits (&p, 2, &mo) || !read_char (&p, '-') ||
      !read_digits (&p, 2, &d) || !read_char (&p, 'T') ||
      !read_digits (&p, 2, &h) || !read_char (&p, ':') ||
      !read_digits (&p, 2, &mi) || !read_char (&p, ':') ||
      !read_digits (&p, 2, &s))
    return NULL;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z')
    {
      if (p[1] != '\0')
        return NULL;
    }
  else if (*p == '+' || *p == '-')
    {
      const char *q = p + 1;
      gint oh, om;

      if (!read_digits (&q, 2, &oh) || !read_char (&q, ':') ||
          !read_digits (&q, 2, &om) || *q != '\0' || oh > 23 || om > 59)
        return NULL;
    }
  else
    return NULL;

  if (!valid_ymd (y, mo, d) || h > 23 || mi > 59 || s > 59)
    return NULL;

  tz = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (str, tz);
}
