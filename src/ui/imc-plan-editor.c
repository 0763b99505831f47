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

#include "imc-plan-editor.h"

#define QUOTE_DELAY_MS 300

struct _ImcPlanEditor
{
  GtkWidget          parent_instance;

  ImcPlanClient     *client;
  ImcCatalog        *catalog;
  ImcApp            *app;
  ImcPlanEditorMode  mode;
  ImcPlan            base;
  ImcPlan            plan;
  GArray            *groups_values;
  GArray            *members_values;
  gboolean           locked[IMC_N_PLAN_ITEMS];
  char              *notes[IMC_N_PLAN_ITEMS];
  gboolean           updating;

  ImcPriceQuote     *quote;
  GCancellable      *quote_cancellable;
  guint              quote_source_id;

  AdwComboRow       *edition_row;
  AdwActionRow      *av_row;
  GtkSwitch         *av_switch;
  AdwComboRow       *groups_row;
  AdwComboRow       *members_row;
  GtkStringList     *edition_model;
  GtkStringList     *groups_model;
  GtkStringList     *members_model;
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

  /* Unlimited audio-video groups. */
  if (defaults->unlimited_av_groups)
    /* Translators: %s is an edition name such as "Ultimate". */
    note = g_strdup_printf (_("Included in %s"), edition_name);
  else if (self->locked[IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS])
    note = lock_note (self, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS);
  else if (self->plan.unlimited_av_groups)
    note = fee_note (self, imc_catalog_get_unlimited_av_price (self->catalog));
  else
    note = g_strdup_printf (ngettext ("Off: at most %d audio-video group",
                                      "Off: at most %d audio-video groups",
                                      (unsigned long) imc_catalog_get_av_group_cap (self->catalog)),
                            imc_catalog_get_av_group_cap (self->catalog));
  set_note (self, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS, note);

  /* The two tiered items. */
  for (ImcPlanItem item = IMC_PLAN_ITEM_MAX_GROUPS_PER_USER; item <= IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP; item++)
    {
      if (self->locked[item])
        note = lock_note (self, item);
      else if (imc_catalog_item_has_fee (self->catalog, &self->plan, item))
        note = fee_note (self, imc_catalog_get_item_price (self->catalog, &self->plan, item));
      else
        /* Translators: %s is an edition name such as "Pro". */
        note = g_strdup_printf (_("Default of %s, no extra fee"), edition_name);
      set_note (self, item, note);
    }

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
  adw_action_row_set_subtitle (self->av_row, self->notes[IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS]);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->groups_row), self->notes[IMC_PLAN_ITEM_MAX_GROUPS_PER_USER]);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->members_row), self->notes[IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP]);
}

static void
fill_tiers (ImcPlanEditor *self,
            ImcPlanItem    item,
            GtkStringList *model,
            GArray        *values,
            AdwComboRow   *row,
            gint           selected_value)
{
  const ImcPlan *defaults = imc_catalog_get_default_plan (self->catalog, self->plan.edition);
  gint minimum = item == IMC_PLAN_ITEM_MAX_GROUPS_PER_USER
                 ? defaults->max_groups_per_user : defaults->max_members_per_group;
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
  adw_combo_row_set_selected (row, selected);
}

