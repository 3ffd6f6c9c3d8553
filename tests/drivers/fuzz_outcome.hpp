#pragma once
// What one fuzz run found: whether every event kept the decoder's invariants, the first
// problem in words, and how many events came out. Shared by the fuzz harnesses (gtest and
// libFuzzer). Test-only; one thread.
#include <cstddef>
#include <string>

namespace resonant::drivers {

struct FuzzOutcome {
  bool invariants_hold = true;
  std::string problem;
  std::size_t events = 0;
};

}  // namespace resonant::drivers
