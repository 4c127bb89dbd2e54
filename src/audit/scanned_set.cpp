// The scanned-set pass as a stream (ScannedSetStream) and the name index
// it resolves bases with (ReleaseNameIndex).
//
// Held back only while needed, rather than collecting every audit and
// re-assessing at the end: a scan of 100,000 releases then keeps a few
// dozen bytes a release (what it lends, packed in a LentStore). The alternative of a second pass
// that re-reads every derivative was turned down: with base chains most releases are derivatives,
// so it would read most of the set twice.
#include <algorithm>
#include <deque>
#include <functional>
#include <map>

#include "audit/lent_store.h"
#include "audit/reassess_passes.h"
#include "owl/audit.h"
#include "owl/text.h"

namespace owl {

namespace {

uint64_t name_key(std::string_view lowered) { return std::hash<std::string_view>{}(lowered); }

std::string_view bare(std::string_view lowered) {
  return lowered.substr(lowered.rfind('/') + 1);  // npos + 1 == 0
}

}  // namespace

ReleaseNameIndex ReleaseNameIndex::walk(const std::vector<std::string>& paths,
                                        const FindLimits& limits, KeepNames keep) {
  ReleaseNameIndex index(keep);
  FindLimits names_only = limits;
  names_only.list_files = false;  // a release's name needs no listing of its files
  for (const auto& path : paths) {
    FindNotices ignored;       // the scan itself reports them
    if (is_hub_input(path)) {  // one release, named by the id; no network here
      if (auto id = parse_hub_id(path)) index.add(id->repo());
      continue;
    }
    (void)visit_releases(path, names_only, ignored,
                         [&](ReleaseLocation&& location) { index.add(location.name); });
  }
  index.seal();
  return index;
}

void ReleaseNameIndex::add(std::string_view name) {
  const std::string full = ascii_lower(name);
  const auto release = static_cast<uint32_t>(releases_++);
  keys_.emplace_back(name_key(full), release);
  keys_.emplace_back(name_key(bare(full)), release);
  if (keep_names_ == KeepNames::kYes) {
    names_.append(name);
    name_ends_.push_back(static_cast<uint32_t>(names_.size()));
  }
}

std::string_view ReleaseNameIndex::name(size_t release) const {
  const uint32_t begin = release == 0 ? 0 : name_ends_.at(release - 1);
  return std::string_view(names_).substr(begin, name_ends_.at(release) - begin);
}

void ReleaseNameIndex::seal() {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              keys_.end());
  keys_.shrink_to_fit();
  names_.shrink_to_fit();
  name_ends_.shrink_to_fit();
}

std::optional<size_t> ReleaseNameIndex::find(std::string_view name,
                                             std::optional<size_t> self) const {
  const auto lookup = [&](std::string_view key) -> const std::pair<uint64_t, uint32_t>* {
    const uint64_t hashed = name_key(key);
    const auto at = std::lower_bound(keys_.begin(), keys_.end(), std::pair{hashed, uint32_t{0}});
    return at != keys_.end() && at->first == hashed ? &*at : nullptr;
  };
  const std::string key = ascii_lower(name);
  const auto* found = lookup(key);
  if (found == nullptr) found = lookup(bare(key));
  if (found == nullptr || found->second == self) return std::nullopt;
  return found->second;
}

struct ScannedSetStream::State {
  struct Held {
    ReleaseAudit audit;
    std::vector<size_t> bases;  // in the set, some not settled yet
  };
  detail::LentStore lent;  // by release, once settled
  std::vector<bool> settled;
  size_t arrived = 0, delivered = 0;
  std::map<size_t, ReleaseAudit> ready;  // settled, after one still held
  std::set<size_t> missing;              // counted by the walk, never came (a few Hub ids)
  std::map<size_t, Held> held;
  std::multimap<size_t, size_t> waiting_on;  // base -> held derivative

  void grow(size_t release) {
    if (release < settled.size()) return;
    settled.resize(release + 1);
  }
  bool all_settled(const std::vector<size_t>& bases) const {
    return std::all_of(bases.begin(), bases.end(), [&](size_t base) { return settled[base]; });
  }
};

ScannedSetStream::ScannedSetStream(const ReleaseNameIndex& names, AssessOptions options,
                                   AuditSink& out)
    : names_(names), options_(std::move(options)), out_(out), state_(std::make_unique<State>()) {
  state_->grow(names.size());
}

ScannedSetStream::~ScannedSetStream() = default;

void ScannedSetStream::on_release(ReleaseAudit&& audit) {
  const size_t release = state_->arrived++;
  state_->grow(release);
  arrive(release, std::move(audit));
  deliver_ready();
}

