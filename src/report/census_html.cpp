// `owl census --html FILE`: one self-contained page. Tables are written
// here; the charts are drawn by the embedded Chart.js from a JSON block, and
// the page records in <body data-charts-rendered data-charts-painted> how
// many charts it built and how many canvases hold pixels, so a headless
// browser test can tell a drawn chart from an empty box.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "census_chartjs.h"
#include "owl/census.h"
#include "owl/version.h"

namespace owl {

namespace {

using nlohmann::json;

constexpr size_t kTopFamilies = 12;
constexpr size_t kTopListed = 50;

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON inside <script>: '<' only occurs within strings, where \u003c is the
// same character, so "</script>" in a release name cannot end the block.
std::string script_safe(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return out;
}

json row_labels() {
  json labels = json::array();
  for (size_t row = 0; row < kTermsRowCount; ++row)
    labels.push_back(to_string(static_cast<TermsRow>(row)));
  return labels;
}

std::vector<std::string> top_keys(const std::map<std::string, size_t>& a,
                                  const std::map<std::string, size_t>& b, size_t top) {
  std::map<std::string, size_t> total = a;
  for (const auto& [key, count] : b) total[key] += count;
  std::vector<std::pair<std::string, size_t>> sorted(total.begin(), total.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  std::vector<std::string> keys;
  for (size_t i = 0; i < std::min(top, sorted.size()); ++i) keys.push_back(sorted[i].first);
  return keys;
}

size_t count_of(const std::map<std::string, size_t>& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

// Stacked by effective row: one series per row, one value per group.
json stacked(const std::map<std::string, GroupMix>& groups, const std::vector<std::string>& keys) {
  json series = json::array();
  for (size_t row = 0; row < kTermsRowCount; ++row) {
    json values = json::array();
    for (const auto& key : keys) values.push_back(groups.at(key).effective[row]);
    series.push_back(values);
  }
  return {{"labels", keys}, {"series", series}};
}

std::vector<std::string> top_groups(const std::map<std::string, GroupMix>& groups, size_t top) {
  std::map<std::string, size_t> sizes;
  for (const auto& [key, mix] : groups) sizes[key] = mix.releases;
  return top_keys(sizes, {}, top);
}

json chart_data(const CensusResult& census) {
  json data;
  data["rows"] = row_labels();
  data["declared"] = census.declared.by_row;
  data["effective"] = census.effective.by_row;
  const auto families =
      top_keys(census.declared.by_family, census.effective.by_family, kTopFamilies);
  json declared_families = json::array(), effective_families = json::array();
  for (const auto& family : families) {
    declared_families.push_back(count_of(census.declared.by_family, family));
    effective_families.push_back(count_of(census.effective.by_family, family));
  }
  data["families"] = {
      {"labels", families}, {"declared", declared_families}, {"effective", effective_families}};
  data["matrix"] = census.matrix;
  data["base_families"] = stacked(census.by_base_family, top_groups(census.by_base_family, 12));
  std::vector<std::string> months;
  for (const auto& [month, mix] : census.by_month) months.push_back(month);
  data["months"] = stacked(census.by_month, months);
  return data;
}

std::string heat_table(const CensusResult& census) {
  size_t peak = 1;
  for (const auto& row : census.matrix)
    for (size_t count : row) peak = std::max(peak, count);
  std::string out = "<table class=\"heat\"><tr><th>declared \\ effective</th>";
  for (size_t e = 0; e < kTermsRowCount; ++e)
    out += fmt::format("<th>{}</th>", to_string(static_cast<TermsRow>(e)));
  out += "</tr>\n";
  for (size_t d = 0; d < kTermsRowCount; ++d) {
    out += fmt::format("<tr><th>{}</th>", to_string(static_cast<TermsRow>(d)));
    for (size_t e = 0; e < kTermsRowCount; ++e) {
      const size_t count = census.matrix[d][e];
      const double alpha = count == 0 ? 0.0 : 0.12 + 0.88 * double(count) / double(peak);
      const bool stricter = e > d && e < 6 && d < 6;
      out += fmt::format("<td style=\"background:rgba({},{:.2f})\">{}</td>",
                         stricter ? "200,40,40" : "40,90,200", alpha,
                         count == 0 ? "" : std::to_string(count));
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "(none)" : out;
}

std::string gap_table(const CensusResult& census) {
  std::string out = fmt::format(
      "<h2>Label more permissive than the terms: {} releases</h2>\n<table><tr><th>release</th>"
      "<th>declared</th><th>effective</th><th>why</th></tr>\n",
      census.gap_count);
  for (size_t i = 0; i < std::min(kTopListed, census.gaps.size()); ++i) {
    const auto& gap = census.gaps[i];
    std::string why = html_escape(gap.reason);
    for (const auto& line : gap.evidence) why += "<br><small>" + html_escape(line) + "</small>";
    for (const auto& conflict : gap.conflicts) {
      why += fmt::format("<br><b>{} ({})</b>: {}", to_string(conflict.kind),
                         to_string(conflict.severity), html_escape(conflict.message));
      for (const auto& line : conflict.evidence)
        why += "<br><small>" + html_escape(line) + "</small>";
    }
    out += fmt::format("<tr><td>{}</td><td>{} ({})</td><td>{} ({})</td><td>{}</td></tr>\n",
                       html_escape(gap.name), html_escape(joined(gap.declared)),
                       to_string(gap.declared_row), html_escape(joined(gap.effective)),
                       to_string(gap.effective_row), why);
  }
  out += "</table>\n";
  if (census.gap_count > kTopListed)
    out += fmt::format("<p>{} more in <code>owl census --json</code>.</p>\n",
                       census.gap_count - kTopListed);
  return out;
}

std::string conflict_table(const CensusResult& census) {
  const ConflictCounts& counts = census.conflicts;
  const auto worst = [&](Severity level) {
    return counts.by_worst_severity[static_cast<size_t>(level)];
  };
  std::string out = fmt::format(
      "<h2>Conflicts: {} releases have at least one</h2>\n<p>Most severe: high {} · medium {} · "
      "low {}. A release counts once per kind, at its most severe conflict of that kind.</p>\n"
      "<table><tr><th>kind</th><th>releases</th><th>high</th><th>medium</th><th>low</th>"
      "<th>conflicts</th><th>in gap</th></tr>\n",
      counts.releases, worst(Severity::kHigh), worst(Severity::kMedium), worst(Severity::kLow));
  for (const size_t kind : conflict_kinds_by_releases(counts)) {
    const ConflictKindCounts& entry = counts.by_kind[kind];
    const auto severity = [&](Severity level) {
      return entry.by_severity[static_cast<size_t>(level)];
    };
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        to_string(static_cast<ConflictKind>(kind)), entry.releases, severity(Severity::kHigh),
        severity(Severity::kMedium), severity(Severity::kLow), entry.conflicts, entry.in_gap);
  }
  return out + "</table>\n";
}

std::string id_table(const char* title, const LicenceCounts& counts, size_t releases) {
  std::vector<std::pair<std::string, size_t>> sorted(counts.by_id.begin(), counts.by_id.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out = fmt::format(
      "<div><h3>{}</h3><table><tr><th>id</th><th>releases</th>"
      "<th>share</th></tr>\n",
      title);
  for (size_t i = 0; i < std::min<size_t>(20, sorted.size()); ++i)
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{:.1f}%</td></tr>\n",
                       html_escape(sorted[i].first), sorted[i].second,
                       releases == 0 ? 0.0 : 100.0 * double(sorted[i].second) / double(releases));
  return out + "</table></div>\n";
}

std::string failure_list(const CensusResult& census) {
  std::string out =
      fmt::format("<h2>Could not be parsed: {} releases</h2>\n<ul>\n", census.parse_failure_count);
  for (size_t i = 0; i < std::min(kTopListed, census.parse_failures.size()); ++i)
    out += fmt::format("<li>{}: <code>{}</code></li>\n", html_escape(census.parse_failures[i].name),
                       html_escape(census.parse_failures[i].error.message()));
  return out + "</ul>\n";
}

constexpr std::string_view kStyle = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}h3{font-size:15px}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.chart{position:relative;height:320px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 7px;text-align:left}
.heat td{text-align:right;min-width:56px}.ids{display:flex;gap:24px}
)css";

// Draws every chart with animation off, so the canvases hold their pixels
// as soon as the script ends, then counts charts and painted canvases.
constexpr std::string_view kDrawScript = R"js(
(function () {
  const data = JSON.parse(document.getElementById('census-data').textContent);
  const colours = ['#2e7d32','#66bb6a','#f9a825','#ef6c00','#c62828','#6a1b9a','#90a4ae','#b0bec5','#455a64'];
  const common = {animation: false, responsive: true, maintainAspectRatio: false};
  const charts = [];
  function bar(id, labels, datasets, extra) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    if (labels.length === 0) { canvas.parentNode.style.display = 'none'; return; }
    charts.push(new Chart(canvas, Object.assign({type: 'bar', data: {labels, datasets}, options: common}, extra || {})));
  }
  function stackedByRow(id, block, title) {
    const sets = data.rows.map((row, i) => ({label: row, data: block.series[i], backgroundColor: colours[i]}))
                          .filter(set => set.data.some(v => v > 0));
    bar(id, block.labels, sets, {options: Object.assign({}, common, {
      plugins: {title: {display: true, text: title}},
      scales: {x: {stacked: true}, y: {stacked: true}}})});
  }
  bar('chart-tiers', data.rows, [
    {label: 'declared', data: data.declared, backgroundColor: '#1565c0'},
    {label: 'effective', data: data.effective, backgroundColor: '#c62828'}],
    {options: Object.assign({}, common, {plugins: {title: {display: true, text: 'Releases by tier'}}})});
  bar('chart-families', data.families.labels, [
    {label: 'declared', data: data.families.declared, backgroundColor: '#1565c0'},
    {label: 'effective', data: data.families.effective, backgroundColor: '#c62828'}],
    {options: Object.assign({}, common, {indexAxis: 'y', plugins: {title: {display: true, text: 'Licence families'}}})});
  stackedByRow('chart-matrix', {labels: data.rows, series: data.rows.map((_, e) => data.matrix.map(row => row[e]))},
               'Declared tier (bars) by effective tier (colours)');
  stackedByRow('chart-base', data.base_families, 'Derivatives by base family: effective tier');
  stackedByRow('chart-time', data.months, 'Releases by month: effective tier');
  let painted = 0;
  for (const chart of charts) {
    const c = chart.canvas, pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) { painted++; break; }
  }
  document.body.dataset.chartsRendered = String(charts.length);
  document.body.dataset.chartsPainted = String(painted);
  document.getElementById('render-status').textContent = charts.length + ' charts drawn';
})();
)js";

}  // namespace

