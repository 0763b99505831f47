/* imc-plan-editor.c
 *
 * Tiers and prices come from the catalog the server described; the editor
 * offers for each item only the tiers at or above the chosen edition's
 * default, as the rules require. Changing the edition resets the items to
 * what the edition change alone implies (the rules' "implied" plan), so a
 * locked item is never changed by the user, only by the edition.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-compat.h"
#include "imc-plan-editor.h"

#define QUOTE_DELAY_MS 300

/* The row of one value-added item, made from its row in the item table. */
typedef struct {
  AdwActionRow  *row;     /* an AdwComboRow for a count */
  GtkSwitch     *toggle;  /* switches only */
  GtkStringList *model;   /* counts only: the tiers offered, as text */
  GArray        *values;  /* counts only: the tiers offered */
} ItemRow;

struct _ImcPlanEditor
{
  GtkWidget          parent_instance;

  ImcPlanClient     *client;
  ImcCatalog        *catalog;
  ImcApp            *app;
  ImcPlanEditorMode  mode;
  ImcPlan            base;
  ImcPlan            plan;
  ItemRow            rows[IMC_N_PLAN_ITEMS];   /* [IMC_PLAN_ITEM_EDITION] unused */
  gboolean           locked[IMC_N_PLAN_ITEMS];
  char              *notes[IMC_N_PLAN_ITEMS];
  gboolean           updating;

  ImcPriceQuote     *quote;
  GCancellable      *quote_cancellable;
  guint              quote_source_id;

  AdwPreferencesGroup *config_group;
  AdwComboRow       *edition_row;
  GtkStringList     *edition_model;
  GtkListItemFactory *value_factory;
  AdwActionRow      *month_row;
  AdwActionRow      *monthly_row;
  GtkLabel          *month_amount;
  GtkLabel          *monthly_amount;
};

