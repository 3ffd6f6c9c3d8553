// resonant-cli bench FILE: offline beat detection + full HRV throughput on a real recording.
#include <cstdio>
#include <exception>

#include <resonant/engine/file_analysis.hpp>

#include "commands.hpp"
#include "piped_input.hpp"

namespace resonant::cli {

int run_bench(const BenchOptions& o) {
  try {
    const auto r = engine::bench_file(o.source, o.repetitions);
    std::printf("channel \"%s\", %zu samples at %g Hz (%.1f min), %zu beats\n",
                r.channel_name.c_str(), r.samples, r.sample_rate_hz,
                static_cast<double>(r.samples) / r.sample_rate_hz / 60.0, r.beats);
    std::printf("detection + full HRV: best of %d: %.2f ms = %.1f M samples/s = %.0f x real time\n",
                o.repetitions, r.best_s * 1e3, r.samples_per_s / 1e6, r.times_real_time);
    return kExitOk;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli bench: %s\n", shown_input_text(e.what()).c_str());
    return kExitFailure;
  }
}

}  // namespace resonant::cli
