#pragma once
// Text records opened from memory (the same code open_record() uses on files): for tests,
// fuzzing and data that did not come from a file. name is used in error messages.
#include <memory>
#include <string>

#include <resonant/records/record.hpp>

namespace resonant::records {

/// Detects CSV / text table / RR text from the content, as open_record() does for files.
std::unique_ptr<Record> open_text_record(std::string text, const std::string& name,
                                         const OpenOptions& options = {});

}  // namespace resonant::records
