// CSV and Kubios RR text exports.
//
// Metrics are written wide (t_s and one column per metric) rather than long (t_s, metric,
// value): a row per instant is what a spreadsheet user plots or averages without first
// pivoting the table. The store keeps a metric's value only when it changes (a value holds
// until the next one; NaN: not available from then on), so each row carries every metric's
// value at that instant forward, and a cell is empty only while the metric is not available.
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include <resonant/engine/private_output.hpp>
#include <resonant/engine/session_import.hpp>

#include "export_formats.hpp"
#include "private_file.hpp"

namespace resonant::engine::exports {
namespace {

/// "%.6f" etc. for finite values, an empty cell for NaN.
std::string cell(const char* format, double v) {
  if (!std::isfinite(v)) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string time_cell(std::int64_t t_us) { return cell("%.6f", seconds(t_us)); }

/// RFC 4180 quoting when the text holds a comma, quote or line break.
std::string quoted(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string rr_csv(const storage::StoredSession& s) {
  std::string out = "t_s,rr_ms,nn_ms,label\n";
  for (const storage::StoredBeat& b : s.beats) {
    out += time_cell(b.t_us) + ',' + cell("%.3f", b.rr_ms) + ',' + cell("%.3f", b.nn_ms) + ',' +
           quoted(b.label) + '\n';
  }
  return out;
}

std::string metrics_csv(const storage::StoredSession& s) {
  std::map<std::string, std::size_t> column;
  for (const storage::StoredMetric& m : s.metrics) column.emplace(m.name, 0);
  std::string out = "t_s";
  std::size_t next = 0;
  for (auto& [name, index] : column) {
    index = next++;
    out += ',' + name;  // names carry their unit (hr_bpm, rmssd_ms, coherence_ratio)
  }
  out += '\n';
  std::vector<std::string> current(column.size());  // each metric's value from here on
  for (std::size_t i = 0; i < s.metrics.size(); ++i) {
    const storage::StoredMetric& m = s.metrics[i];
    current[column[m.name]] = cell("%.6g", m.value);
    const bool last_at_this_time = i + 1 == s.metrics.size() || s.metrics[i + 1].t_us != m.t_us;
    if (!last_at_this_time) continue;
    out += time_cell(m.t_us);
    for (const std::string& v : current) out += ',' + v;
    out += '\n';
  }
  return out;
}

std::string markers_csv(const storage::StoredSession& s, bool deidentify) {
  std::string out = "t_s,kind,text\n";
  for (const storage::StoredMarker& m : s.markers) {
    out += time_cell(m.t_us) + ',' + quoted(m.kind) + ',' + quoted(marker_text(m, deidentify)) + '\n';
  }
  return out;
}

}  // namespace

std::string marker_text(const storage::StoredMarker& m, bool deidentify) {
  // A reading note names no one (it describes the numbers of the imported file).
  if (!deidentify || m.kind == "mark" || m.kind == "gap" || m.kind == kReadingNoteKind) {
    return m.text;
  }
  if (m.kind == "link") return m.text.substr(0, m.text.find(':'));
  return {};
}

std::vector<std::filesystem::path> write_csv(const storage::StoredSession& s,
                                             const std::filesystem::path& stem, bool deidentify) {
  if (is_stream_path(stem)) {
    throw std::runtime_error("cannot write " + stem.string() + ": csv is three files named after "
                             "a stem (s3 gives s3_rr.csv, s3_metrics.csv, s3_markers.csv); give "
                             "a stem such as out/s3, not a pipe or terminal");
  }
  const std::filesystem::path rr = stem.string() + "_rr.csv";
  const std::filesystem::path metrics = stem.string() + "_metrics.csv";
  const std::filesystem::path markers = stem.string() + "_markers.csv";
  write_private_file(rr, rr_csv(s));
  write_private_file(metrics, metrics_csv(s));
  write_private_file(markers, markers_csv(s, deidentify));
  return {rr, metrics, markers};
}

void write_kubios(const storage::StoredSession& s, const std::filesystem::path& path) {
  // Kubios reads a single column of RR intervals; beats with no interval (the first after a
  // gap) have nothing to write, so Kubios sees the series joined across gaps.
  std::string out;
  for (const storage::StoredBeat& b : s.beats) {
    if (std::isfinite(b.rr_ms)) out += cell("%.3f", b.rr_ms) + '\n';
  }
  write_private_file(path, out);
}

}  // namespace resonant::engine::exports
