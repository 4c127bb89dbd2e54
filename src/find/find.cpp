// Walks user paths and recognises release layouts (repo folder, hub cache,
// single file, folder of releases, folder of loose model cards or loose
// weights files).
#include "owl/find.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <system_error>

#include "find/walk.h"
#include "owl/bytes.h"
#include "owl/text.h"

namespace owl {

namespace fs = std::filesystem;

namespace {

bool is_folder(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

// A hub cache entry: models--ORG--NAME, datasets--ORG--NAME or
// spaces--ORG--NAME, each with its snapshots/ folder.
enum class HubEntry { kNone, kModel, kDataset, kSpace };

HubEntry hub_entry(const fs::path& dir) {
  const std::string name = dir.filename().string();
  HubEntry entry = HubEntry::kNone;
  if (name.rfind("models--", 0) == 0)
    entry = HubEntry::kModel;
  else if (name.rfind("datasets--", 0) == 0)
    entry = HubEntry::kDataset;
  else if (name.rfind("spaces--", 0) == 0)
    entry = HubEntry::kSpace;
  return entry != HubEntry::kNone && is_folder(dir / "snapshots") ? entry : HubEntry::kNone;
}

// "models--meta-llama--Llama-3.1-8B" -> "meta-llama/Llama-3.1-8B"
std::string hub_entry_name(const fs::path& dir) {
  std::string name = dir.filename().string();
  name = name.substr(name.find("--") + 2);
  if (const auto sep = name.find("--"); sep != std::string::npos) name.replace(sep, 2, "/");
  return name;
}

std::string absolute_name(const fs::path& path) {
  std::error_code ec;
  fs::path full = fs::absolute(path, ec);
  if (ec) full = path;
  full = full.lexically_normal();
  std::string name = full.filename().string();
  if (name.empty()) name = full.parent_path().filename().string();
  return name;
}

std::optional<std::string> read_ref(const fs::path& entry_dir, const std::string& ref) {
  auto text = read_text_prefix((entry_dir / "refs" / ref).string(), 256);
  if (!text) return std::nullopt;
  std::string revision = *text;
  while (!revision.empty() && std::isspace(static_cast<unsigned char>(revision.back())))
    revision.pop_back();
  if (revision.empty() || revision.size() > 128 || revision.find('/') != std::string::npos ||
      revision.find_first_of(" \t\n") != std::string::npos || revision == "..")
    return std::nullopt;
  return revision;
}

ReleaseLocation snapshot_release(const fs::path& entry_dir, const fs::path& snapshot,
                                 const FindLimits& limits) {
  ReleaseLocation release;
  release.name = hub_entry_name(entry_dir);
  release.root = snapshot.string();
  release.kind =
      hub_entry(entry_dir) == HubEntry::kDataset ? ReleaseKind::kDataset : ReleaseKind::kModel;
  release.layout = ReleaseLayout::kHubCacheSnapshot;
  release.revision = snapshot.filename().string();
  detail::walk_release_files(snapshot, limits, release);
  // .no_exist/REV/NAME records files the hub said the repo does not have.
  std::error_code ec;
  const fs::path no_exist = entry_dir / ".no_exist" / snapshot.filename();
  for (fs::directory_iterator it(no_exist, ec), end; it != end && !ec; it.increment(ec))
    release.known_missing.push_back(it->path().filename().string());
  std::sort(release.known_missing.begin(), release.known_missing.end());
  return release;
}

// Lists a folder's entries, or says why it cannot; `complete`, when given,
// says whether the listing holds every entry.
std::vector<detail::ListedEntry> list_directory(const fs::path& dir, FindNotices& notices,
                                                bool* complete = nullptr) {
  detail::FolderListing listing = detail::list_folder(dir);
  if (complete != nullptr) *complete = !listing.cannot_open && !listing.stopped;
  if (listing.cannot_open)
    notices.errors.push_back(
        Error::io(dir.string(), "find.unreadable-directory",
                  "cannot list this directory: " + listing.cannot_open.message()));
  else if (listing.stopped)
    notices.errors.push_back(Error::io(dir.string(), "find.walk-error",
                                       "listing stopped part way: " + listing.stopped.message()));
  return std::move(listing.entries);
}

// One cached entry: the snapshot refs/main names, else every snapshot.
void hub_entry_releases(const fs::path& entry_dir, const FindLimits& limits, FindNotices& notices,
                        const ReleaseVisitor& out) {
  if (hub_entry(entry_dir) == HubEntry::kSpace) {
    notices.notes.push_back("skipped " + entry_dir.string() + ": a Hugging Face Space (" +
                            hub_entry_name(entry_dir) + "), an application, not a release");
    return;
  }
  if (auto main = read_ref(entry_dir, "main"); main && is_folder(entry_dir / "snapshots" / *main)) {
    out(snapshot_release(entry_dir, entry_dir / "snapshots" / *main, limits));
    return;
  }
  const fs::path snapshots = entry_dir / "snapshots";
  for (const auto& entry : list_directory(snapshots, notices))
    if (detail::followed_type(snapshots, entry) == fs::file_type::directory)
      out(snapshot_release(entry_dir, snapshots / entry.name, limits));
}

ReleaseLocation repository_release(const fs::path& dir, const FindLimits& limits,
                                   const std::vector<detail::ListedEntry>* listed = nullptr) {
  ReleaseLocation release;
  release.name = absolute_name(dir);
  release.root = dir.string();
  release.layout = ReleaseLayout::kRepository;
  detail::walk_release_files(dir, limits, release, listed);
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
    const std::string folder = absolute_name(card.parent_path());
    return folder.empty() ? file : folder;
  }
  std::string name = card.stem().string();
  if (const auto sep = name.find('_'); sep != std::string::npos && sep > 0 && sep + 1 < name.size())
    name[sep] = '/';
  return name;
}

FoundFile found_file(const fs::path& path, std::string relative, FileRole role) {
  std::error_code ec;
  FoundFile file;
  file.path = path.string();
  file.relative = std::move(relative);
  file.size = fs::file_size(path, ec);
  if (ec) file.size = 0;
  file.role = role;
  return file;
}

ReleaseLocation card_release(const fs::path& card) {
  ReleaseLocation release;
  release.name = card_release_name(card);
  release.root = card.string();
  release.layout = ReleaseLayout::kSingleFile;
  release.files.push_back(found_file(card, card.filename().string(), FileRole::kModelCard));
  return release;
}

// The regular files directly in `dir` (links followed), by name.
struct TopLevel {
  std::vector<fs::path> weights;
  std::vector<fs::path> loose_cards;
  bool release_files = false;  // a card, licence, config, index, ...
  bool other_entries = false;  // anything else but hidden files
};

TopLevel top_level(const fs::path& dir, const std::vector<detail::ListedEntry>& entries) {
  TopLevel top;
  for (const auto& entry : entries) {
    const std::string& name = entry.name;
    if (name.empty() || name[0] == '.') continue;
    if (detail::followed_type(dir, entry) != fs::file_type::regular) {
      top.other_entries = true;
      continue;
    }
    const FileRole role = classify_file(name);
    // A tokenizer's files alone (a tokenizer/ folder) do not make a release.
    if (role == FileRole::kWeights)
      top.weights.push_back(dir / name);
    else if (role != FileRole::kOther && role != FileRole::kChatTemplate)
      top.release_files = true;
    else if (is_loose_card_name(name))
      top.loose_cards.push_back(dir / name);
    else
      top.other_entries = true;
  }
  return top;
}

// "llama-00001-of-00003.gguf" and "model-00002-of-00002.safetensors" are
// shards of "llama.gguf" and "model.safetensors".
std::string shard_set_name(const std::string& file) {
  static const std::regex kShard(R"(^(.*)-[0-9]{3,6}-of-[0-9]{3,6}(\.[^.]+)$)");
  std::smatch match;
  if (std::regex_match(file, match, kShard)) return match[1].str() + match[2].str();
  return file;
}

// A folder with weights files and nothing that ties them together (no card,
// config, licence or index): a hobbyist's ~/models. Each file, or each set
// of shards, is a release judged on its own metadata.
std::map<std::string, std::vector<fs::path>> loose_weights_sets(const TopLevel& top) {
  std::map<std::string, std::vector<fs::path>> sets;
  if (top.release_files || top.weights.size() < 2) return sets;
  for (const auto& file : top.weights)
    sets[shard_set_name(file.filename().string())].push_back(file);
  if (sets.size() < 2) sets.clear();  // the shards of one model: one release
  return sets;
}

ReleaseLocation loose_weights_release(const fs::path& dir, const std::string& set_name,
                                      const std::vector<fs::path>& files) {
  ReleaseLocation release;
  release.name = set_name;
  release.root = files.size() == 1 ? files.front().string() : dir.string();
  release.layout = files.size() == 1 ? ReleaseLayout::kSingleFile : ReleaseLayout::kRepository;
  for (const auto& file : files)
    release.files.push_back(found_file(file, file.filename().string(), FileRole::kWeights));
  return release;
}

bool has_root_card(const fs::path& dir, const std::vector<detail::ListedEntry>& entries) {
  return std::any_of(entries.begin(), entries.end(), [&](const detail::ListedEntry& entry) {
    return classify_file(entry.name) == FileRole::kModelCard &&
           detail::followed_type(dir, entry) == fs::file_type::regular;
  });
}

// Whether a model card sits in `dir` or a folder below it (links to folders
// not followed), within `depth_left` levels.
bool card_at_or_below(const fs::path& dir, int depth_left) {
  FindNotices ignored;  // a folder that cannot be listed is reported when walked
  const auto entries = list_directory(dir, ignored);
  if (has_root_card(dir, entries)) return true;
  if (depth_left <= 0) return false;
  for (const auto& entry : entries) {
    if (entry.type != fs::file_type::symlink && entry.name[0] != '.' &&
        detail::followed_type(dir, entry) == fs::file_type::directory &&
        card_at_or_below(dir / entry.name, depth_left - 1))
      return true;
  }
  return false;
}

class Finder {
 public:
  Finder(const FindLimits& limits, FindNotices& notices, const ReleaseVisitor& out)
      : limits_(limits), notices_(notices), out_([this, &out](ReleaseLocation&& location) {
          ++found_;
          out(std::move(location));
        }) {}