G_DEFINE_FINAL_TYPE (ImcPlanEditor, imc_plan_editor, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Index 0 of the edition list is Pro, 1 Ultimate: Free is never offered. */
static ImcEdition
edition_for_index (guint index)
{
  return index == 1 ? IMC_EDITION_ULTIMATE : IMC_EDITION_PRO;
}

static guint
index_for_edition (ImcEdition edition)
{
  return edition == IMC_EDITION_ULTIMATE ? 1 : 0;
}

static void
set_note (ImcPlanEditor *self,
          ImcPlanItem    item,
          char          *note)
{
  g_free (self->notes[item]);
  self->notes[item] = note;
}

static char *
lock_note (ImcPlanEditor *self,
           ImcPlanItem    item)
{
  GDateTime *next = imc_app_get_next_modifiable (self->app, item);
  g_autofree char *date = imc_format_date (next);

  /* Translators: %s is a date such as "1 December 2026". */
  return g_strdup_printf (_("Already changed this month. Can change again on %s."), date);
}

static char *
fee_note (ImcPlanEditor *self,
          gint64         monthly)
{
  g_autofree char *money = imc_format_money (monthly, imc_catalog_get_currency (self->catalog));

  /* Translators: %s is an amount such as "CNY 300.00". */
  return g_strdup_printf (_("Fee applies: %s per month"), money);
}

/* "Included in Ultimate", the lock date, the fee, or what the default
 * gives. */
static char *
item_note (ImcPlanEditor *self,
           ImcPlanItem    item,
           const ImcPlan *defaults,
           const char    *edition_name)
{
  gboolean is_switch = imc_plan_item_get_info (item)->kind == IMC_PLAN_ITEM_KIND_SWITCH;
  gint cap;

  if (is_switch && imc_plan_get_item (defaults, item))
    /* Translators: %s is an edition name such as "Ultimate". */
    return g_strdup_printf (_("Included in %s"), edition_name);
  if (self->locked[item])
    return lock_note (self, item);
  if (imc_catalog_item_has_fee (self->catalog, &self->plan, item))
    return fee_note (self, imc_catalog_get_item_price (self->catalog, &self->plan, item));
  if (item != IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS)
    /* Translators: %s is an edition name such as "Pro". */
    return g_strdup_printf (_("Default of %s, no extra fee"), edition_name);

  /* Off, audio-video groups are capped. */
  cap = imc_catalog_get_av_group_cap (self->catalog);
  return g_strdup_printf (ngettext ("Off: at most %d audio-video group",
                                    "Off: at most %d audio-video groups",
                                    (unsigned long) cap),
                          cap);
}

static void
update_notes (ImcPlanEditor *self)
{
  const ImcPlan *defaults = imc_catalog_get_default_plan (self->catalog, self->plan.edition);
  const char *edition_name = imc_format_edition (self->plan.edition);
  g_autofree char *limit = NULL;
  char *note;

  /* Edition: the dialogs' introductions state the general rule; the row
   * only says when it is locked, so the chosen edition beside it is never
   * squeezed out by a long subtitle. */
  if (self->locked[IMC_PLAN_ITEM_EDITION])
    note = lock_note (self, IMC_PLAN_ITEM_EDITION);
  else
    note = g_strdup ("");
  set_note (self, IMC_PLAN_ITEM_EDITION, note);

  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    set_note (self, item, item_note (self, item, defaults, edition_name));

  /* The Upgrade table's term for max members per group ends in "(non-audio-
   * video group)"; the Modify step's does not, so the row says it first. */
  if (self->mode == IMC_PLAN_EDITOR_MODE_MODIFY)
    set_note (self, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP,
              /* Translators: the documents' qualifier, as in "Maximum members one
               * group can accommodate (non-audio-video group)". */
              g_strdup_printf ("%s\n%s", _("(non-audio-video group)"),
                               self->notes[IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP]));

  limit = imc_format_count (imc_catalog_get_group_type_member_limit (self->catalog));
  {
    /* Translators: %s is a number such as "6,000". */
    g_autofree char *group_types = g_strdup_printf (_("Each group type also has its own limit (at most %s members)."),
                                                    limit);

    set_note (self, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP,
              g_strdup_printf ("%s\n%s", self->notes[IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP], group_types));
  }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->edition_row),
                               self->notes[IMC_PLAN_ITEM_EDITION]);
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    adw_action_row_set_subtitle (self->rows[item].row, self->notes[item]);
}

static void
fill_tiers (ImcPlanEditor *self,
            ImcPlanItem    item,
            gint           selected_value)
{
  const ImcPlan *defaults = imc_catalog_get_default_plan (self->catalog, self->plan.edition);
  gint minimum = imc_plan_get_item (defaults, item);
  GtkStringList *model = self->rows[item].model;
  GArray *values = self->rows[item].values;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  const gint *tiers;
  guint n_tiers = 0;
  guint selected = 0;

  tiers = imc_catalog_get_tiers (self->catalog, item, &n_tiers);
  g_array_set_size (values, 0);
  for (guint i = 0; i < n_tiers; i++)
    {
      if (tiers[i] < minimum)
        continue;
      if (tiers[i] == selected_value)
        selected = values->len;
      g_array_append_val (values, tiers[i]);
      g_ptr_array_add (strings, imc_format_count (tiers[i]));
    }
  g_ptr_array_add (strings, NULL);

  gtk_string_list_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                          (const char * const *) strings->pdata);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->rows[item].row), selected);
}

/* Puts self->plan into the widgets. */
static void
sync_widgets (ImcPlanEditor *self)
{
  const ImcPlan *defaults = imc_catalog_get_default_plan (self->catalog, self->plan.edition);

  self->updating = TRUE;
  adw_combo_row_set_selected (self->edition_row, index_for_edition (self->plan.edition));
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      if (self->rows[item].toggle != NULL)
        gtk_switch_set_active (self->rows[item].toggle, imc_plan_get_item (&self->plan, item));
      else
        fill_tiers (self, item, imc_plan_get_item (&self->plan, item));
    }
  self->updating = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->edition_row), !self->locked[IMC_PLAN_ITEM_EDITION]);
  /* A switch the edition includes (Ultimate's unlimited audio-video
   * groups) is on and cannot change. */
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->rows[item].row),
                              !self->locked[item] &&
                              !(self->rows[item].toggle != NULL && imc_plan_get_item (defaults, item)));
  update_notes (self);
}

