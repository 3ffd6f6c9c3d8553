// Streaming form of the RR artifact correction (physiology-and-metrics.md §2.4): trailing
// windows over the run so far plus the two look-ahead intervals, and the decision core shared
// with the batch form. Everything is allocated in the constructor.
#include <resonant/dsp/rr_artifacts.hpp>

#include <cmath>

#include "rr_artifact_core.hpp"

namespace resonant::dsp {

struct StreamingRrArtifactCorrector::State {
  // The intervals the decision reads: run positions j - 1 .. j + 2 (a ring by position).
  static constexpr std::size_t kSlots = 4;
  struct Slot {
    RrInterval rr;
    double drrn = 0.0;
    double th1_ms = 0.0;
    bool provisional = false;
    std::uint64_t raw_index = 0;
  };

  explicit State(const ArtifactConfig& c)
      : config(c),
        decider(c),
        median_window(c.median_window_beats),
        abs_drr_window(c.threshold_window_beats),
        abs_mrr_window(c.threshold_window_beats) {}

  void start_run() {
    median_window.clear();
    abs_drr_window.clear();
    abs_mrr_window.clear();
    decider.start_run();
    run_count = 0;
    next_decide = 0;
  }

  Slot& slot(std::size_t position) { return slots[position % kSlots]; }

  void append(const RrInterval& interval, std::uint64_t raw_index) {
    const std::size_t n = run_count++;
    Slot& s = slot(n);
    s.rr = interval;
    s.raw_index = raw_index;
    s.drrn = 0.0;
    s.th1_ms = 0.0;
    s.provisional = false;
    median_window.push(interval.rr_ms);
    if (n >= 1) {
      // Th1 from the |dRR| of past intervals only: in the warm-up a window of 15-20 values
      // that already held this jump (and the next ones) would be inflated by the artifact.
      const double drr = interval.rr_ms - slot(n - 1).rr.rr_ms;
      const Threshold th1 =
          artifact_threshold(abs_drr_window.sorted(), median_window.sorted().median(), config);
      abs_drr_window.push(std::abs(drr));
      s.drrn = drr / th1.ms;
      s.th1_ms = th1.ms;
      s.provisional = !th1.from_quartiles;
    }
  }

  void decide_next() {
    const std::size_t j = next_decide++;
    const std::size_t newest = run_count - 1;
    // medRR_j over the 11 intervals ending at the newest: centred as far as the look-ahead
    // allows (j - 8 .. j + 2 once two look-ahead intervals exist).
    const double median = median_window.sorted().median();
    const double mrr = median_deviation_ms(slot(j).rr.rr_ms, median);
    const Threshold th2 = artifact_threshold(abs_mrr_window.sorted(), median, config);
    abs_mrr_window.push(std::abs(mrr));  // past intervals only, as for Th1

    DecisionInputs in;
    for (std::size_t s = 0; s < kSlots; ++s) {
      if (j + s < 1 || j + s - 1 > newest) continue;
      const Slot& source = slot(j + s - 1);
      in.rr[s] = source.rr;
      in.drrn[s] = source.drrn;
      in.th1_ms[s] = source.th1_ms;
      in.present[s] = true;
    }
    in.mrrn = mrr / th2.ms;
    in.median_rr_ms = median;
    in.th2_ms = th2.ms;
    in.provisional = slot(j).provisional || !th2.from_quartiles;
    DecidedRr& out = output[output_count++];
    out.raw_index = slot(j).raw_index;
    decider.decide(in, out);
  }

  void flush_run() {
    while (next_decide < run_count) decide_next();
  }

  ArtifactConfig config;
  RrArtifactDecider decider;
  TrailingWindow median_window;
  TrailingWindow abs_drr_window;
  TrailingWindow abs_mrr_window;
  std::array<Slot, kSlots> slots{};
  std::size_t run_count = 0;    // intervals in the current run
  std::size_t next_decide = 0;  // run position of the next interval to decide
  std::uint64_t raw_counter = 0;
  bool gap_before_next = false;
  // A gap flushes up to kLookAheadBeats pending intervals; the new one is never decided at once.
  std::array<DecidedRr, kLookAheadBeats + 1> output{};
  std::size_t output_count = 0;
};

StreamingRrArtifactCorrector::StreamingRrArtifactCorrector(const ArtifactConfig& config)
    : state_(std::make_unique<State>(config)) {}
StreamingRrArtifactCorrector::~StreamingRrArtifactCorrector() = default;
StreamingRrArtifactCorrector::StreamingRrArtifactCorrector(
    StreamingRrArtifactCorrector&&) noexcept = default;
StreamingRrArtifactCorrector& StreamingRrArtifactCorrector::operator=(
    StreamingRrArtifactCorrector&&) noexcept = default;

std::span<const DecidedRr> StreamingRrArtifactCorrector::push(const RrInterval& interval) {
  State& s = *state_;
  s.output_count = 0;
  const std::uint64_t raw_index = s.raw_counter++;
  if (!std::isfinite(interval.rr_ms) || interval.rr_ms <= 0.0 || !std::isfinite(interval.t_s)) {
    s.gap_before_next = true;  // nothing to decide; the series is broken here
    return {};
  }
  RrInterval accepted = interval;
  accepted.after_gap = interval.after_gap || s.gap_before_next;
  s.gap_before_next = false;
  if (accepted.after_gap && s.run_count > 0) {
    s.flush_run();
    s.start_run();
  }
  s.append(accepted, raw_index);
  if (s.run_count > kLookAheadBeats) s.decide_next();
  return {s.output.data(), s.output_count};
}

std::span<const DecidedRr> StreamingRrArtifactCorrector::flush() {
  State& s = *state_;
  s.output_count = 0;
  s.flush_run();
  s.start_run();  // the decided tail cannot be revisited: what follows is a new run
  s.gap_before_next = true;
  return {s.output.data(), s.output_count};
}

void StreamingRrArtifactCorrector::reset() {
  State& s = *state_;
  s.start_run();
  s.raw_counter = 0;
  s.gap_before_next = false;
  s.output_count = 0;
}

std::size_t StreamingRrArtifactCorrector::pending() const {
  return state_->run_count - state_->next_decide;
}

}  // namespace resonant::dsp
