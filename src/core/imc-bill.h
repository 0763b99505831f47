/* imc-bill.h: the answer of DescribeBill: per app and per day, the prorated
 * charges of one month, and the totals. */
#pragma once

#include <json-glib/json-glib.h>

#include "imc-billing.h"

G_BEGIN_DECLS

#define IMC_TYPE_BILL (imc_bill_get_type ())

G_DECLARE_FINAL_TYPE (ImcBill, imc_bill, IMC, BILL, GObject)

ImcBill     *imc_bill_new                 (gint          year,
                                           gint          month,
                                           const char   *currency);
/* Adds one app's days (ImcBillDay array, as from
 * imc_billing_compute_month); the bill keeps a reference. */
void         imc_bill_add_app             (ImcBill      *self,
                                           gint64        sdk_app_id,
                                           const char   *app_name,
                                           GArray       *days);
ImcBill     *imc_bill_new_from_json       (JsonObject   *object,
                                           GError      **error);
JsonNode    *imc_bill_to_json             (ImcBill      *self);

gint         imc_bill_get_year            (ImcBill      *self);
gint         imc_bill_get_month           (ImcBill      *self);
const char  *imc_bill_get_currency        (ImcBill      *self);
gint64       imc_bill_get_total           (ImcBill      *self);
/* The bill is issued from @out_start to @out_end (1st-3rd next month). */
void         imc_bill_get_issue_window    (ImcBill      *self,
                                           GDateTime   **out_start,
                                           GDateTime   **out_end);
guint        imc_bill_get_n_apps          (ImcBill      *self);
gint64       imc_bill_get_app_id          (ImcBill      *self,
                                           guint         index);
const char  *imc_bill_get_app_name        (ImcBill      *self,
                                           guint         index);
gint64       imc_bill_get_app_total       (ImcBill      *self,
                                           guint         index);
/* ImcBillDay elements, one per day of the month. */
GArray      *imc_bill_get_app_days        (ImcBill      *self,
                                           guint         index);

G_END_DECLS
