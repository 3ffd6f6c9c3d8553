// Text records: CSV with a header row, BioSPPy-style text tables, RR-interval lists.
// CSV and tables are validated in one pass at open (so a bad cell is reported with its line
// before any work starts) and then streamed again, line by line, by each channel reader.
#include <resonant/records/text_record.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <system_error>

#include "record_impl.hpp"
#include "text_util.hpp"
#include "waveform_evidence.hpp"

namespace resonant::records::detail {
namespace {

constexpr std::size_t kSniffBytes = 65536;
constexpr std::size_t kRateRows = 4096;          // rows used to find the rate from time stamps
constexpr double kRateAgreement = 0.01;          // --rate vs time column: 1 %
constexpr std::size_t kMaxColumns = 4096;

/// Lines of a file or of text in memory, without line ends.
class LineSource {
 public:
  virtual ~LineSource() = default;
  virtual bool next(std::string& line) = 0;
};

class FileLines final : public LineSource {
 public:
  explicit FileLines(const std::filesystem::path& path) : in_(path, std::ios::binary) {
    if (!in_) throw RecordError(path.string(), "cannot open the file (missing or not readable)");
  }
  bool next(std::string& line) override {
    if (!std::getline(in_, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (first_) strip_utf8_bom(line);
    first_ = false;
    return true;
  }

 private:
  std::ifstream in_;
  bool first_ = true;
};

class MemoryLines final : public LineSource {
 public:
  explicit MemoryLines(std::shared_ptr<const std::string> text) : text_(std::move(text)) {}
  bool next(std::string& line) override {
    std::string_view view;
    if (!next_line(*text_, pos_, view)) return false;
    line.assign(view);
    return true;
  }

 private:
  std::shared_ptr<const std::string> text_;
  std::size_t pos_ = 0;
};

using LineSourceFactory = std::function<std::unique_ptr<LineSource>()>;

enum class Split { delimiter, loose };

/// Where the numbers are and how to cut a line into cells.
struct TableLayout {
  std::string name;          // for messages
  LineSourceFactory lines;
  Split split = Split::delimiter;
  char delimiter = ',';
  std::size_t first_data_line = 1;  // 1-based; earlier lines are header and comments
  std::size_t column_count = 0;
};

void cut(const TableLayout& t, std::string_view line, std::vector<std::string_view>& cells) {
  if (t.split == Split::loose) {
    split_loose(line, cells);
  } else {
    split(line, t.delimiter, cells);
    // A trailing delimiter ("1,2,3,") adds no column.
    if (cells.size() == t.column_count + 1 && trim(cells.back()).empty()) cells.pop_back();
  }
}

bool skip_line(std::string_view line) { return is_blank_or_comment(line); }

/// A number no sample can hold: nan, inf, or beyond the range of the float samples are kept in.
bool is_unreadable_number(double v) {
  return !std::isfinite(v) || std::abs(v) > std::numeric_limits<float>::max();
}

/// A number beyond even a double's range ("1e400"): from_chars reports it rather than read it.
bool is_out_of_range_number(std::string_view cell) {
  return read_number(cell).ec == std::errc::result_out_of_range;
}

/// Cell value (NaN for a missing cell or an unreadable number: a missing sample); RecordError
/// naming file, line and column when it is no number.
double cell_value(const TableLayout& t, const std::vector<std::string>& names, std::string_view cell,
                 std::size_t line_number, std::size_t column) {
  if (is_missing_cell(cell)) return std::numeric_limits<double>::quiet_NaN();
  const auto v = parse_double(cell);
  if (!v && is_out_of_range_number(cell)) return std::numeric_limits<double>::quiet_NaN();
  if (!v) {
    throw RecordError(t.name, "line " + std::to_string(line_number) + ", column '" + names[column] +
                                  "': '" + std::string(trim(cell)) + "' is not a number");
  }
  return is_unreadable_number(*v) ? std::numeric_limits<double>::quiet_NaN() : *v;
}

/// Cells of one column read as missing samples, for a reading note.
struct MissingCells {
  std::uint64_t empty = 0;       // empty, NA, N/A, a spreadsheet error value
  std::uint64_t unreadable = 0;  // nan, inf, or beyond a float's range
  std::size_t first_line = 0;

  void count(std::string_view cell, std::size_t line_number) {
    if (is_missing_cell(cell)) {
      ++empty;
    } else if (const auto v = parse_double(cell);
               v ? is_unreadable_number(*v) : is_out_of_range_number(cell)) {
      ++unreadable;
    } else {
      return;
    }
    if (first_line == 0) first_line = line_number;
  }

  /// "" when none; else what was read and what it does.
  std::string note(const std::string& column) const {
    if (empty + unreadable == 0) return {};
    const auto cells = [](std::uint64_t n) {
      return std::to_string(n) + (n == 1 ? " cell" : " cells");
    };
    std::string what;
    if (empty > 0) what = cells(empty) + " empty or NA";
    if (unreadable > 0) {
      what += (what.empty() ? cells(unreadable) : " and " + std::to_string(unreadable)) +
              " holding nan, inf or a number too large for a sample";
    }
    return "column '" + column + "': " + what + " (first at line " + std::to_string(first_line) +
           "), read as missing samples: short gaps in the signal, not values";
  }

  /// For the time column, whose cells give only the rate: "" when none is missing.
  std::string time_note(const std::string& column, double rate_hz) const {
    const std::uint64_t n = empty + unreadable;
    if (n == 0) return {};
    char rate[32];
    std::snprintf(rate, sizeof rate, "%g", rate_hz);
    return "time column '" + column + "': " + std::to_string(n) + (n == 1 ? " cell" : " cells") +
           " without a time (first at line " + std::to_string(first_line) +
           "); the rows are read as evenly spaced at " + rate + " Hz, the rate the other times "
           "give";
  }
};

class TableChannelReader final : public ChannelReader {
 public:
  TableChannelReader(std::shared_ptr<const TableLayout> layout,
                     std::shared_ptr<const std::vector<std::string>> names, std::size_t column,
                     ChannelInfo info)
      : t_(std::move(layout)), names_(std::move(names)), column_(column), info_(std::move(info)),
        lines_(t_->lines()) {
    while (line_number_ + 1 < t_->first_data_line && lines_->next(line_)) ++line_number_;
  }

  std::size_t read(std::span<float> out) override {
    std::size_t written = 0;
    while (written < out.size() && lines_->next(line_)) {
      ++line_number_;
      if (skip_line(line_)) continue;
      cut(*t_, line_, cells_);
      if (cells_.size() != t_->column_count) {
        throw RecordError(t_->name, "line " + std::to_string(line_number_) + " has " +
                                        std::to_string(cells_.size()) + " cells, expected " +
                                        std::to_string(t_->column_count) + " (file changed?)");
      }
      out[written++] = static_cast<float>(cell_value(*t_, *names_, cells_[column_], line_number_, column_));
    }
    return written;
  }

  const ChannelInfo& info() const override { return info_; }

 private:
  std::shared_ptr<const TableLayout> t_;
  std::shared_ptr<const std::vector<std::string>> names_;
  std::size_t column_;
  ChannelInfo info_;
  std::unique_ptr<LineSource> lines_;
  std::string line_;
  std::vector<std::string_view> cells_;
  std::size_t line_number_ = 0;
};

class TableRecord final : public Record {
 public:
  TableRecord(Format format, const std::filesystem::path& path, TableLayout layout,
              std::vector<std::string> names, std::optional<double> metadata_rate_hz,
              const OpenOptions& options)
      : layout_(std::make_shared<TableLayout>(std::move(layout))),
        names_(std::make_shared<std::vector<std::string>>(std::move(names))) {
    const TableLayout& t = *layout_;
    info_.format = format;
    info_.path = path;
    info_.record_name = path.stem().string();
    std::optional<std::size_t> time_column;
    double time_scale_s = 1.0;
    for (std::size_t c = 0; c < names_->size(); ++c) {
      if (format != Format::csv) break;
      if (const auto scale_s = time_column_seconds_per_unit((*names_)[c])) {
        time_column = c;
        time_scale_s = *scale_s;
        break;
      }
    }
    // Validation pass: every row has every cell and every cell is a number.
    auto lines = t.lines();
    std::string line;
    std::vector<std::string_view> cells;
    std::size_t line_number = 0;
    std::uint64_t rows = 0;
    std::vector<double> stamps;
    std::vector<MissingCells> missing(t.column_count);
    while (lines->next(line)) {
      ++line_number;
      if (line_number < t.first_data_line || skip_line(line)) continue;
      cut(t, line, cells);
      if (cells.size() != t.column_count) {
        throw RecordError(t.name, "line " + std::to_string(line_number) + " has " +
                                      std::to_string(cells.size()) + " cells, the header has " +
                                      std::to_string(t.column_count) + " columns");
      }
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const double v = cell_value(t, *names_, cells[c], line_number, c);
        if (time_column && c == *time_column && stamps.size() < kRateRows) stamps.push_back(v);
        if (!std::isfinite(v)) missing[c].count(cells[c], line_number);
      }
      ++rows;
    }
    if (rows == 0) throw RecordError(t.name, "no data rows");

    double rate_hz = std::numeric_limits<double>::quiet_NaN();
    if (time_column) {
      std::vector<double> steps;
      for (std::size_t i = 1; i < stamps.size(); ++i) {
        // A missing time leaves its two steps out; the rest still give the rate.
        if (std::isfinite(stamps[i]) && std::isfinite(stamps[i - 1])) {
          steps.push_back(stamps[i] - stamps[i - 1]);
        }
      }
      const double step = steps.empty() ? 0.0 : median_of(steps) * time_scale_s;
      if (!(step > 0.0) || !std::isfinite(step)) {
        throw RecordError(t.name, "time column '" + (*names_)[*time_column] +
                                      "' does not give a sample rate (it needs increasing times "
                                      "in seconds, or in ms or µs when its name says so: "
                                      "time_ms, millis, micros, time (ms))");
      }
      rate_hz = 1.0 / step;
      if (options.sample_rate_hz &&
          std::abs(*options.sample_rate_hz - rate_hz) > kRateAgreement * rate_hz) {
        throw RecordError(t.name, "the time column gives " + std::to_string(rate_hz) +
                                      " Hz but the sample rate given is " +
                                      std::to_string(*options.sample_rate_hz) + " Hz");
      }
    } else if (options.sample_rate_hz) {
      rate_hz = *options.sample_rate_hz;
    } else if (metadata_rate_hz) {
      rate_hz = *metadata_rate_hz;
    } else {
      throw RecordError(t.name, "no time column and no sample rate: give the sample rate "
                                "(--rate HZ)");
    }
    if (!(rate_hz > 0.0) || !std::isfinite(rate_hz)) {
      throw RecordError(t.name, "sample rate " + std::to_string(rate_hz) + " Hz is not positive");
    }
    info_.frame_rate_hz = rate_hz;
    if (time_column) {
      if (const std::string note = missing[*time_column].time_note((*names_)[*time_column],
                                                                    rate_hz);
          !note.empty()) {
        info_.reading_notes.push_back(note);
      }
    }
    for (std::size_t c = 0; c < names_->size(); ++c) {
      if (time_column && c == *time_column) continue;
      ChannelInfo ch;
      ch.index = info_.channels.size();
      ch.name = (*names_)[c];
      ch.units = units_in_name(ch.name);
      ch.sample_rate_hz = rate_hz;
      ch.sample_count = rows;
      finish_channel(ch);
      info_.channels.push_back(ch);
      columns_.push_back(c);
      if (const std::string note = missing[c].note(ch.name); !note.empty()) {
        info_.reading_notes.push_back(note);
      }
    }
  }

  std::unique_ptr<ChannelReader> open_channel(std::size_t index) const override {
    if (index >= columns_.size()) {
      throw RecordError(layout_->name, "no channel " + std::to_string(index) + " (the file has " +
                                           std::to_string(columns_.size()) + ")");
    }
    return std::make_unique<TableChannelReader>(layout_, names_, columns_[index], info_.channels[index]);
  }

 private:
  std::shared_ptr<const TableLayout> layout_;
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<std::size_t> columns_;  // table column of each channel
};

class RrChannelReader final : public ChannelReader {
 public:
  RrChannelReader(std::shared_ptr<const std::vector<RrInterval>> rr, ChannelInfo info)
      : rr_(std::move(rr)), info_(std::move(info)) {}
  std::size_t read(std::span<float> out) override {
    std::size_t n = 0;
    while (n < out.size() && next_ < rr_->size()) out[n++] = static_cast<float>((*rr_)[next_++].rr_ms);
    return n;
  }
  const ChannelInfo& info() const override { return info_; }