static void
show_quote (ImcPlanEditor *self)
{
  if (self->quote == NULL)
    {
      gtk_label_set_label (self->month_amount, "…");
      gtk_label_set_label (self->monthly_amount, "…");
      return;
    }

  {
    const char *currency = imc_price_quote_get_currency (self->quote);
    g_autofree char *month = imc_format_money (imc_price_quote_get_current_month_amount (self->quote), currency);
    g_autofree char *monthly = imc_format_money (imc_price_quote_get_monthly_amount (self->quote), currency);
    gint days = imc_price_quote_get_days_left (self->quote);
    g_autofree char *subtitle = g_strdup_printf (ngettext ("Charged by day for the %d remaining day of this month",
                                                           "Charged by day for the %d remaining days of this month",
                                                           (unsigned long) days),
                                                 days);

    gtk_label_set_label (self->month_amount, month);
    gtk_label_set_label (self->monthly_amount, monthly);
    adw_action_row_set_subtitle (self->month_row, subtitle);
  }
}

static void
quote_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ImcPlanEditor *self;
  g_autoptr(ImcPriceQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  quote = imc_plan_client_inquiry_price_app_plan_finish (IMC_PLAN_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled, so the editor is alive: dispose cancels. */
  self = IMC_PLAN_EDITOR (user_data);
  if (quote == NULL)
    {
      g_autofree char *message = imc_plan_client_error_get_user_message (error);

      gtk_label_set_label (self->month_amount, "—");
      gtk_label_set_label (self->monthly_amount, "—");
      adw_action_row_set_subtitle (self->month_row, message);
      return;
    }

  g_set_object (&self->quote, quote);
  show_quote (self);
}

static gboolean
fetch_quote (gpointer user_data)
{
  ImcPlanEditor *self = user_data;

  self->quote_source_id = 0;
  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
  self->quote_cancellable = g_cancellable_new ();
  imc_plan_client_inquiry_price_app_plan_async (self->client, imc_app_get_sdk_app_id (self->app),
                                                &self->plan, self->quote_cancellable,
                                                quote_cb, self);
  return G_SOURCE_REMOVE;
}

static void
plan_changed (ImcPlanEditor *self)
{
  g_clear_object (&self->quote);
  show_quote (self);
  g_clear_handle_id (&self->quote_source_id, g_source_remove);
  if (self->client != NULL && self->app != NULL)
    self->quote_source_id = g_timeout_add (QUOTE_DELAY_MS, fetch_quote, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* What the edition change alone gives the app (as the rules count it). */
static void
implied_plan (ImcPlanEditor *self,
              ImcEdition     edition,
              ImcPlan       *out)
{
  const ImcPlan *defaults = imc_catalog_get_default_plan (self->catalog, edition);

  out->edition = edition;
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    imc_plan_set_item (out, item, MAX (imc_plan_get_item (&self->base, item),
                                       imc_plan_get_item (defaults, item)));
}

/* Selects @edition (Pro or Ultimate) and resets the items to what that
 * edition implies. */
static void
set_edition (ImcPlanEditor *self,
             ImcEdition     edition)
{
  g_return_if_fail (edition != IMC_EDITION_FREE);
  g_return_if_fail (self->catalog != NULL);

  if (self->locked[IMC_PLAN_ITEM_EDITION] && edition != self->plan.edition)
    return;

  implied_plan (self, edition, &self->plan);
  sync_widgets (self);
  plan_changed (self);
}

static void
edition_selected_cb (ImcPlanEditor *self)
{
  if (self->updating || self->catalog == NULL)
    return;
  set_edition (self, edition_for_index (adw_combo_row_get_selected (self->edition_row)));
}

/* A switch or a tier changed: read them all back into the plan. */
static void
item_changed_cb (ImcPlanEditor *self)
{
  if (self->updating || self->catalog == NULL)
    return;

  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      ItemRow *row = &self->rows[item];
      guint selected;

      if (row->toggle != NULL)
        {
          imc_plan_set_item (&self->plan, item, gtk_switch_get_active (row->toggle));
          continue;
        }
      selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row->row));
      if (selected < row->values->len)
        imc_plan_set_item (&self->plan, item, g_array_index (row->values, gint, selected));
    }
  update_notes (self);
  plan_changed (self);
}

