// Text form of `owl inspect`: the inspection tree as indented "key: value"
// lines; arrays of records become one line per record so a tensor table
// reads like gguf-dump's.
#include <fmt/format.h>

#include <sstream>

#include "inspect_tree.h"
#include "owl/report.h"
#include "painter.h"

namespace owl {

namespace {

using nlohmann::ordered_json;

constexpr size_t kMaxListedRecords = 200;

std::string scalar(const ordered_json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "-";
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_flat(const ordered_json& value) {
  for (const auto& item : value)
    if (item.is_structured() && !item.empty()) return false;
  return true;
}

std::string inline_list(const ordered_json& list) {
  std::string text;
  for (const auto& item : list) text += (text.empty() ? "" : ", ") + scalar(item);
  return "[" + text + "]";
}

std::string record_line(const ordered_json& record) {
  std::string line;
  for (const auto& [key, value] : record.items()) {
    const std::string text = value.is_array() ? inline_list(value) : scalar(value);
    line += fmt::format("{}{}={}", line.empty() ? "" : "  ", key, text);
  }
  return line;
}

void render(std::ostream& out, const ordered_json& node, int depth);

void render_list(std::ostream& out, const std::string& key, const ordered_json& list, int depth) {
  const std::string indent(static_cast<size_t>(depth) * 2, ' ');
  const std::string joined = inline_list(list);
  if (is_flat(list) && joined.size() <= 80) {
    out << indent << key << ": " << joined << "\n";
    return;
  }
  out << indent << key << " (" << list.size() << "):\n";
  size_t shown = 0;
  for (const auto& item : list) {
    if (shown++ == kMaxListedRecords) {
      out << indent << "  ... " << list.size() - kMaxListedRecords << " more (use --json)\n";
      break;
    }
    if (item.is_object() && !is_flat(item)) {
      out << indent << "  -\n";
      render(out, item, depth + 2);
    } else {
      out << indent << "  " << (item.is_object() ? record_line(item) : scalar(item)) << "\n";
    }
  }
}

void render(std::ostream& out, const ordered_json& node, int depth) {
  const std::string indent(static_cast<size_t>(depth) * 2, ' ');
  for (const auto& [key, value] : node.items()) {
    if (value.is_object() && !value.empty()) {
      out << indent << key << ":\n";
      render(out, value, depth + 1);
    } else if (value.is_array()) {
      render_list(out, key, value, depth);
    } else {
      out << indent << key << ": " << scalar(value) << "\n";
    }
  }
}

}  // namespace

void print_inspection_text(std::ostream& out, const Inspection& inspection,
                           const TextStyle& style) {
  std::ostringstream lines;
  render(lines, detail::inspection_tree(inspection), 0);
  out << detail::render_terminal(lines.str(), style.color, style.width);
}

std::string inspection_json(const Inspection& inspection) {
  return detail::inspection_tree(inspection)
      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace owl
