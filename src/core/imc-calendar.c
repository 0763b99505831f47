/* imc-calendar.c */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imc-calendar.h"

#define BILLING_OFFSET_SECONDS (8 * 3600)

GTimeZone *
imc_calendar_get_time_zone (void)
{
  static gsize tz = 0;

  if (g_once_init_enter (&tz))
    g_once_init_leave (&tz, (gsize) g_time_zone_new_offset (BILLING_OFFSET_SECONDS));

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

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
 * civil_from_days), for any day GDateTime can hold. */
static void
civil_from_days (gint64  days,
                 gint   *out_year,
                 gint   *out_month,
                 gint   *out_day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 month = mp < 10 ? mp + 3 : mp - 9;

  *out_year = (gint) (yoe + era * 400 + (month <= 2 ? 1 : 0));
  *out_month = (gint) month;
  *out_day = (gint) (doy - (153 * mp + 2) / 5 + 1);
}

static char *
put_digits (char *p,
            gint  value,
            guint n)
{
  for (guint i = n; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
  return p + n;
}

/* Writes "YYYY-MM-DD" of the billing day of @unix_time; returns its
 * seconds into that day. */
static gint
put_date (char   *p,
          gint64  unix_time)
{
  gint64 local = unix_time + BILLING_OFFSET_SECONDS;
  gint64 days = (local >= 0 ? local : local - 86399) / 86400;
  gint year, month, day;

  civil_from_days (days, &year, &month, &day);
  g_return_val_if_fail (year >= 1 && year <= 9999, 0);
  p = put_digits (p, year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  put_digits (p, day, 2);
  return (gint) (local - days * 86400);
}

void
imc_calendar_write_date (gint64 unix_time,
                         char   out[IMC_CALENDAR_DATE_SIZE])
{
  put_date (out, unix_time);
  out[10] = '\0';
}

void
imc_calendar_write_iso8601 (gint64 unix_time,
                            char   out[IMC_CALENDAR_ISO8601_SIZE])
{
  gint seconds = put_date (out, unix_time);
  char *p = out + 10;

  *p++ = 'T';
  p = put_digits (p, seconds / 3600, 2);
  *p++ = ':';
  p = put_digits (p, seconds / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, seconds % 60, 2);
  memcpy (p, "+08:00", sizeof "+08:00");
}

char *
imc_calendar_format_date (GDateTime *dt)
{
  char out[IMC_CALENDAR_DATE_SIZE];

  g_return_val_if_fail (dt != NULL, NULL);
  imc_calendar_write_date (g_date_time_to_unix (dt), out);
  return g_strdup (out);
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
  char out[IMC_CALENDAR_ISO8601_SIZE];

  g_return_val_if_fail (dt != NULL, NULL);
  imc_calendar_write_iso8601 (g_date_time_to_unix (dt), out);
  return g_strdup (out);
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
