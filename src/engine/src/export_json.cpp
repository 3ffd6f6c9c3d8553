// JSON summary export: one object describing the session.
#include <cmath>
#include <ctime>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include <resonant/engine/json_text.hpp>

#include "export_formats.hpp"
#include "private_file.hpp"

namespace resonant::engine::exports {
namespace {

using nlohmann::json;

constexpr const char* kDeidentified = "deidentified";
constexpr const char* kCoherenceMetric = "coherence_ratio";

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

/// "2024-05-01T14:03:07Z" (UTC; record metadata only).
std::string utc_time(std::int64_t unix_us) {
  const std::time_t t = static_cast<std::time_t>(unix_us / 1'000'000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

json coherence_summary(const storage::StoredSession& s) {
  double sum = 0.0;
  double max = std::nan("");
  std::int64_t n = 0;
  for (const storage::StoredMetric& m : s.metrics) {
    if (m.name != kCoherenceMetric || !std::isfinite(m.value)) continue;
    sum += m.value;
    max = n == 0 ? m.value : std::max(max, m.value);
    ++n;
  }
  return {{"values", n},
          {"mean_ratio", n == 0 ? json(nullptr) : json(sum / static_cast<double>(n))},
          {"max_ratio", number_or_null(max)}};
}

json artifacts_by_label(const storage::StoredSession& s) {
  std::map<std::string, std::int64_t> counts;
  std::int64_t unlabelled = 0;
  std::int64_t implausible = 0;
  for (const storage::StoredBeat& b : s.beats) {
    if (b.label.empty()) {
      ++unlabelled;
    } else {
      ++counts[b.label];
    }
    if ((b.flags & storage::kBeatFlagImplausible) != 0) ++implausible;
  }
  json out = json::object();
  for (const auto& [label, n] : counts) out[label] = n;
  out["unlabelled"] = unlabelled;
  out["implausible_raw_rr"] = implausible;
  return out;
}

}  // namespace

void write_json(const storage::StoredSession& s, const SessionTrend& trend,
                const std::filesystem::path& path, bool deidentify) {
  const storage::SessionInfo& info = s.info;
  std::int64_t nn_count = 0;
  for (const storage::StoredBeat& b : s.beats) nn_count += std::isfinite(b.nn_ms) ? 1 : 0;
  json markers = json::array();
  for (const storage::StoredMarker& m : s.markers) {
    markers.push_back({{"t_s", seconds(m.t_us)}, {"kind", m.kind}, {"text", marker_text(m, deidentify)}});
  }
  json pacer = json::array();
  for (const storage::PacerRow& p : s.pacer) {
    pacer.push_back({{"t_s", seconds(p.t_us)},
                     {"enabled", p.enabled},
                     {"rate_bpm", p.rate_bpm},
                     {"inhale_fraction", p.inhale_fraction}});
  }
  json out = {
      {"session_id", info.id},
      {"client", deidentify ? json(kDeidentified) : json(info.client)},
      {"device", deidentify ? json(kDeidentified) : json(info.source)},
      {"recording_status", std::string(storage::to_string(info.status))},
      {"duration_s", info.duration_s},
      {"times", "seconds of session time from the session's start"},
      {"beats", static_cast<std::int64_t>(s.beats.size())},
      {"hrv",
       {{"mean_hr_bpm", number_or_null(info.mean_hr_bpm)},
        {"rmssd_ms", number_or_null(info.rmssd_ms)},
        {"sdnn_ms", number_or_null(info.sdnn_ms)},
        {"nn_intervals", nn_count},
        {"computed_from", "corrected NN intervals of the whole session"},
        // The rhythm check (as resonant-cli analyze and trends): uneven = over 10 % of the
        // successive intervals jump, so RMSSD and SDNN measure early beats, not HRV; the share
        // is null with under 20 successive pairs.
        {"rhythm",
         {{"uneven", trend.rhythm_uneven},
          {"jump_share", number_or_null(trend.rhythm_jump_share)}}}}},
      {"artifacts_by_label", artifacts_by_label(s)},
      {"coherence", coherence_summary(s)},
      {"markers", markers},
      {"pacer", pacer},
  };
  if (deidentify) {
    out["start_offset_s"] = 0.0;
  } else {
    out["started_utc"] = utc_time(info.started_unix_us);
    out["started_unix_s"] = seconds(info.started_unix_us);
  }
  PrivateFile file(path);
  file.write(engine::json_text(out, 2) + "\n");
  file.commit();
}

}  // namespace resonant::engine::exports
