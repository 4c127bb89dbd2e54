// Writing a report, page or BOM to a file the user named (`owl scan
// --output`, `owl bom --output`, `owl census --html`).
#pragma once

#include <fstream>
#include <string>
#include <string_view>

#include "owl/error.h"

namespace owl {

// A report written as it is produced, to a temporary file beside `path`
// that commit() renames into place, so a reader (or a CI step) sees the old
// file or the whole new one, never half of it. Without a successful
// commit() (an error, an early return) the temporary is removed and `path`
// is left as it was. Rename replaces rather than appends: writing in place
// would leave a truncated report behind a full disk. Not thread-safe.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::string path);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  std::ostream& stream() { return out_; }
  Status commit();

 private:
  std::string path_;
  std::string temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

// The whole of `contents` through an AtomicOutputFile.
Status write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace owl
