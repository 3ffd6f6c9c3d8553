#pragma once
// A recorded biosignal file as an analysis source (resonant-cli analyze | beats | bench), named
// by value so the CLI needs only the engine. Reading is done by resonant::records; the
// analysis by resonant::dsp, with the same code as the live pipeline.
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace resonant::engine {

/// What a channel holds. automatic = from the channel's name and units.
enum class SignalChoice { kAutomatic, kEcg, kPpg, kResp, kEda, kRr };
std::string_view to_string(SignalChoice choice);
/// "ecg", "ppg", "resp", "eda", "rr" (and "auto"); nullopt for anything else.
std::optional<SignalChoice> parse_signal_choice(std::string_view name);
inline constexpr std::string_view kSignalChoiceNames = "ecg, ppg, resp, eda, rr";

enum class RrUnitsChoice { kAutomatic, kMilliseconds, kSeconds };
std::optional<RrUnitsChoice> parse_rr_units(std::string_view name);  // "auto", "ms", "s"

struct FileSource {
  std::filesystem::path path;
  std::string channel;                       // name or index; "" = choose by signal
  SignalChoice signal = SignalChoice::kAutomatic;
  std::optional<double> sample_rate_hz;      // for text tables without a time column
  RrUnitsChoice rr_units = RrUnitsChoice::kAutomatic;
  bool allow_truncated = false;              // read what a short signal file holds
  /// WFDB annotation file to take the beats from instead of detecting them ("atr", "ecg"):
  /// their normal-to-normal intervals are analysed as an RR list. "" = only when the record
  /// has no ECG or PPG channel (nsr2db), then "atr" if it is there, else the first found.
  std::string annotator;
};

/// A problem with the file or the request, in words a person can act on (names the file).
class FileSourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Called now and then during long work with the fraction done in [0, 1].
using ProgressFn = std::function<void(double fraction)>;

}  // namespace resonant::engine
