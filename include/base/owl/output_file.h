// Writing a report, page or BOM to a file the user named (`owl scan
// --output`, `owl bom --output`, `owl census --html`).
#pragma once

#include <string>
#include <string_view>

#include "owl/error.h"

namespace owl {

// Writes `contents` to a temporary file beside `path` and renames it into
// place, so a reader (or a CI step) sees the old file or the whole new one,
// never half of it; on any failure the temporary is removed and `path` is
// left as it was. Rename replaces rather than appends: the alternative of
// writing in place would leave a truncated report behind a full disk.
Status write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace owl