 private:
  std::shared_ptr<const std::vector<RrInterval>> rr_;
  ChannelInfo info_;
  std::size_t next_ = 0;
};

class RrRecord final : public Record {
 public:
  RrRecord(const std::filesystem::path& path, std::vector<RrInterval> rr)
      : rr_(std::make_shared<std::vector<RrInterval>>(std::move(rr))) {
    info_.format = Format::rr_text;
    info_.path = path;
    info_.record_name = path.stem().string();
    ChannelInfo c;
    c.name = "RR";
    c.units = "ms";
    c.sample_count = rr_->size();
    finish_channel(c);
    info_.channels.push_back(c);
  }
  std::unique_ptr<ChannelReader> open_channel(std::size_t index) const override {
    if (index != 0) throw RecordError(info_.path.string(), "an RR list has one channel (0)");
    return std::make_unique<RrChannelReader>(rr_, info_.channels[0]);
  }
  std::vector<RrInterval> rr_intervals() const override { return *rr_; }
  void add_reading_note(std::string note) { info_.reading_notes.push_back(std::move(note)); }

 private:
  std::shared_ptr<const std::vector<RrInterval>> rr_;
};

/// "# Sampling Rate (Hz):= 1000.00" -> 1000; "# Labels:= PPG" -> {"PPG"}.
std::string_view metadata_value(std::string_view comment) {
  const std::size_t at = comment.find(":=");
  if (at != std::string_view::npos) return trim(comment.substr(at + 2));
  const std::size_t colon = comment.find(':');
  return colon == std::string_view::npos ? std::string_view{} : trim(comment.substr(colon + 1));
}

/// 80 % of the intervals those of a heart (0.2-3 s), as looks_like_rr_text asks of a bare list.
bool plausible_heart_intervals(const std::vector<RrInterval>& rr) {
  constexpr double kMinMs = 200.0;
  constexpr double kMaxMs = 3000.0;
  constexpr double kShare = 0.8;
  const auto plausible = std::count_if(rr.begin(), rr.end(), [&](const RrInterval& r) {
    return r.rr_ms >= kMinMs && r.rr_ms <= kMaxMs;
  });
  return static_cast<double>(plausible) >= kShare * static_cast<double>(rr.size());
}

/// The note for a bare column read as intervals that repeats like a sampled wave, or "".
std::string waveform_reading_note(const std::vector<RrInterval>& rr) {
  const auto wave = periodic_waveform_evidence(rr);
  if (!wave) return {};
  char figures[96];
  std::snprintf(figures, sizeof figures, "every %zu values (correlation %.2f)",
                wave->period_values, wave->correlation);
  char period[32];
  std::snprintf(period, sizeof period, "%.0f s", wave->as_rr_period_s);
  return std::string("read as RR intervals, but the numbers rise and fall in a steady repeat ") +
         figures +
         ", as samples of a pulse or breathing wave do; as intervals, that is a heart rhythm "
         "swinging once every " +
         period +
         " (periodic breathing or interval training can do so). If the file holds a signal's "
         "samples, these figures are not a heart's; a pulse or ECG is read with its sample rate "
         "and kind (--rate HZ --signal ppg|ecg). Giving the units (--rr-units ms|s) says it "
         "holds intervals.";
}

std::vector<std::string> numbered_names(std::size_t count) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < count; ++i) names.push_back("column " + std::to_string(i));
  return names;
}

std::string supported_formats_text() {
  return "supported: WFDB (.hea with .dat/.mat), EDF/EDF+/BDF (.edf, .bdf), CSV with a header row, "
         "BioSPPy text tables, RR-interval lists";
}

/// Detects the kind of text from its beginning (sniff) and opens it.
std::unique_ptr<Record> open_text(const std::filesystem::path& path, const std::string& name,
                                  std::string_view sniff, const LineSourceFactory& lines,
                                  const std::function<std::string()>& whole_text,
                                  const OpenOptions& options) {
  if (sniff.find('\0') != std::string_view::npos) {
    throw RecordError(name, "unknown format: binary data (" + supported_formats_text() + ")");
  }
  std::size_t pos = 0;
  std::string_view line;
  std::size_t line_number = 0;
  std::optional<double> metadata_rate;
  std::vector<std::string> labels;
  bool simple_text = false;
  std::string_view first;
  std::size_t first_line_number = 0;
  while (next_line(sniff, pos, line)) {
    ++line_number;
    const std::string_view s = trim(line);
    if (s.empty()) continue;
    if (s.front() == '#') {
      const std::string lower = to_lower(s);
      if (lower.find("simple text format") != std::string::npos) simple_text = true;
      if (lower.find("sampling rate") != std::string::npos) {
        simple_text = true;
        metadata_rate = parse_double(metadata_value(s));
      }
      if (lower.find("labels") != std::string::npos) {
        std::vector<std::string_view> parts;
        split_loose(metadata_value(s), parts);
        labels.assign(parts.begin(), parts.end());
      }
      continue;
    }
    first = s;
    first_line_number = line_number;
    break;
  }
  if (first.empty()) throw RecordError(name, "no data (empty or only comments)");

  std::vector<std::string_view> cells;
  if (simple_text) {
    split_loose(first, cells);
    if (cells.empty()) throw RecordError(name, "line " + std::to_string(first_line_number) + " has no values");
    TableLayout t{name, lines, Split::loose, ' ', first_line_number, cells.size()};
    auto names = labels.size() == cells.size() ? labels : numbered_names(cells.size());
    return std::make_unique<TableRecord>(Format::text_table, path, std::move(t), std::move(names),
                                         metadata_rate, options);
  }
  // CSV: the first line has a non-numeric cell. The delimiter is the commonest of , ; tab.
  const auto count = [&](char c) { return std::count(first.begin(), first.end(), c); };
  const char delimiter = count(';') > count(',') && count(';') >= count('\t') ? ';'
                         : count('\t') > count(',')                          ? '\t'
                                                                             : ',';
  split(first, delimiter, cells);
  const auto is_word = [](std::string_view c) { return !is_missing_cell(c) && !parse_double(c).has_value(); };
  std::vector<std::string_view> tokens;
  split_loose(first, tokens);  // "5 7 9" is numbers, not a column named "5 7 9"
  const bool has_header = std::any_of(cells.begin(), cells.end(), is_word) &&
                          std::any_of(tokens.begin(), tokens.end(), is_word);
  if (has_header) {
    if (cells.size() > kMaxColumns) throw RecordError(name, "more than 4096 columns");
    std::vector<std::string> names;
    for (auto c : cells) {
      std::string_view n = trim(c);
      if (n.size() >= 2 && n.front() == '"' && n.back() == '"') n = n.substr(1, n.size() - 2);
      names.emplace_back(n);
    }
    if (names.size() > 1 && names.back().empty()) names.pop_back();  // trailing delimiter
    // A column of intervals (rr_ms, "RR (ms)", ibi...) makes it an RR list, unless a sample
    // rate says the rows are samples, or a waveform column says it is a signal table (in
    // vital-sign files "RR" is the respiratory rate), or the intervals are not heart beats.
    const bool waveform = std::any_of(names.begin(), names.end(), [](const std::string& n) {
      const SignalKind k = guess_signal_kind(n, "");
      return k == SignalKind::ecg || k == SignalKind::ppg || k == SignalKind::resp ||
             k == SignalKind::eda;
    });
    if (!options.sample_rate_hz && !waveform && names_an_rr_column(names)) {
      auto rr = parse_rr_csv(whole_text(), name, options.rr_units);
      if (plausible_heart_intervals(rr)) return std::make_unique<RrRecord>(path, std::move(rr));
    }
    TableLayout t{name, lines, Split::delimiter, delimiter, first_line_number + 1, names.size()};
    return std::make_unique<TableRecord>(Format::csv, path, std::move(t), std::move(names),
                                         std::nullopt, options);
  }
  // Numbers only: a signal when a rate is given, else an RR list when it looks like one.
  if (options.sample_rate_hz) {
    split_loose(first, cells);
    if (cells.empty()) throw RecordError(name, "line " + std::to_string(first_line_number) + " has no values");
    TableLayout t{name, lines, Split::loose, ' ', first_line_number, cells.size()};
    return std::make_unique<TableRecord>(Format::text_table, path, std::move(t),
                                         numbered_names(cells.size()), std::nullopt, options);
  }
  if (looks_like_rr_text(sniff)) {
    auto rr = parse_rr_text(whole_text(), name, options.rr_units);
    split_loose(first, cells);
    const std::string note = options.rr_units == RrUnits::automatic && cells.size() == 1
                                 ? waveform_reading_note(rr)
                                 : std::string{};
    auto record = std::make_unique<RrRecord>(path, std::move(rr));
    if (!note.empty()) record->add_reading_note(note);
    return record;
  }
  throw RecordError(name, "unknown format: numbers without a header row that do not look like RR "
                          "intervals (give the sample rate to read them as a signal; " +
                              supported_formats_text() + ")");
}

}  // namespace

