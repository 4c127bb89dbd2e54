// Walks user paths and recognises release layouts (repo folder, hub cache,
// single file, folder of releases, folder of loose model cards).
#include "owl/find.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "owl/text.h"

namespace owl {

namespace fs = std::filesystem;

namespace {

bool is_hub_model_dir(const fs::path& dir) {
  return dir.filename().string().rfind("models--", 0) == 0 && fs::is_directory(dir / "snapshots");
}

// "models--meta-llama--Llama-3.1-8B" -> "meta-llama/Llama-3.1-8B"
std::string hub_model_name(const fs::path& dir) {
  std::string name = dir.filename().string().substr(std::string("models--").size());
  if (const auto sep = name.find("--"); sep != std::string::npos) name.replace(sep, 2, "/");
  return name;
}

std::string generic(const fs::path& path) { return path.generic_string(); }

void walk_files(const fs::path& root, const FindLimits& limits, ReleaseLocation& release) {
  std::error_code ec;
  auto options = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(root, options, ec), end; it != end && !ec;
       it.increment(ec)) {
    const auto& entry = *it;
    const std::string name = entry.path().filename().string();
    if (entry.is_directory(ec) && !entry.is_symlink(ec)) {
      if (name == ".git" || name == ".cache" || name == "node_modules" ||
          it.depth() >= limits.max_depth)
        it.disable_recursion_pending();
      continue;
    }
    // is_regular_file follows symlinks: hub snapshots are links into blobs/.
    if (!entry.is_regular_file(ec)) continue;
    if (release.files.size() >= limits.max_files_per_release) break;
    FoundFile file;
    file.path = entry.path().string();
    file.relative = generic(entry.path().lexically_relative(root));
    file.size = entry.file_size(ec);
    file.role = classify_file(file.relative);
    release.files.push_back(std::move(file));
  }
  std::sort(release.files.begin(), release.files.end(),
            [](const FoundFile& a, const FoundFile& b) { return a.relative < b.relative; });
}

std::optional<std::string> read_ref(const fs::path& model_dir, const std::string& ref) {
  std::ifstream in(model_dir / "refs" / ref);
  std::string revision;
  if (!(in >> revision) || revision.size() > 128) return std::nullopt;
  return revision;
}

ReleaseLocation snapshot_release(const fs::path& model_dir, const fs::path& snapshot,
                                 const FindLimits& limits) {
  ReleaseLocation release;
  release.name = hub_model_name(model_dir);
  release.root = snapshot.string();
  release.layout = ReleaseLayout::kHubCacheSnapshot;
  release.revision = snapshot.filename().string();
  walk_files(snapshot, limits, release);
  // .no_exist/REV/NAME records files the hub said the repo does not have.
  std::error_code ec;
  const fs::path no_exist = model_dir / ".no_exist" / snapshot.filename();
  for (fs::directory_iterator it(no_exist, ec), end; it != end && !ec; it.increment(ec))
    release.known_missing.push_back(it->path().filename().string());
  std::sort(release.known_missing.begin(), release.known_missing.end());
  return release;
}

// One cached model: the snapshot refs/main names, else every snapshot.
std::vector<ReleaseLocation> hub_model_releases(const fs::path& model_dir,
                                                const FindLimits& limits) {
  std::vector<ReleaseLocation> releases;
  if (auto main = read_ref(model_dir, "main");
      main && fs::is_directory(model_dir / "snapshots" / *main)) {
    releases.push_back(snapshot_release(model_dir, model_dir / "snapshots" / *main, limits));
    return releases;
  }
  std::vector<fs::path> snapshots;
  std::error_code ec;
  for (fs::directory_iterator it(model_dir / "snapshots", ec), end; it != end && !ec;
       it.increment(ec))
    if (it->is_directory(ec)) snapshots.push_back(it->path());
  std::sort(snapshots.begin(), snapshots.end());
  for (const auto& snapshot : snapshots)
    releases.push_back(snapshot_release(model_dir, snapshot, limits));
  return releases;
}

bool looks_like_release_dir(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const FileRole role = classify_file(it->path().filename().string());
    if (role != FileRole::kOther) return true;
  }
  return false;
}

std::vector<fs::path> sorted_subdirs(const fs::path& dir) {
  std::vector<fs::path> subdirs;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (it->is_directory(ec) && it->path().filename().string()[0] != '.')
      subdirs.push_back(it->path());
  std::sort(subdirs.begin(), subdirs.end());
  return subdirs;
}

ReleaseLocation repository_release(const fs::path& dir, const FindLimits& limits) {
  ReleaseLocation release;
  release.name = fs::absolute(dir).lexically_normal().filename().string();
  if (release.name.empty())
    release.name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
  release.root = dir.string();
  release.layout = ReleaseLayout::kRepository;
  walk_files(dir, limits, release);
  return release;
}

