// The dashboard's files (server/ui/*.html, *.css, *.js), embedded into the binary at build
// time: CMake runs server/ui/embed_assets.cmake, which writes every file as a raw string
// literal into a generated ui_assets.cc (in the build tree). No file is read at run time,
// nothing is fetched from a CDN. Immutable static data: safe from any thread.
#pragma once

#include <string_view>
#include <vector>

namespace bolna {

struct UiAsset {
  std::string_view name;          // file name, e.g. "app.js"
  std::string_view content_type;  // by extension, with charset
  std::string_view body;
};

// Every embedded file, sorted by name.
const std::vector<UiAsset>& ui_assets();
// The file called `name`, or null.
const UiAsset* find_ui_asset(std::string_view name);

}  // namespace bolna
