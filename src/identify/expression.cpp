// SPDX licence expressions (SPDX 2.3 annex D): recursive descent with an
// explicit depth cap, since expressions come from untrusted model cards.
#include <cctype>

#include "owl/identify.h"

namespace owl {
namespace {

constexpr size_t kMaxExpressionBytes = 4096;
constexpr int kMaxDepth = 64;

bool is_id_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':' ||
         c == '_';
}

bool equals_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expected<LicenseExpression> parse() {
    skip_space();
    if (pos_ == text_.size())
      return fail("empty", "expected a licence id, found an empty expression");
    Expected<LicenseExpression> e = parse_or(0);
    if (!e) return e;
    skip_space();
    if (pos_ != text_.size()) {
      return fail("trailing-text",
                  "expected AND, OR or the end, found '" + std::string(peek_word()) + "'");
    }
    return e;
  }

 private:
  Expected<LicenseExpression> parse_or(int depth) {
    return parse_list(depth, "OR", LicenseExpression::Kind::kOr);
  }

  Expected<LicenseExpression> parse_list(int depth, std::string_view op,
                                         LicenseExpression::Kind kind) {
    Expected<LicenseExpression> first =
        kind == LicenseExpression::Kind::kOr
            ? parse_list(depth, "AND", LicenseExpression::Kind::kAnd)
            : parse_with(depth);
    if (!first) return first;
    LicenseExpression node;
    node.kind = kind;
    append(node, std::move(first).value());
    while (true) {
      skip_space();
      if (!equals_ci(peek_word(), op)) break;
      pos_ += op.size();
      Expected<LicenseExpression> next =
          kind == LicenseExpression::Kind::kOr
              ? parse_list(depth, "AND", LicenseExpression::Kind::kAnd)
              : parse_with(depth);
      if (!next) return next;
      append(node, std::move(next).value());
    }
    if (node.operands.size() == 1) return std::move(node.operands.front());
    return node;
  }

  // Flattens "A AND (B AND C)" into one AND over three operands.
  static void append(LicenseExpression& node, LicenseExpression operand) {
    if (operand.kind == node.kind) {
      for (auto& inner : operand.operands) node.operands.push_back(std::move(inner));
    } else {
      node.operands.push_back(std::move(operand));
    }
  }

  Expected<LicenseExpression> parse_with(int depth) {
    Expected<LicenseExpression> primary = parse_primary(depth);
    if (!primary) return primary;
    skip_space();
    if (!equals_ci(peek_word(), "WITH")) return primary;
    if (primary->kind != LicenseExpression::Kind::kLicense || !primary->exception.empty()) {
      return fail("with-needs-license", "expected WITH after a single licence id");
    }
    pos_ += 4;
    skip_space();
    const std::string_view exception = peek_word();
    if (exception.empty() || is_operator(exception)) {
      return fail("missing-exception", "expected an exception id after WITH");
    }
    pos_ += exception.size();
    primary->exception = std::string(exception);
    return primary;
  }

  Expected<LicenseExpression> parse_primary(int depth) {
    if (depth >= kMaxDepth) return fail("too-deep", "expected at most 64 nested parentheses");
    skip_space();
    if (pos_ == text_.size())
      return fail("unexpected-end", "expected a licence id or '(', found the end");
    if (text_[pos_] == '(') {
      ++pos_;
      Expected<LicenseExpression> inner = parse_or(depth + 1);
      if (!inner) return inner;
      skip_space();
      if (pos_ == text_.size() || text_[pos_] != ')')
        return fail("unclosed-parenthesis", "expected ')'");
      ++pos_;
      return inner;
    }
    const std::string_view id = peek_word();
    if (id.empty() || is_operator(id)) {
      return fail("unexpected-token", "expected a licence id, found '" +
                                          std::string(id.empty() ? text_.substr(pos_, 1) : id) +
                                          "'");
    }
    pos_ += id.size();
    LicenseExpression leaf;
    leaf.id = std::string(id);
    if (pos_ < text_.size() && text_[pos_] == '+') {
      leaf.or_later = true;
      ++pos_;
    }
    return leaf;
  }

  static bool is_operator(std::string_view word) {
    return equals_ci(word, "AND") || equals_ci(word, "OR") || equals_ci(word, "WITH");
  }

  std::string_view peek_word() const {
    size_t end = pos_;
    while (end < text_.size() && is_id_char(text_[end])) ++end;
    return text_.substr(pos_, end - pos_);
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  Error fail(const std::string& rule, const std::string& detail) const {
    return Error::corrupt("", pos_, "spdx-expression." + rule, detail);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void print(const LicenseExpression& e, bool parenthesise, std::string& out) {
  if (e.kind == LicenseExpression::Kind::kLicense) {
    out += e.id;
    if (e.or_later) out += '+';
    if (!e.exception.empty()) out += " WITH " + e.exception;
    return;
  }
  if (parenthesise) out += '(';
  const bool is_and = e.kind == LicenseExpression::Kind::kAnd;
  for (size_t i = 0; i < e.operands.size(); ++i) {
    if (i > 0) out += is_and ? " AND " : " OR ";
    const LicenseExpression& operand = e.operands[i];
    // AND binds tighter than OR: only an OR inside an AND needs parentheses.
    print(operand, is_and && operand.kind == LicenseExpression::Kind::kOr, out);
  }
  if (parenthesise) out += ')';
}

}  // namespace

Expected<LicenseExpression> parse_license_expression(std::string_view text) {
  if (text.size() > kMaxExpressionBytes) {
    return Error::limit("", std::nullopt, "spdx-expression.too-long",
                        "expected at most 4096 bytes, found " + std::to_string(text.size()));
  }
  return Parser(text).parse();
}

std::string to_string(const LicenseExpression& expression) {
  std::string out;
  print(expression, false, out);
  return out;
}

}  // namespace owl