bool is_markdown_name(const std::string& name) {
  const std::string lower = ascii_lower(name);
  return lower.size() > 3 && lower.compare(lower.size() - 3, 3, ".md") == 0;
}

// A loose card is any .md file that is not a repository's own README or a
// licence, notice or policy document kept as Markdown.
bool is_loose_card_name(const std::string& name) {
  return is_markdown_name(name) && classify_file(name) == FileRole::kOther;
}

// Crawls of the Hub save each repo's README as `<org>_<name>.md`; the first
// '_' separates the two because org names never hold one.
std::string card_release_name(const fs::path& card) {
  const std::string file = card.filename().string();
  const std::string lower = ascii_lower(file);
  if (lower == "readme.md" || lower == "model_card.md") {
    const std::string folder =
        fs::absolute(card).lexically_normal().parent_path().filename().string();
    return folder.empty() ? file : folder;
  }
  std::string name = card.stem().string();
  if (const auto sep = name.find('_'); sep != std::string::npos && sep > 0 && sep + 1 < name.size())
    name[sep] = '/';
  return name;
}

ReleaseLocation card_release(const fs::path& card, uint64_t size) {
  ReleaseLocation release;
  release.name = card_release_name(card);
  release.root = card.string();
  release.layout = ReleaseLayout::kSingleFile;
  FoundFile file;
  file.path = card.string();
  file.relative = card.filename().string();
  file.size = size;
  file.role = FileRole::kModelCard;
  release.files.push_back(std::move(file));
  return release;
}

// A folder of model cards (a crawl of the Hub's READMEs) holds loose .md
// files and nothing else a release would ship; each card is a release.
std::vector<fs::path> loose_cards(const fs::path& dir) {
  std::vector<fs::path> cards;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (it->is_directory(ec) || !is_loose_card_name(name)) return {};
    cards.push_back(it->path());
  }
  std::sort(cards.begin(), cards.end());
  return cards;
}

void find_in_directory(const fs::path& dir, const FindLimits& limits, int depth,
                       std::vector<ReleaseLocation>& out) {
  const fs::path parent = dir.parent_path();
  if (is_hub_model_dir(dir)) {
    for (auto& release : hub_model_releases(dir, limits)) out.push_back(std::move(release));
    return;
  }
  if (parent.filename() == "snapshots" && is_hub_model_dir(parent.parent_path())) {
    out.push_back(snapshot_release(parent.parent_path(), dir, limits));
    return;
  }
  if (auto cards = loose_cards(dir); !cards.empty()) {
    std::error_code ec;
    for (const auto& card : cards) out.push_back(card_release(card, fs::file_size(card, ec)));
    return;
  }
  if (looks_like_release_dir(dir) || depth >= 3) {
    out.push_back(repository_release(dir, limits));
    return;
  }
  // A hub cache root (hub/, or the huggingface/ folder above it) or a folder
  // of release folders: each child is searched the same way.
  const size_t before = out.size();
  for (const auto& child : sorted_subdirs(dir)) find_in_directory(child, limits, depth + 1, out);
  if (out.size() == before) out.push_back(repository_release(dir, limits));
}

}  // namespace

Expected<std::vector<ReleaseLocation>> find_releases(const std::string& path,
                                                     const FindLimits& limits) {
  std::error_code ec;
  const fs::path target(path);
  const auto status = fs::status(target, ec);
  if (ec || !fs::exists(status)) return Error::io(path, "no such file or directory");
  std::vector<ReleaseLocation> releases;
  // A loose card or a README named on its own is read as a model card; a
  // licence or policy kept as Markdown stays what its name says.
  const std::string file_name = target.filename().string();
  if (fs::is_regular_file(status) && is_markdown_name(file_name) &&
      (is_loose_card_name(file_name) || classify_file(file_name) == FileRole::kModelCard)) {
    releases.push_back(card_release(target, fs::file_size(target, ec)));
    return releases;
  }
  if (fs::is_regular_file(status)) {
    ReleaseLocation release;
    release.name = target.filename().string();
    release.root = path;
    release.layout = ReleaseLayout::kSingleFile;
    FoundFile file;
    file.path = path;
    file.relative = target.filename().string();
    file.size = fs::file_size(target, ec);
    file.role = classify_file(file.relative);
    // A file named on its own is meant to be read, whatever its extension.
    if (file.role == FileRole::kOther) file.role = FileRole::kWeights;
    release.files.push_back(std::move(file));
    releases.push_back(std::move(release));
    return releases;
  }
  if (!fs::is_directory(status)) return Error::io(path, "not a regular file or directory");
  find_in_directory(target, limits, 0, releases);
  return releases;
}

}  // namespace owl
