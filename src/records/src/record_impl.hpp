#pragma once
// Format-specific openers behind open_record() (internal to resonant::records).
#include <filesystem>
#include <memory>
#include <string>

#include <resonant/records/record.hpp>

namespace resonant::records::detail {

std::unique_ptr<Record> open_wfdb_record(const std::filesystem::path& hea_path,
                                         const OpenOptions& options);
std::unique_ptr<Record> open_edf_record(const std::filesystem::path& path,
                                        const OpenOptions& options);
/// CSV / text table / RR text, from a file (streamed) or from text in memory.
std::unique_ptr<Record> open_text_file_record(const std::filesystem::path& path,
                                              const OpenOptions& options);

/// Fills name-derived fields: kind from name and units.
void finish_channel(ChannelInfo& channel);

}  // namespace resonant::records::detail
