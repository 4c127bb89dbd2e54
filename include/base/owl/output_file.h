// Writing a report, page or BOM to a file the user named (`owl scan
// --output`, `owl bom --output`, `owl census --html`).
#pragma once

#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <streambuf>
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

// Text set aside while a document is written, for a part that must come
// after parts still being written (a BOM's dependency list, the list of
// every element). Kept in memory up to kMemoryBytes, then in an unnamed
// temporary file in $TMPDIR (else /tmp), unlinked as soon as it is made,
// so memory stays flat however long the part grows and nothing is left
// behind. Keeping it in memory was turned down: at 100,000 releases an
// SPDX element list alone is tens of megabytes. Not thread-safe.
class SpillBuffer {
 public:
  static constexpr size_t kMemoryBytes = size_t{256} << 10;

  SpillBuffer();
  ~SpillBuffer();
  SpillBuffer(const SpillBuffer&) = delete;
  SpillBuffer& operator=(const SpillBuffer&) = delete;

  void append(std::string_view text);
  // An ostream that appends, for writers that take a stream.
  std::ostream& stream() { return stream_; }
  bool empty() const { return size_ == 0; }
  // Everything appended so far, from the start, in chunks; may be called
  // again. The first failure to make, write or read the file.
  Status read(const std::function<void(std::string_view)>& chunk);
  Status copy_to(std::ostream& out);

 private:
  class Buf : public std::streambuf {
   public:
    explicit Buf(SpillBuffer& owner) : owner_(owner) {}

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* text, std::streamsize count) override;

   private:
    SpillBuffer& owner_;
  };
  void spill();
  void write_to_file(std::string_view text);

  std::string memory_;
  std::FILE* file_ = nullptr;
  size_t size_ = 0;
  std::optional<Error> error_;
  Buf buf_{*this};
  std::ostream stream_{&buf_};
};

// The whole of `contents` through an AtomicOutputFile.
Status write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace owl
