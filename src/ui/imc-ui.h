/* imc-ui.h: the widgets of IM Console. */
#pragma once

#include "imc-app-card.h"
#include "imc-app-page.h"
#include "imc-compat.h"
#include "imc-connection-editor.h"
#include "imc-connections-page.h"
#include "imc-create-app-dialog.h"
#include "imc-plan-dialog.h"
#include "imc-plan-editor.h"
#include "imc-toolbar-view.h"
#include "imc-window.h"