  // `real_dir` is `dir` with every link resolved (the loop check's key).
  void find_in_directory(const fs::path& dir, const fs::path& real_dir, int depth) {
    const fs::path parent = dir.parent_path();
    if (hub_entry(dir) != HubEntry::kNone) {
      hub_entry_releases(dir, limits_, notices_, out_);
      return;
    }
    if (parent.filename() == "snapshots" && hub_entry(parent.parent_path()) != HubEntry::kNone) {
      if (hub_entry(parent.parent_path()) == HubEntry::kSpace)
        hub_entry_releases(parent.parent_path(), limits_, notices_, out_);
      else
        out_(snapshot_release(parent.parent_path(), dir, limits_));
      return;
    }
    bool complete = false;
    auto entries = list_directory(dir, notices_, &complete);
    const TopLevel top = top_level(dir, entries);
    // A folder of model cards (a crawl of the Hub's READMEs) holds loose .md
    // files and nothing else a release would ship; each card is a release.
    if (!top.loose_cards.empty() && !top.other_entries && !top.release_files &&
        top.weights.empty()) {
      for (const auto& card : top.loose_cards) out_(card_release(card));
      return;
    }
    const auto loose = loose_weights_sets(top);
    if (loose.empty() && (top.release_files || !top.weights.empty())) {
      out_(repository_release(dir, limits_, complete ? &entries : nullptr));
      return;
    }
    // Deep down, a folder is a release of its own unless a card below it
    // says where the release really starts.
    if (loose.empty() && depth >= 3 && !card_at_or_below(dir, limits_.max_depth - depth)) {
      out_(repository_release(dir, limits_));
      return;
    }
    const size_t before = found_;
    for (const auto& [name, files] : loose) out_(loose_weights_release(dir, name, files));
    // A hub cache root (hub/, or the huggingface/ folder above it) or a
    // folder of release folders: each child is searched the same way. Only
    // the children outlive the listing.
    std::erase_if(entries, [&](const detail::ListedEntry& entry) {
      return entry.name[0] == '.' || detail::followed_type(dir, entry) != fs::file_type::directory;
    });
    entries.shrink_to_fit();
    for (const auto& child : entries) {
      const fs::path path = dir / child.name;
      if (depth >= limits_.max_depth) {
        notices_.errors.push_back(Error::limit(path.string(), std::nullopt, "find.too-deep",
                                               "folders this deep are not searched"));
        continue;
      }
      // Only a link can lead back into a folder being searched; a plain
      // folder's real path is its parent's plus its name.
      std::optional<fs::path> real = child.type == fs::file_type::symlink
                                         ? resolved_link(path)
                                         : std::optional(real_dir / child.name);
      if (!real || entered_through_loop(path, *real)) continue;
      find_in_directory(path, *real, depth + 1);
      open_.erase(*real);
    }
    if (found_ == before) out_(repository_release(dir, limits_));
  }