/* One row per value-added item, in the table's order, after the edition. */
static void
add_item_rows (ImcPlanEditor *self)
{
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      ItemRow *row = &self->rows[item];

      if (imc_plan_item_get_info (item)->kind == IMC_PLAN_ITEM_KIND_SWITCH)
        {
          row->row = ADW_ACTION_ROW (adw_action_row_new ());
          row->toggle = GTK_SWITCH (gtk_switch_new ());
          gtk_widget_set_valign (GTK_WIDGET (row->toggle), GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (row->row, GTK_WIDGET (row->toggle));
          adw_action_row_set_activatable_widget (row->row, GTK_WIDGET (row->toggle));
          g_signal_connect_object (row->toggle, "notify::active",
                                   G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
        }
      else
        {
          row->row = ADW_ACTION_ROW (adw_combo_row_new ());
          row->model = gtk_string_list_new (NULL);
          row->values = g_array_new (FALSE, FALSE, sizeof (gint));
          adw_combo_row_set_model (ADW_COMBO_ROW (row->row), G_LIST_MODEL (row->model));
          adw_combo_row_set_factory (ADW_COMBO_ROW (row->row), self->value_factory);
          g_signal_connect_object (row->row, "notify::selected",
                                   G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row),
                                     imc_plan_item_get_label (item, TRUE));
      adw_preferences_group_add (self->config_group, GTK_WIDGET (row->row));
    }
}

static void
imc_plan_editor_dispose (GObject *object)
{
  ImcPlanEditor *self = IMC_PLAN_EDITOR (object);

  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
  g_clear_handle_id (&self->quote_source_id, g_source_remove);
  imc_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_PLAN_EDITOR);
  g_clear_object (&self->client);
  g_clear_object (&self->catalog);
  g_clear_object (&self->app);
  g_clear_object (&self->quote);

  G_OBJECT_CLASS (imc_plan_editor_parent_class)->dispose (object);
}

static void
imc_plan_editor_finalize (GObject *object)
{
  ImcPlanEditor *self = IMC_PLAN_EDITOR (object);

  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    {
      g_clear_object (&self->rows[i].model);
      g_clear_pointer (&self->rows[i].values, g_array_unref);
    }
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    g_free (self->notes[i]);

  G_OBJECT_CLASS (imc_plan_editor_parent_class)->finalize (object);
}

static void
imc_plan_editor_class_init (ImcPlanEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = imc_plan_editor_dispose;
  object_class->finalize = imc_plan_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/imc-plan-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, config_group);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, edition_row);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, edition_model);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, value_factory);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, month_row);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, monthly_row);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, month_amount);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, monthly_amount);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
