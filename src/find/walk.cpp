// The walk of one release's files: nothing it skips goes unsaid.
#include "find/walk.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "owl/bytes.h"

namespace owl::detail {

namespace {

namespace fs = std::filesystem;

bool is_skipped_folder(const std::string& name) {
  return name == ".git" || name == ".cache" || name == "node_modules";
}

class ReleaseWalker {
 public:
  ReleaseWalker(const fs::path& root, const FindLimits& limits, ReleaseLocation& release)
      : root_(root), limits_(limits), release_(release) {}

  void walk(const fs::path& dir, int depth) {
    if (depth == 0 && listed_ != nullptr) {
      visit_all(dir, *listed_, depth);
      return;
    }
    const FolderListing listing = list_folder(dir);
    if (listing.cannot_open) {
      problem(Error::io(relative(dir), "find.unreadable-directory",
                        "cannot list this directory: " + listing.cannot_open.message()));
      return;
    }
    if (listing.stopped)
      problem(Error::io(
          relative(dir), "find.walk-error",
          "listing stopped part way: " + listing.stopped.message() + "; the rest is not read"));
    visit_all(dir, listing.entries, depth);
  }

  void use_listing(const std::vector<ListedEntry>* listed) { listed_ = listed; }

 private:
  std::string relative(const fs::path& path) const {
    const std::string rel = path.lexically_relative(root_).generic_string();
    return rel.empty() ? "." : rel;
  }

  void problem(Error error) { release_.problems.push_back(std::move(error)); }

  void visit_all(const fs::path& dir, const std::vector<ListedEntry>& entries, int depth) {
    for (const auto& entry : entries) {
      if (capped_) return;
      visit(dir / entry.name, entry.name, depth);
    }
  }

  void visit(const fs::path& path, const std::string& name, int depth) {
    const std::string rel = relative(path);
    // One lstat gives the type and size of a plain file; a link costs one
    // stat more, for its target's.
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
      problem(
          Error::io(rel, "find.walk-error",
                    "cannot stat: " + std::error_code(errno, std::generic_category()).message()));
      return;
    }
    const bool is_link = S_ISLNK(info.st_mode);
    if (is_link && ::stat(path.c_str(), &info) != 0) {
      if (errno == ELOOP) {
        problem(Error::unsupported(rel, "find.symlink-loop",
                                   "a symbolic link that resolves to itself; not followed"));
        return;
      }
      std::error_code read_ec;
      const std::string to = fs::read_symlink(path, read_ec).generic_string();
      problem(Error::io(rel, "find.dangling-symlink",
                        "a symbolic link to nothing" + (to.empty() ? "" : " (" + to + ")") +
                            "; the file it stands for is not in the release"));
      return;
    }
    const fs::file_status target = status_of(info);
    if (fs::is_directory(target)) {
      visit_directory(path, rel, name, is_link, depth);
      return;
    }
    if (!fs::is_regular_file(target)) {
      problem(Error::unsupported(rel, "file.not-regular",
                                 std::string("expected a regular file, found ") +
                                     file_type_name(info.st_mode) + "; not opened"));
      return;
    }
    if (release_.files.size() >= limits_.max_files_per_release) {
      capped_ = true;
      problem(Error::limit(rel, std::nullopt, "find.too-many-files",
                           fmt::format("a release holds at most {} files; this one and the rest "
                                       "are not read",
                                       limits_.max_files_per_release)));
      return;
    }
    FoundFile file;
    file.path = path.string();
    file.relative = rel;
    file.size = static_cast<uint64_t>(info.st_size);
    file.role = classify_file(rel);
    release_.files.push_back(std::move(file));
  }