  // Searches the folder `dir`, the root of the walk.
  void search_root(const fs::path& dir) {
    std::error_code ec;
    fs::path real = fs::canonical(dir, ec);
    if (ec) real = fs::absolute(dir, ec).lexically_normal();
    open_.insert(real);
    find_in_directory(dir, real, 0);
  }

 private:
  std::optional<fs::path> resolved_link(const fs::path& path) {
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    if (!ec) return real;
    notices_.errors.push_back(
        Error::io(path.string(), "find.walk-error", "cannot resolve: " + ec.message()));
    return std::nullopt;
  }

  // A link to a folder between releases is followed (~/models/llama ->
  // /data/llama is common) unless it leads back to a folder being searched.
  bool entered_through_loop(const fs::path& path, const fs::path& real) {
    if (open_.insert(real).second) return false;
    notices_.errors.push_back(
        Error::unsupported(path.string(), "find.symlink-loop",
                           "a symbolic link to a folder that contains it; not followed"));
    return true;
  }

  const FindLimits& limits_;
  FindNotices& notices_;
  ReleaseVisitor out_;  // counts, then hands on
  size_t found_ = 0;
  std::set<fs::path> open_;  // real paths of the folders being searched
};

Status visit_releases_unguarded(const std::string& path, const FindLimits& limits,
                                FindNotices& notices, const ReleaseVisitor& releases) {
  std::error_code ec;
  const fs::path target(path);
  const auto status = fs::status(target, ec);
  if (ec && ec.value() != ENOENT && ec.value() != ENOTDIR)
    return Error::io(path, "find.unreadable-path", ec.message());
  if (ec || !fs::exists(status)) return Error::io(path, "no such file or directory");
  const std::string file_name = target.filename().string();
  if (fs::is_regular_file(status)) {
    // A loose card or a README named on its own is read as a model card; a
    // licence or policy kept as Markdown stays what its name says.
    if (is_markdown_name(file_name) &&
        (is_loose_card_name(file_name) || classify_file(file_name) == FileRole::kModelCard)) {
      releases(card_release(target));
      return Ok{};
    }
    ReleaseLocation release;
    release.name = file_name;
    release.root = path;
    release.layout = ReleaseLayout::kSingleFile;
    FileRole role = classify_file(file_name);
    // A file named on its own is meant to be read, whatever its extension.
    if (role == FileRole::kOther) role = FileRole::kWeights;
    release.files.push_back(found_file(target, file_name, role));
    releases(std::move(release));
    return Ok{};
  }
  if (!fs::is_directory(status)) {
    struct stat info {};
    const unsigned mode = ::stat(path.c_str(), &info) == 0 ? info.st_mode : 0;
    return Error::unsupported(
        path, "file.not-regular",
        std::string("expected a file or a folder, found ") + file_type_name(mode) + "; not opened");
  }
  Finder finder(limits, notices, releases);
  finder.search_root(target);
  return Ok{};
}

}  // namespace

Status visit_releases(const std::string& path, const FindLimits& limits, FindNotices& notices,
                      const ReleaseVisitor& visit) {
  // The walk uses the non-throwing std::filesystem calls; this is the
  // library's edge, so whatever still throws becomes an error, not an abort.
  try {
    return visit_releases_unguarded(path, limits, notices, visit);
  } catch (const std::exception& ex) {
    return Error::io(path, "find.walk-error", ex.what());
  }
}

Expected<std::vector<ReleaseLocation>> find_releases(const std::string& path,
                                                     const FindLimits& limits,
                                                     FindNotices& notices) {
  std::vector<ReleaseLocation> releases;
  auto visited = visit_releases(path, limits, notices, [&](ReleaseLocation&& location) {
    releases.push_back(std::move(location));
  });
  if (!visited) return visited.error();
  return releases;
}

Expected<std::vector<ReleaseLocation>> find_releases(const std::string& path,
                                                     const FindLimits& limits) {
  FindNotices ignored;
  return find_releases(path, limits, ignored);
}

}  // namespace owl