std::unique_ptr<Record> open_text_file_record(const std::filesystem::path& path,
                                              const OpenOptions& options) {
  const std::string name = path.string();
  std::string sniff;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw RecordError(name, "cannot open the file (missing or not readable)");
    sniff.resize(kSniffBytes);
    in.read(sniff.data(), static_cast<std::streamsize>(sniff.size()));
    sniff.resize(static_cast<std::size_t>(in.gcount()));
    // Cut a partial last line unless the whole file fits.
    if (sniff.size() == kSniffBytes) {
      const std::size_t nl = sniff.rfind('\n');
      if (nl != std::string::npos) sniff.resize(nl + 1);
    }
    strip_utf8_bom(sniff);
  }
  constexpr std::size_t kMaxRrBytes = std::size_t{256} << 20;
  return open_text(
      path, name, sniff, [path] { return std::make_unique<FileLines>(path); },
      [&] { return read_text_file(name, kMaxRrBytes); }, options);
}

}  // namespace resonant::records::detail

namespace resonant::records {

std::unique_ptr<Record> open_text_record(std::string text, const std::string& name,
                                         const OpenOptions& options) {
  detail::strip_utf8_bom(text);
  auto shared = std::make_shared<const std::string>(std::move(text));
  std::string_view sniff = std::string_view(*shared).substr(0, detail::kSniffBytes);
  if (sniff.size() < shared->size() && sniff.rfind('\n') != std::string_view::npos) {
    sniff = sniff.substr(0, sniff.rfind('\n') + 1);  // no partial last line
  }
  return detail::open_text(
      name, name, sniff, [shared] { return std::make_unique<detail::MemoryLines>(shared); },
      [shared] { return *shared; }, options);
}

}  // namespace resonant::records
