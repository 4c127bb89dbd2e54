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
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      problem(Error::io(relative(dir), "find.unreadable-directory",
                        "cannot list this directory: " + ec.message()));
      return;
    }
    for (const fs::directory_iterator end; it != end;) {
      entries.push_back(*it);
      it.increment(ec);
      if (ec) break;
    }
    if (ec)
      problem(Error::io(relative(dir), "find.walk-error",
                        "listing stopped part way: " + ec.message() + "; the rest is not read"));
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& entry : entries) {
      if (capped_) return;
      visit(entry, depth);
    }
  }

 private:
  std::string relative(const fs::path& path) const {
    const std::string rel = path.lexically_relative(root_).generic_string();
    return rel.empty() ? "." : rel;
  }

  void problem(Error error) { release_.problems.push_back(std::move(error)); }

  void visit(const fs::directory_entry& entry, int depth) {
    const std::string rel = relative(entry.path());
    const std::string name = entry.path().filename().string();
    std::error_code ec;
    const fs::file_status link = entry.symlink_status(ec);
    if (ec) {
      problem(Error::io(rel, "find.walk-error", "cannot stat: " + ec.message()));
      return;
    }
    fs::file_status target = link;
    if (fs::is_symlink(link)) {
      target = fs::status(entry.path(), ec);
      if (ec && ec.value() == ELOOP) {
        problem(Error::unsupported(rel, "find.symlink-loop",
                                   "a symbolic link that resolves to itself; not followed"));
        return;
      }
      if (ec || !fs::exists(target)) {
        std::error_code read_ec;
        const std::string to = fs::read_symlink(entry.path(), read_ec).generic_string();
        problem(Error::io(rel, "find.dangling-symlink",
                          "a symbolic link to nothing" + (to.empty() ? "" : " (" + to + ")") +
                              "; the file it stands for is not in the release"));
        return;
      }
    }
    if (fs::is_directory(target)) {
      visit_directory(entry, rel, name, fs::is_symlink(link), depth);
      return;
    }
    if (!fs::is_regular_file(target)) {
      struct stat info {};
      const unsigned mode = ::stat(entry.path().c_str(), &info) == 0 ? info.st_mode : 0;
      problem(Error::unsupported(
          rel, "file.not-regular",
          std::string("expected a regular file, found ") + file_type_name(mode) + "; not opened"));
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
    file.path = entry.path().string();
    file.relative = rel;
    file.size = fs::file_size(entry.path(), ec);
    if (ec) file.size = 0;
    file.role = classify_file(rel);
    release_.files.push_back(std::move(file));
  }

  void visit_directory(const fs::directory_entry& entry, const std::string& rel,
                       const std::string& name, bool is_link, int depth) {
    if (is_skipped_folder(name)) return;
    if (is_link) {
      // A link to a directory is never followed; one to the release itself
      // or a folder above it is a loop and says so.
      std::error_code ec;
      const fs::path target = fs::canonical(entry.path(), ec);
      const fs::path parent = fs::canonical(entry.path().parent_path(), ec);
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
    walk(entry.path(), depth + 1);
  }

  const fs::path& root_;
  const FindLimits& limits_;
  ReleaseLocation& release_;
  bool capped_ = false;
};

}  // namespace

void walk_release_files(const fs::path& root, const FindLimits& limits, ReleaseLocation& release) {
  ReleaseWalker(root, limits, release).walk(root, 0);
  std::sort(release.files.begin(), release.files.end(),
            [](const FoundFile& a, const FoundFile& b) { return a.relative < b.relative; });
}

}  // namespace owl::detail
