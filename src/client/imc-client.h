/* imc-client.h: everything in the client layer (no GTK). */
#pragma once

#include "imc-app-cache.h"
#include "imc-connection.h"
#include "imc-credentials.h"
#include "imc-format.h"
#include "imc-plan-client.h"
#include "imc-plan-client-error.h"
#include "imc-sandbox.h"
#include "imc-session.h"
