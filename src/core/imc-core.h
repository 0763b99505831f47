/* imc-core.h: everything in libimc-core. */
#pragma once

#include "imc-app.h"
#include "imc-bill.h"
#include "imc-billing.h"
#include "imc-calendar.h"
#include "imc-catalog.h"
#include "imc-error.h"
#include "imc-i18n.h"
#include "imc-json.h"
#include "imc-json-writer.h"
#include "imc-message-catalog.h"
#include "imc-money.h"
#include "imc-operation-log.h"
#include "imc-price-quote.h"
#include "imc-rules.h"
#include "imc-tc3.h"
#include "imc-types.h"
