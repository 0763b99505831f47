/* imc-clock.c */
#include "config.h"

#include "imc-calendar.h"
#include "imc-clock.h"

struct _ImcClock
{
  GObject    parent_instance;

  GDateTime *fake_start;
  gint64     monotonic_start;
};

G_DEFINE_FINAL_TYPE (ImcClock, imc_clock, G_TYPE_OBJECT)

static void
imc_clock_finalize (GObject *object)
{
  ImcClock *self = IMC_CLOCK (object);

  g_clear_pointer (&self->fake_start, g_date_time_unref);

  G_OBJECT_CLASS (imc_clock_parent_class)->finalize (object);
}

static void
imc_clock_class_init (ImcClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_clock_finalize;
}

static void
imc_clock_init (ImcClock *self)
{
  self->monotonic_start = g_get_monotonic_time ();
}

ImcClock *
imc_clock_new (GDateTime *fake_start)
{
  ImcClock *self = g_object_new (IMC_TYPE_CLOCK, NULL);

  if (fake_start != NULL)
    self->fake_start = g_date_time_ref (fake_start);

  return self;
}

GDateTime *
imc_clock_now (ImcClock *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (IMC_IS_CLOCK (self), NULL);

  if (self->fake_start != NULL)
    now = g_date_time_add (self->fake_start,
                           g_get_monotonic_time () - self->monotonic_start);
  else
    now = g_date_time_new_now_utc ();

  return imc_calendar_to_billing (now);
}

gboolean
imc_clock_is_fake (ImcClock *self)
{
  g_return_val_if_fail (IMC_IS_CLOCK (self), FALSE);

  return self->fake_start != NULL;
}
