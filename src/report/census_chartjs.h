// Internal to the report stage: the Chart.js bundle the census page embeds
// (Debian's libjs-chart.js, copied in at build time; see CMakeLists.txt).
#pragma once

#include <string_view>

namespace owl::detail {

std::string_view chartjs_source();

}  // namespace owl::detail
