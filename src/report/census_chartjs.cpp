// The one translation unit that holds the embedded Chart.js bundle, so a
// change elsewhere in the census does not recompile 200 KB of string.
#include "census_chartjs.h"

namespace owl::detail {

std::string_view chartjs_source() {
  static constexpr std::string_view kSource =
#include "owl/chartjs_data.inc"
      ;
  return kSource;
}

}  // namespace owl::detail
