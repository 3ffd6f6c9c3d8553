#pragma once
// The full HRV metric set over NN intervals: time domain (hrv_time.hpp, Task Force 1996),
// frequency domain (hrv_frequency.hpp) and nonlinear/geometric (hrv_nonlinear.hpp), as the
// analyze command prints it and as each live window (hrv_windows.hpp) reports it. Each part
// keeps its own minimum-data rules (NaN below them). Latency: none beyond the window.
#include <span>

#include <resonant/dsp/hrv_frequency.hpp>
#include <resonant/dsp/hrv_nonlinear.hpp>
#include <resonant/dsp/hrv_time.hpp>

namespace resonant::dsp {

struct HrvConfig {
  FrequencyHrvConfig frequency{};
  NonlinearHrvConfig nonlinear{};
};

struct HrvSummary {
  TimeDomainHrv time;
  FrequencyHrv frequency;
  NonlinearHrv nonlinear;
};

/// Reusable analyser (no allocation once it has seen the largest input); compute_hrv() runs it.
class HrvAnalyzer {
 public:
  explicit HrvAnalyzer(const HrvConfig& config = {})
      : frequency_(config.frequency), nonlinear_(config.nonlinear) {}
  HrvSummary analyse(std::span<const RrInterval> nn);
  /// The spectrum of the last analyse() (for display).
  const Spectrum& spectrum() const { return frequency_.spectrum(); }

 private:
  FrequencyHrvAnalyzer frequency_;
  NonlinearHrvAnalyzer nonlinear_;
};

HrvSummary compute_hrv(std::span<const RrInterval> nn, const HrvConfig& config = {});

}  // namespace resonant::dsp
