/* imc-rate-limiter.c */
#include "config.h"

#include "imc-rate-limiter.h"

typedef struct {
  double tokens;
  gint64 last;   /* monotonic µs */
} Bucket;

struct _ImcRateLimiter
{
  GObject     parent_instance;

  guint       rate;
  GHashTable *buckets;   /* "SecretId\nAction" -> Bucket */
  gint64      last_prune;
};

G_DEFINE_FINAL_TYPE (ImcRateLimiter, imc_rate_limiter, G_TYPE_OBJECT)

static void
imc_rate_limiter_finalize (GObject *object)
{
  ImcRateLimiter *self = IMC_RATE_LIMITER (object);

  g_clear_pointer (&self->buckets, g_hash_table_unref);

  G_OBJECT_CLASS (imc_rate_limiter_parent_class)->finalize (object);
}

static void
imc_rate_limiter_class_init (ImcRateLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_rate_limiter_finalize;
}

static void
imc_rate_limiter_init (ImcRateLimiter *self)
{
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->last_prune = g_get_monotonic_time ();
}

ImcRateLimiter *
imc_rate_limiter_new (guint rate)
{
  ImcRateLimiter *self = g_object_new (IMC_TYPE_RATE_LIMITER, NULL);

  self->rate = rate;
  return self;
}

static gboolean
bucket_is_full (gpointer key,
                gpointer value,
                gpointer user_data)
{
  Bucket *bucket = value;
  gint64 now = *(gint64 *) user_data;

  /* A bucket untouched for 10 s is full again: forget it. */
  return now - bucket->last > 10 * G_USEC_PER_SEC;
}

gboolean
imc_rate_limiter_take (ImcRateLimiter *self,
                       const char     *secret_id,
                       const char     *action)
{
  g_autofree char *key = NULL;
  gint64 now;
  Bucket *bucket;

  g_return_val_if_fail (IMC_IS_RATE_LIMITER (self), TRUE);

  if (self->rate == 0)
    return TRUE;

  now = g_get_monotonic_time ();
  if (now - self->last_prune > 60 * G_USEC_PER_SEC)
    {
      g_hash_table_foreach_remove (self->buckets, bucket_is_full, &now);
      self->last_prune = now;
    }

  key = g_strconcat (secret_id, "\n", action, NULL);
  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->rate;
      bucket->last = now;
      g_hash_table_insert (self->buckets, g_steal_pointer (&key), bucket);
    }
  else
    {
      bucket->tokens = MIN ((double) self->rate,
                            bucket->tokens + (double) (now - bucket->last) * self->rate / G_USEC_PER_SEC);
      bucket->last = now;
    }

  if (bucket->tokens < 1.0)
    return FALSE;

  bucket->tokens -= 1.0;
  return TRUE;
}
