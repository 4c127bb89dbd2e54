// Internal to the read stage: sha256_file with a hook that runs after the
// first chunk is hashed, so a test can change the file mid-read, and the
// bound on files hashed at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "owl/error.h"

namespace owl::detail {

// `hashed_bytes`, when set, counts the bytes as they are hashed.
Expected<std::string> sha256_file(const std::string& path,
                                  const std::function<void()>& after_first_chunk,
                                  std::atomic<uint64_t>* hashed_bytes = nullptr);

// How many files the process hashes at once (one per core): more threads
// than cores only share the cores and spread the reads over the disk.
size_t concurrent_hashes();

}  // namespace owl::detail
