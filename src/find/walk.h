// Internal to the find stage: lists the files of one release.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "owl/find.h"

namespace owl::detail {

// One entry of a folder's listing: its name and its type as listed (a link
// is a symlink, not followed; unknown when the filesystem did not say).
// A folder of 100,000 releases is listed whole before it is searched; kept
// as directory_entry values, each with its full path split into parts, the
// listing cost ten times its names.
struct ListedEntry {
  std::string name;
  std::filesystem::file_type type = std::filesystem::file_type::unknown;
};

struct FolderListing {
  std::vector<ListedEntry> entries;  // sorted by name
  std::error_code cannot_open;       // set: nothing could be listed
  std::error_code stopped;           // set: the listing stopped part way
};

// Lists `dir` with no system call per entry (the types come from readdir).
FolderListing list_folder(const std::filesystem::path& dir);

// The type of what an entry of `dir` names, a link followed: a stat for a
// link or an unknown type, none otherwise. A link to nothing is not_found.
std::filesystem::file_type followed_type(const std::filesystem::path& dir,
                                         const ListedEntry& entry);

// Adds every regular file under `root` to `release.files` (sorted), and a
// problem to `release.problems` for everything that could not be listed or
// is not followed: an unreadable or vanished directory, a symbolic link to
// nothing, a link to a directory (a loop could trap the walk), a FIFO,
// socket or device, a directory named like a weights or licence file, and
// the depth and file-count caps. Version-control and cache folders (.git,
// .cache, node_modules) are skipped without a word: they are not part of
// the release. `listed`, when given, is the root's complete listing (the
// finder has just read it), so the root is not listed twice.
// Never throws.
void walk_release_files(const std::filesystem::path& root, const FindLimits& limits,
                        ReleaseLocation& release, const std::vector<ListedEntry>* listed = nullptr);

}  // namespace owl::detail