/* Puts self->plan into the widgets. */
static void
sync_widgets (ImcPlanEditor *self)
{
  const ImcPlan *defaults = imc_catalog_get_default_plan (self->catalog, self->plan.edition);

  self->updating = TRUE;
  adw_combo_row_set_selected (self->edition_row, index_for_edition (self->plan.edition));
  gtk_switch_set_active (self->av_switch, self->plan.unlimited_av_groups);
  fill_tiers (self, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, self->groups_model, self->groups_values,
              self->groups_row, self->plan.max_groups_per_user);
  fill_tiers (self, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, self->members_model, self->members_values,
              self->members_row, self->plan.max_members_per_group);
  self->updating = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->edition_row), !self->locked[IMC_PLAN_ITEM_EDITION]);
  /* Ultimate includes unlimited audio-video groups: on and locked. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->av_row),
                            !defaults->unlimited_av_groups && !self->locked[IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS]);
  gtk_widget_set_sensitive (GTK_WIDGET (self->groups_row), !self->locked[IMC_PLAN_ITEM_MAX_GROUPS_PER_USER]);
  gtk_widget_set_sensitive (GTK_WIDGET (self->members_row), !self->locked[IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP]);
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
  out->unlimited_av_groups = self->base.unlimited_av_groups || defaults->unlimited_av_groups;
  out->max_groups_per_user = MAX (self->base.max_groups_per_user, defaults->max_groups_per_user);
  out->max_members_per_group = MAX (self->base.max_members_per_group, defaults->max_members_per_group);
}

static void
edition_selected_cb (ImcPlanEditor *self)
{
  if (self->updating || self->catalog == NULL)
    return;
  imc_plan_editor_set_edition (self, edition_for_index (adw_combo_row_get_selected (self->edition_row)));
}

static void
av_active_cb (ImcPlanEditor *self)
{
  if (self->updating || self->catalog == NULL)
    return;
  self->plan.unlimited_av_groups = gtk_switch_get_active (self->av_switch);
  update_notes (self);
  plan_changed (self);
}

static void
tier_selected_cb (ImcPlanEditor *self)
{
  guint groups, members;

  if (self->updating || self->catalog == NULL)
    return;

  groups = adw_combo_row_get_selected (self->groups_row);
  members = adw_combo_row_get_selected (self->members_row);
  if (groups < self->groups_values->len)
    self->plan.max_groups_per_user = g_array_index (self->groups_values, gint, groups);
  if (members < self->members_values->len)
    self->plan.max_members_per_group = g_array_index (self->members_values, gint, members);
  update_notes (self);
  plan_changed (self);
}

static void
imc_plan_editor_dispose (GObject *object)
{
  ImcPlanEditor *self = IMC_PLAN_EDITOR (object);

  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
  g_clear_handle_id (&self->quote_source_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), IMC_TYPE_PLAN_EDITOR);
  /* The template's root child is not bound to a field: unparent it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
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

  g_array_unref (self->groups_values);
  g_array_unref (self->members_values);
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
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, edition_row);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, av_row);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, av_switch);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, groups_row);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, members_row);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, edition_model);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, groups_model);
  gtk_widget_class_bind_template_child (widget_class, ImcPlanEditor, members_model);
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

  self->groups_values = g_array_new (FALSE, FALSE, sizeof (gint));
  self->members_values = g_array_new (FALSE, FALSE, sizeof (gint));

  gtk_string_list_append (self->edition_model, _("Pro"));
  gtk_string_list_append (self->edition_model, _("Ultimate"));

  g_signal_connect_object (self->edition_row, "notify::selected",
                           G_CALLBACK (edition_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->av_switch, "notify::active",
                           G_CALLBACK (av_active_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->groups_row, "notify::selected",
                           G_CALLBACK (tier_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->members_row, "notify::selected",
                           G_CALLBACK (tier_selected_cb), self, G_CONNECT_SWAPPED);
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

void
imc_plan_editor_set_edition (ImcPlanEditor *self,
                             ImcEdition     edition)
{
  g_return_if_fail (IMC_IS_PLAN_EDITOR (self));
  g_return_if_fail (edition != IMC_EDITION_FREE);
  g_return_if_fail (self->catalog != NULL);

  if (self->locked[IMC_PLAN_ITEM_EDITION] && edition != self->plan.edition)
    return;

  implied_plan (self, edition, &self->plan);
  sync_widgets (self);
  plan_changed (self);
}

gboolean
imc_plan_editor_set_item_value (ImcPlanEditor *self,
                                ImcPlanItem    item,
                                gint           value)
{
  GArray *values;
  AdwComboRow *row;

  g_return_val_if_fail (IMC_IS_PLAN_EDITOR (self), FALSE);

  if (self->catalog == NULL || !gtk_widget_get_sensitive (item == IMC_PLAN_ITEM_EDITION
                                                         ? GTK_WIDGET (self->edition_row)
                                                         : item == IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS
                                                         ? GTK_WIDGET (self->av_row)
                                                         : item == IMC_PLAN_ITEM_MAX_GROUPS_PER_USER
                                                         ? GTK_WIDGET (self->groups_row)
                                                         : GTK_WIDGET (self->members_row)))
    return FALSE;

  switch (item)
    {
    case IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS:
      gtk_switch_set_active (self->av_switch, value != 0);
      return TRUE;
    case IMC_PLAN_ITEM_MAX_GROUPS_PER_USER:
      values = self->groups_values;
      row = self->groups_row;
      break;
    case IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP:
      values = self->members_values;
      row = self->members_row;
      break;
    case IMC_PLAN_ITEM_EDITION:
    default:
      return FALSE;
    }

  for (guint i = 0; i < values->len; i++)
    if (g_array_index (values, gint, i) == value)
      {
        adw_combo_row_set_selected (row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
imc_plan_editor_get_item_sensitive (ImcPlanEditor *self,
                                    ImcPlanItem    item)
{
  g_return_val_if_fail (IMC_IS_PLAN_EDITOR (self), FALSE);

  switch (item)
    {
    case IMC_PLAN_ITEM_EDITION:
      return gtk_widget_get_sensitive (GTK_WIDGET (self->edition_row));
    case IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS:
      return gtk_widget_get_sensitive (GTK_WIDGET (self->av_row));
    case IMC_PLAN_ITEM_MAX_GROUPS_PER_USER:
      return gtk_widget_get_sensitive (GTK_WIDGET (self->groups_row));
    case IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP:
      return gtk_widget_get_sensitive (GTK_WIDGET (self->members_row));
    default:
      return FALSE;
    }
}

const char *
imc_plan_editor_get_item_note (ImcPlanEditor *self,
                               ImcPlanItem    item)
{
  g_return_val_if_fail (IMC_IS_PLAN_EDITOR (self), NULL);
  g_return_val_if_fail (item < IMC_N_PLAN_ITEMS, NULL);

  return self->notes[item];
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

ImcPriceQuote *
imc_plan_editor_get_quote (ImcPlanEditor *self)
{
  g_return_val_if_fail (IMC_IS_PLAN_EDITOR (self), NULL);
  return self->quote;
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
  switch (item)
    {
    case IMC_PLAN_ITEM_EDITION:
      return g_strdup (imc_format_plan_name (plan));
    case IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS:
      return g_strdup (plan->unlimited_av_groups ? _("On") : _("Off"));
    case IMC_PLAN_ITEM_MAX_GROUPS_PER_USER:
      return imc_format_count (plan->max_groups_per_user);
    case IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP:
      return imc_format_count (plan->max_members_per_group);
    default:
      return g_strdup ("");
    }
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