imc_plan_editor_init (ImcPlanEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_item_rows (self);

  gtk_string_list_append (self->edition_model, _("Pro"));
  gtk_string_list_append (self->edition_model, _("Ultimate"));

  g_signal_connect_object (self->edition_row, "notify::selected",
                           G_CALLBACK (edition_selected_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
imc_plan_editor_new (void)
{
  return g_object_new (IMC_TYPE_PLAN_EDITOR, NULL);
}

void
imc_plan_editor_setup (ImcPlanEditor     *self,
                       ImcPlanClient     *client,
                       ImcCatalog        *catalog,
                       ImcApp            *app,
                       ImcPlanEditorMode  mode)
{
  g_return_if_fail (IMC_IS_PLAN_EDITOR (self));
  g_return_if_fail (client == NULL || IMC_IS_PLAN_CLIENT (client));
  g_return_if_fail (IMC_IS_CATALOG (catalog));
  g_return_if_fail (IMC_IS_APP (app));

  g_set_object (&self->client, client);
  g_set_object (&self->catalog, catalog);
  g_set_object (&self->app, app);
  self->mode = mode;
  self->base = *imc_app_get_plan (app);
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[item].row),
                                   imc_plan_item_get_label (item, mode == IMC_PLAN_EDITOR_MODE_MODIFY));

  for (ImcPlanItem item = 0; item < IMC_N_PLAN_ITEMS; item++)
    self->locked[item] = mode == IMC_PLAN_EDITOR_MODE_MODIFY &&
                         imc_app_get_next_modifiable (app, item) != NULL;

  if (mode == IMC_PLAN_EDITOR_MODE_UPGRADE)
    implied_plan (self, IMC_EDITION_PRO, &self->plan);
  else
    self->plan = self->base;

  sync_widgets (self);
  plan_changed (self);
}

void
imc_plan_editor_get_plan (ImcPlanEditor *self,
                          ImcPlan       *out_plan)
{
  g_return_if_fail (IMC_IS_PLAN_EDITOR (self));
  g_return_if_fail (out_plan != NULL);

  *out_plan = self->plan;
}

guint
imc_plan_editor_get_changed_items (ImcPlanEditor *self)
{
  const ImcPlan *current;
  guint changed = 0;

  g_return_val_if_fail (IMC_IS_PLAN_EDITOR (self), 0);

  if (self->app == NULL)
    return 0;
  current = imc_app_get_plan (self->app);
  for (ImcPlanItem item = 0; item < IMC_N_PLAN_ITEMS; item++)
    if (!imc_plan_item_equal (current, &self->plan, item))
      changed |= IMC_PLAN_ITEM_FLAG (item);
  return changed;
}

char *
imc_plan_editor_describe_price (ImcPlanEditor *self)
{
  g_return_val_if_fail (IMC_IS_PLAN_EDITOR (self), NULL);

  if (self->quote != NULL)
    {
      const char *currency = imc_price_quote_get_currency (self->quote);
      g_autofree char *month = imc_format_money (imc_price_quote_get_current_month_amount (self->quote), currency);
      g_autofree char *monthly = imc_format_money (imc_price_quote_get_monthly_amount (self->quote), currency);

      /* Translators: the first %s is the amount for the rest of this month,
       * the second the amount per whole month, e.g. "CNY 1,299.00". */
      return g_strdup_printf (_("Fees for this month are charged by day: %s for the rest of this month, "
                                "then %s per month. The bill is issued to your account within the "
                                "first three days of the next month."),
                              month, monthly);
    }

  return g_strdup (_("Fees for this month are charged by day. The bill is issued to your account "
                     "within the first three days of the next month."));
}

static char *
item_value_text (const ImcPlan *plan,
                 ImcPlanItem    item)
{
  if (item == IMC_PLAN_ITEM_EDITION)
    return g_strdup (imc_format_plan_name (plan));
  if (imc_plan_item_get_info (item)->kind == IMC_PLAN_ITEM_KIND_SWITCH)
    return g_strdup (imc_plan_get_item (plan, item) ? _("On") : _("Off"));
  return imc_format_count (imc_plan_get_item (plan, item));
}

char *
imc_plan_editor_describe_changes (ImcPlanEditor *self)
{
  GString *text = g_string_new (NULL);
  guint changed;

  g_return_val_if_fail (IMC_IS_PLAN_EDITOR (self), NULL);

  changed = imc_plan_editor_get_changed_items (self);
  for (ImcPlanItem item = 0; item < IMC_N_PLAN_ITEMS; item++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (!(changed & IMC_PLAN_ITEM_FLAG (item)))
        continue;
      before = item_value_text (imc_app_get_plan (self->app), item);
      after = item_value_text (&self->plan, item);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a change: item name, old value, new value. */
      g_string_append_printf (text, _("%s: %s → %s"), imc_format_plan_item (item), before, after);
    }

  return g_string_free (text, FALSE);
}
