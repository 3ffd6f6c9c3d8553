#pragma once
// Checking RecordError messages in the records tests: the message of a call, and that it
// names the file and the problem.
#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

#include <resonant/records/record_error.hpp>

namespace resonant::records {

/// The RecordError message of f(), or "" when it does not throw one.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const RecordError& e) {
    return e.what();
  }
  return "";
}

inline void expect_contains(const std::string& message, std::initializer_list<std::string> parts) {
  ASSERT_FALSE(message.empty()) << "no RecordError thrown";
  for (const auto& p : parts) {
    EXPECT_NE(message.find(p), std::string::npos) << "'" << p << "' not in: " << message;
  }
}

}  // namespace resonant::records
