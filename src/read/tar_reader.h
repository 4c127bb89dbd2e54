// A bounded reader of tar headers (ustar, with GNU long names and pax path
// records), hand-written because the headers are hostile input: every field
// is checked against the bytes that remain, sizes are overflow-checked, and
// the member count is capped. Members are listed, never extracted.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl::tar {

struct Member {
  std::string name;     // as the archive spells it (prefix/name, or the long name)
  char type = '0';      // '0' file, '1' hard link, '2' symlink, '5' folder, ...
  std::string link;     // link target, for '1' and '2'
  uint64_t offset = 0;  // of the member's data in the archive
  uint64_t size = 0;
};

struct Listing {
  std::vector<Member> members;
  // Rules the archive broke, "byte N: why"; the listing stops at the first
  // header it cannot trust (a bad checksum, a member past the end).
  std::vector<std::string> faults;
};

// True when a ustar or GNU tar magic sits at byte 257 of the first header.
bool looks_like_tar(Bytes bytes);

Listing list_members(Bytes bytes);

// The same walk over an archive of `size` bytes read piecewise (a remote
// file fetched by ranges): `read(offset, length)` gives those bytes, or the
// Error that ends the walk. It is asked for each 512-byte header and for
// the content of long-name and pax headers only, never a member's data.
using ReadAt = std::function<Expected<Bytes>(uint64_t offset, uint64_t length)>;
Expected<Listing> list_members(uint64_t size, const ReadAt& read);

}  // namespace owl::tar
