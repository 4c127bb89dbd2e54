// Whether loading a file could run code: the one judgement of the release
// model that a reader (the pickle scanner) makes, kept here so the release
// model does not depend on any reader.
#pragma once

namespace owl {

enum class Safety { kSafe, kSuspicious, kDangerous };
const char* to_string(Safety safety);

}  // namespace owl