void ScannedSetStream::on_missing_release() {
  const size_t release = state_->arrived++;
  state_->grow(release);
  state_->settled[release] = true;  // lends nothing: its derivatives go on without it
  state_->missing.insert(release);
  wake_waiters(release);
  deliver_ready();
}

bool ScannedSetStream::is_missing(size_t release) const {
  return state_->missing.count(release) > 0;
}

void ScannedSetStream::arrive(size_t release, ReleaseAudit&& audit) {
  State& state = *state_;
  std::vector<size_t> bases;
  for (const auto& ancestor : audit.assessment.lineage)
    if (ancestor.depth == 1)
      if (const auto base = names_.find(ancestor.name, release))
        if (std::find(bases.begin(), bases.end(), *base) == bases.end()) bases.push_back(*base);
  if (!state.all_settled(bases)) {
    for (size_t base : bases)
      if (!state.settled[base]) state.waiting_on.emplace(base, release);
    state.held.emplace(release, State::Held{std::move(audit), std::move(bases)});
    return;
  }
  if (!bases.empty()) {
    // Its bases are done: one assessment with their final terms is the
    // one the passes would reach.
    std::deque<Assessment> lent_views;
    AssessOptions with_set = options_;
    with_set.scanned = [&](std::string_view name) -> const Assessment* {
      const auto found = names_.find(name, release);
      return found ? state.lent.view(*found, lent_views) : nullptr;
    };
    audit.assessment = assess(audit.release, audit.matches, audit.card, with_set);
  }
  settle(release, std::move(audit));
}

void ScannedSetStream::settle(size_t release, ReleaseAudit&& audit) {
  State& state = *state_;
  state.lent.keep(release, audit.assessment);
  state.settled[release] = true;
  state.ready.emplace(release, std::move(audit));
  wake_waiters(release);
}

// Derivatives that waited only for `release` can now be assessed.
void ScannedSetStream::wake_waiters(size_t release) {
  State& state = *state_;
  const auto [first, last] = state.waiting_on.equal_range(release);
  std::vector<size_t> woken;
  for (auto it = first; it != last; ++it) woken.push_back(it->second);
  state.waiting_on.erase(first, last);
  for (size_t derivative : woken) {
    auto held = state.held.find(derivative);
    if (held == state.held.end() || !state.all_settled(held->second.bases)) continue;
    ReleaseAudit waiting = std::move(held->second.audit);
    state.held.erase(held);
    arrive(derivative, std::move(waiting));
  }
}

void ScannedSetStream::deliver_ready() {
  State& state = *state_;
  for (;;) {
    if (state.missing.count(state.delivered) > 0) {  // kept: is_missing asks later
      out_.on_missing_release();
      ++state.delivered;
      continue;
    }
    const auto next = state.ready.begin();
    if (next == state.ready.end() || next->first != state.delivered) break;
    out_.on_release(std::move(next->second));
    state.ready.erase(next);
    ++state.delivered;
  }
}

void ScannedSetStream::finish() {
  State& state = *state_;
  if (!state.held.empty()) {
    // Bases that never settled: a cycle, or a base the walk listed that the
    // scan did not meet. The passes settle them as reassess_scanned_set would.
    std::vector<size_t> releases;
    std::vector<ReleaseAudit*> audits;
    std::map<size_t, size_t> position;
    for (auto& [release, held] : state.held) {
      position[release] = audits.size();
      releases.push_back(release);
      audits.push_back(&held.audit);
    }
    std::vector<std::vector<size_t>> dependents(audits.size());
    std::set<size_t> pending;
    for (size_t i = 0; i < audits.size(); ++i) {
      pending.insert(i);
      for (size_t base : state.held.at(releases[i]).bases)
        if (const auto at = position.find(base); at != position.end())
          dependents[at->second].push_back(i);
    }
    std::deque<Assessment> lent_views;
    detail::reassess_in_passes(audits, dependents, std::move(pending), options_,
                               [&](size_t assessing, std::string_view name) -> const Assessment* {
                                 const auto found = names_.find(name, releases[assessing]);
                                 if (!found) return nullptr;
                                 if (const auto at = position.find(*found); at != position.end())
                                   return &audits[at->second]->assessment;
                                 return state.lent.view(*found, lent_views);
                               });
    for (size_t i = 0; i < audits.size(); ++i) {
      state.settled[releases[i]] = true;
      state.ready.emplace(releases[i], std::move(*audits[i]));
    }
    state.held.clear();
    state.waiting_on.clear();
  }
  deliver_ready();
}

}  // namespace owl
