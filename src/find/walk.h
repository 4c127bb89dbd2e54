// Internal to the find stage: lists the files of one release.
#pragma once

#include <filesystem>
#include <vector>

#include "owl/find.h"

namespace owl::detail {

// Adds every regular file under `root` to `release.files` (sorted), and a
// problem to `release.problems` for everything that could not be listed or
// is not followed: an unreadable or vanished directory, a symbolic link to
// nothing, a link to a directory (a loop could trap the walk), a FIFO,
// socket or device, a directory named like a weights or licence file, and
// the depth and file-count caps. Version-control and cache folders (.git,
// .cache, node_modules) are skipped without a word: they are not part of
// the release. `listed`, when given, is the root's complete listing sorted
// by path (the finder has just read it), so the root is not listed twice.
// Never throws.
void walk_release_files(const std::filesystem::path& root, const FindLimits& limits,
                        ReleaseLocation& release,
                        const std::vector<std::filesystem::directory_entry>* listed = nullptr);

}  // namespace owl::detail