  void visit_directory(const fs::path& path, const std::string& rel, const std::string& name,
                       bool is_link, int depth) {
    if (is_skipped_folder(name)) return;
    if (is_link) {
      // A link to a directory is never followed; one to the release itself
      // or a folder above it is a loop and says so.
      std::error_code ec;
      const fs::path target = fs::canonical(path, ec);
      const fs::path parent = fs::canonical(path.parent_path(), ec);
      const bool loop =
          !ec && !target.empty() &&
          std::mismatch(target.begin(), target.end(), parent.begin(), parent.end()).first ==
              target.end();
      problem(Error::unsupported(
          rel, loop ? "find.symlink-loop" : "find.directory-symlink",
          loop ? "a symbolic link to a folder that contains it; not followed"
               : "a symbolic link to a directory is not followed; scan its target on its own"));
      return;
    }
    // Folders named "licenses" or "notices" are common; one named like a
    // weights file is where the weights were expected and are not.
    if (const FileRole role = classify_file(rel);
        role == FileRole::kWeights || role == FileRole::kWeightsIndex)
      problem(Error::unsupported(
          rel, "find.directory-named-as-file",
          std::string("a directory where a ") + to_string(role) + " file is expected by its name"));
    if (depth >= limits_.max_depth) {
      problem(Error::limit(
          rel, std::nullopt, "find.too-deep",
          fmt::format("folders more than {} levels deep are not read", limits_.max_depth)));
      return;
    }
    walk(path, depth + 1);
  }

  static fs::file_status status_of(const struct stat& info) {
    fs::file_type type = fs::file_type::unknown;
    if (S_ISREG(info.st_mode))
      type = fs::file_type::regular;
    else if (S_ISDIR(info.st_mode))
      type = fs::file_type::directory;
    else if (S_ISLNK(info.st_mode))
      type = fs::file_type::symlink;
    else if (S_ISFIFO(info.st_mode))
      type = fs::file_type::fifo;
    else if (S_ISSOCK(info.st_mode))
      type = fs::file_type::socket;
    else if (S_ISCHR(info.st_mode))
      type = fs::file_type::character;
    else if (S_ISBLK(info.st_mode))
      type = fs::file_type::block;
    return fs::file_status(type);
  }

  const fs::path& root_;
  const FindLimits& limits_;
  ReleaseLocation& release_;
  const std::vector<ListedEntry>* listed_ = nullptr;
  bool capped_ = false;
};

// The type readdir gave: directory_entry caches it, so none of these calls
// makes a system call unless the filesystem left the type unknown.
fs::file_type listed_type(const fs::directory_entry& entry) {
  std::error_code ec;
  if (entry.is_symlink(ec)) return fs::file_type::symlink;
  if (entry.is_directory(ec)) return fs::file_type::directory;
  if (entry.is_regular_file(ec)) return fs::file_type::regular;
  return fs::file_type::unknown;  // a FIFO, socket or device: whoever needs it stats it
}

}  // namespace

FolderListing list_folder(const fs::path& dir) {
  FolderListing listing;
  fs::directory_iterator it(dir, listing.cannot_open);
  if (listing.cannot_open) return listing;
  for (const fs::directory_iterator end; it != end;) {
    listing.entries.push_back({it->path().filename().string(), listed_type(*it)});
    it.increment(listing.stopped);
    if (listing.stopped) break;
  }
  std::sort(listing.entries.begin(), listing.entries.end(),
            [](const ListedEntry& a, const ListedEntry& b) { return a.name < b.name; });
  return listing;
}

fs::file_type followed_type(const fs::path& dir, const ListedEntry& entry) {
  if (entry.type != fs::file_type::symlink && entry.type != fs::file_type::unknown)
    return entry.type;
  std::error_code ec;
  return fs::status(dir / entry.name, ec).type();
}

void walk_release_files(const fs::path& root, const FindLimits& limits, ReleaseLocation& release,
                        const std::vector<ListedEntry>* listed) {
  if (!limits.list_files) return;
  ReleaseWalker walker(root, limits, release);
  walker.use_listing(listed);
  walker.walk(root, 0);
  std::sort(release.files.begin(), release.files.end(),
            [](const FoundFile& a, const FoundFile& b) { return a.relative < b.relative; });
}

}  // namespace owl::detail
