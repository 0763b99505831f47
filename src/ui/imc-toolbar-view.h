/* imc-toolbar-view.h: bars above and below a content, as AdwToolbarView
 * lays them out where libadwaita has it (1.4), and as a box elsewhere.
 * The same .ui works on both:
 *
 *   <object class="ImcToolbarView">
 *     <child type="top"><object class="AdwHeaderBar"/></child>
 *     <property name="content">...</property>
 *   </object>
 *
 * (a child without a type is the content too). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IMC_TYPE_TOOLBAR_VIEW (imc_toolbar_view_get_type ())

G_DECLARE_FINAL_TYPE (ImcToolbarView, imc_toolbar_view, IMC, TOOLBAR_VIEW, GtkWidget)

GtkWidget *imc_toolbar_view_new            (void);
void       imc_toolbar_view_add_top_bar    (ImcToolbarView *self,
                                            GtkWidget      *bar);
void       imc_toolbar_view_add_bottom_bar (ImcToolbarView *self,
                                            GtkWidget      *bar);
GtkWidget *imc_toolbar_view_get_content    (ImcToolbarView *self);
void       imc_toolbar_view_set_content    (ImcToolbarView *self,
                                            GtkWidget      *content);

G_END_DECLS
