// libFuzzer target for the resonant::records parsers (WFDB headers, MIT annotations, CSV/text
// tables, RR lists); built with clang when -DRESONANT_FUZZ=ON. Run: ./records_fuzz -max_total_time=60
// Anything but success or RecordError escapes and aborts, as do the sanitizers' findings.
#include <cstdint>
#include <cstdlib>

#include <resonant/records/fuzz_target.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  resonant::records::fuzz_records_input(std::span<const std::uint8_t>(data, size));
  return 0;
}
