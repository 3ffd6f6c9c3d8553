// resonant-cli beats FILE: one detected beat per line, as the sample index of the channel.
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

#include <resonant/engine/file_beats.hpp>
#include <resonant/engine/private_output.hpp>

#include "commands.hpp"
#include "piped_input.hpp"
#include "progress_line.hpp"

namespace resonant::cli {

int run_beats(const BeatsOptions& o) {
  engine::FileBeats result;
  try {
    ProgressLine progress("detecting beats");
    result = engine::detect_file_beats(o.source, o.causal, progress.callback());
  } catch (const engine::FileSourceError& e) {
    std::fprintf(stderr, "resonant-cli beats: %s\n",
                 shown_input_text(e.what()).c_str());
    return kExitFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli beats: %s: %s\n",
                 shown_input_text(o.source.path.string()).c_str(),
                 shown_input_text(e.what()).c_str());
    return kExitFailure;
  }
  std::string text;
  text.reserve(result.beats.size() * 9);
  for (const auto& b : result.beats) {
    text += std::to_string(std::llround(b.sample_index));
    text += '\n';
  }
  if (o.out_path.empty()) {
    if (!write_stdout(text)) {
      std::fprintf(stderr, "resonant-cli beats: writing the beats failed (disk full or pipe "
                           "closed)\n");
      return kExitFailure;
    }
  } else {
    try {
      engine::write_private_file(o.out_path, text);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "resonant-cli beats: %s\n",
                 shown_input_text(e.what()).c_str());
      return kExitFailure;
    }
  }
  std::fprintf(stderr, "%zu beats in channel \"%s\" (%s, %g Hz, %.1f min), %s detector\n",
               result.beats.size(), result.channel_name.c_str(),
               std::string(engine::to_string(result.signal)).c_str(), result.sample_rate_hz,
               static_cast<double>(result.sample_count) / result.sample_rate_hz / 60.0,
               o.causal ? "live (causal)" : "offline");
  return kExitOk;
}

}  // namespace resonant::cli