std::string census_html(const CensusResult& census) {
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  // What the page should draw, decided here so the browser test can check
  // the script against it: tiers and matrix always, the rest when non-empty.
  const size_t expected =
      2 + (census.declared.by_family.empty() && census.effective.by_family.empty() ? 0 : 1) +
      (census.by_base_family.empty() ? 0 : 1) + (census.by_month.empty() ? 0 : 1);
  page += "<title>owl census</title>\n<style>" + std::string(kStyle) + "</style></head>\n";
  page += fmt::format("<body data-charts-expected=\"{}\">\n", expected);
  page += fmt::format(
      "<h1>owl census: {} releases</h1>\n<p>{} could not be parsed · {} declare a licence more "
      "permissive than their effective terms · owl {} · <span id=\"render-status\">charts not "
      "drawn (JavaScript off?)</span></p>\n",
      census.releases, census.parse_failure_count, census.gap_count, kVersion);
  page +=
      "<div class=\"charts\">\n"
      "<div class=\"chart\"><canvas id=\"chart-tiers\"></canvas></div>\n"
      "<div class=\"chart\"><canvas id=\"chart-families\"></canvas></div>\n"
      "<div class=\"chart\"><canvas id=\"chart-matrix\"></canvas></div>\n"
      "<div class=\"chart\"><canvas id=\"chart-base\"></canvas></div>\n";
  if (!census.by_month.empty())
    page += "<div class=\"chart\"><canvas id=\"chart-time\"></canvas></div>\n";
  page += "</div>\n<h2>Declared vs effective tier</h2>\n" + heat_table(census);
  page += "<div class=\"ids\">" + id_table("Declared licences", census.declared, census.releases) +
          id_table("Effective terms", census.effective, census.releases) + "</div>\n";
  page += conflict_table(census) + gap_table(census) + failure_list(census);
  page += "<script type=\"application/json\" id=\"census-data\">" +
          script_safe(chart_data(census)) + "</script>\n";
  page += "<script>" + std::string(detail::chartjs_source()) + "</script>\n";
  page += "<script>" + std::string(kDrawScript) + "</script>\n</body></html>\n";
  return page;
}

}  // namespace owl
