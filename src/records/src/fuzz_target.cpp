// Fuzzing entry point (see fuzz_target.hpp).
#include <resonant/records/fuzz_target.hpp>

#include <string>
#include <vector>

#include <resonant/records/record.hpp>
#include <resonant/records/text_record.hpp>
#include <resonant/records/wfdb_header.hpp>

namespace resonant::records {

void fuzz_records_input(std::span<const std::uint8_t> data) {
  if (data.empty()) return;
  const std::uint8_t selector = data[0];
  const auto rest = data.subspan(1);
  const std::string text(reinterpret_cast<const char*>(rest.data()), rest.size());
  try {
    switch (selector % 5) {
      case 0: parse_wfdb_header(text, "fuzz.hea"); break;
      case 1: parse_mit_annotations(rest, "fuzz.atr", 360.0); break;
      case 4: parse_rr_text(text, "fuzz.txt"); break;
      default: {
        OpenOptions options;
        if (selector % 5 == 3) options.sample_rate_hz = 100.0;
        const auto record = open_text_record(text, "fuzz.csv", options);
        std::vector<float> buffer(256);
        for (std::size_t c = 0; c < record->info().channels.size(); ++c) {
          auto reader = record->open_channel(c);
          while (reader->read(buffer) != 0) {
          }
        }
      }
    }
  } catch (const RecordError&) {
    // Rejected input, reported in words: fine.
  }
}

}  // namespace resonant::records
