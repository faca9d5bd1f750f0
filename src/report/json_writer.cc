#include "report/json_writer.h"

#include <string>

namespace ks {

void JsonWriter::Indent() {
  for (size_t i = 0; i < empty_.size(); ++i) out_ << "  ";
}

void JsonWriter::Next() {
  if (keyed_) {
    keyed_ = false;
    return;
  }
  if (empty_.empty()) return;  // the document's one value
  out_ << (empty_.back() ? "\n" : ",\n");
  empty_.back() = false;
  Indent();
}

void JsonWriter::Open(char c) {
  Next();
  out_ << c;
  empty_.push_back(true);
}

void JsonWriter::Close(char c) {
  const bool empty = empty_.back();
  empty_.pop_back();
  if (!empty) {
    out_ << '\n';
    Indent();
  }
  out_ << c;
}

void JsonWriter::Key(std::string_view key) {
  Next();
  out_ << nlohmann::ordered_json(key).dump(-1, ' ', false,
                                           nlohmann::ordered_json::error_handler_t::replace)
       << ": ";
  keyed_ = true;
}

void JsonWriter::Value(const nlohmann::ordered_json& value) {
  Next();
  const std::string text =
      value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  // dump() never puts a raw newline inside a string, so each newline starts a line to indent.
  size_t from = 0;
  for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    out_.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
    Indent();
    from = nl + 1;
  }
  out_.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

}  // namespace ks
