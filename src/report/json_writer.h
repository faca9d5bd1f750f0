// JsonWriter: writes one JSON document a piece at a time, laid out as nlohmann's dump(2) lays out
// a whole one, so that a report whose arrays have a million elements never exists in memory as
// a whole: each element is built (as a small nlohmann value), written and dropped.
//
// The caller opens and closes objects and arrays in a valid nesting; members of an object are
// written with Key() first. Invalid UTF-8 in strings (git paths need not be UTF-8) is replaced,
// never thrown on. Owns no stream; not thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>
#include <vector>

namespace ks {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The next member's name; then a value, BeginObject() or BeginArray().
  void Key(std::string_view key);
  // A whole value: an array element, or the member named by the last Key().
  void Value(const nlohmann::ordered_json& value);
  void Member(std::string_view key, const nlohmann::ordered_json& value) {
    Key(key);
    Value(value);
  }
  // The newline that ends the document.
  void End() { out_ << '\n'; }

 private:
  void Open(char c);
  void Close(char c);
  void Next();  // the separator and indentation before the next element or member
  void Indent();

  std::ostream& out_;
  std::vector<bool> empty_;  // per open level: nothing written in it yet
  bool keyed_ = false;       // Key() was just written: the value follows on the same line
};

}  // namespace ks
