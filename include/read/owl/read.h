// The read stage's release builder: runs the format readers over the files
// that find_releases located and gathers their facts into a Release.
//
// It sniffs content by magic bytes (a .bin may be a zip checkpoint, a legacy
// pickle or a Git LFS pointer) and looks at headers only. A local file is
// mapped read-only; a release whose ReleaseLocation::opener is set (one on
// the Hub) has its files opened through it, and the same readers fetch only
// the byte ranges their headers need (FoundFile::recorded_sha256 becomes the
// recorded digest). Tensor data is read only when ReadOptions::hash asks for
// a SHA-256, and never for a remote file (the recorded digest stands). A file a reader refuses
// stays in the release with its Error, so a bad shard never hides the rest of the release.
// Thread-safe: no shared state.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "owl/error.h"
#include "owl/find.h"
#include "owl/release.h"

namespace owl {

struct ReadOptions {
  bool hash = false;                     // compute SHA-256 of every weights file
  size_t max_document_bytes = 4u << 20;  // licence and card texts are capped here
  // When set, every byte hashed is added as it is read, so a progress line
  // on another thread can show a long hash moving (owl/progress.h).
  std::atomic<uint64_t>* hashed_bytes = nullptr;
};

Release read_release(const ReleaseLocation& location, const ReadOptions& options = {});

// SHA-256 of a whole file, streamed in fixed-size chunks; lowercase hex.
Expected<std::string> sha256_file(const std::string& path);

}  // namespace owl
