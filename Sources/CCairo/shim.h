// The C surface SheetRendering wraps: Cairo's PDF backend and Pango's Cairo text layout.
#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-ft.h>
#include <pango/pangocairo.h>

#endif
