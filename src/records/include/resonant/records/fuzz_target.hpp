#pragma once
// One entry for fuzzing every in-memory parser of resonant::records (used by the libFuzzer
// target tests/fuzz/records_fuzz.cpp and by the deterministic fuzz test).
#include <cstdint>
#include <span>

namespace resonant::records {

/// The first byte picks the parser (WFDB header, MIT annotations, text record without and with
/// a sample rate, RR text); the rest is its input. Text records are read to the end. Returns
/// normally on success or RecordError; anything else escapes (a bug).
void fuzz_records_input(std::span<const std::uint8_t> data);

}  // namespace resonant::records
