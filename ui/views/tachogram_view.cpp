// Heart rate per beat over the last ~2 minutes, with the pacer's breath wave behind it on
// the same time axis: the person sees the heart speed up on the inhale and slow on the
// exhale. The line breaks where data were lost (never drawn across a gap). An interval the
// artifact corrector labelled (a missed, extra or ectopic beat) is raw data, honest but not
// the heart's rhythm: it is drawn as a faint spike and the line joins across it, so one
// sensor hiccup does not slash a calm screen.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <resonant/ui/views.hpp>

#include "src/help_texts.hpp"
#include "views/feedback_card.hpp"
#include "widgets/plot.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr std::size_t kMaxPacerHistory = 64;
constexpr double kMinSpanBpm = 12.0;      // a calm heart should not look like a mountain range
constexpr double kRangeTauS = 1.2;        // axis eases toward new data over about a second
constexpr double kWaveTop = 0.62;         // the wave fills the lower part of the plot
constexpr float kArtifactAlpha = 0.30f;   // labelled intervals: visible, not loud

void remember_segment(TachogramViewState& tv, const PacerSegment& seg) {
  if (!tv.pacer_history.empty()) {
    const PacerSegment& last = tv.pacer_history.back();
    if (last.t_start_s == seg.t_start_s && last.settings == seg.settings &&
        last.start_cycles == seg.start_cycles) {
      return;
    }
    if (seg.t_start_s < last.t_start_s) tv.pacer_history.clear();  // a new session began
  }
  tv.pacer_history.push_back(seg);
  if (tv.pacer_history.size() > kMaxPacerHistory) {
    tv.pacer_history.erase(tv.pacer_history.begin());
  }
}

// The pacer segment in force at t (the earliest one for times before all of them).
const PacerSegment& segment_at(const std::vector<PacerSegment>& history, double t) {
  auto it = std::upper_bound(history.begin(), history.end(), t,
                             [](double v, const PacerSegment& s) { return v < s.t_start_s; });
  return it == history.begin() ? history.front() : *(it - 1);
}

void legend_swatch(ImU32 colour, const char* label) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float y = p.y + em * 0.55f;
  dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + em * 1.2f, y), colour, std::max(2.0f, em * 0.13f));
  ImGui::Dummy(ImVec2(em * 1.2f, em));
  ImGui::SameLine(0.0f, em * 0.4f);
  text_coloured(palette::kTextFaint, label);
}

bool is_labelled_artifact(const engine::TachogramPoint& b) {
  return b.artifact_decided && b.artifact != dsp::BeatLabel::kNormal;
}

// The heart line and its faint spikes: `line` holds the beats whose interval is normal (or not
// yet decided), joined across labelled ones; `spikes` holds each run of labelled beats with
// the line's points either side of it, each run a piece of its own. A gap anywhere in a run
// still breaks both.
struct HeartLines {
  std::vector<plot::Point> line;
  std::vector<plot::Point> spikes;
};

HeartLines split_heart_lines(const engine::Snapshot& snap, std::size_t first, std::size_t n) {
  HeartLines out;
  out.line.reserve(n - first);
  bool gap_pending = false;   // a labelled beat after a gap: the next kept beat breaks
  bool in_run = false;        // the last beat seen was labelled
  for (std::size_t i = first; i < n; ++i) {
    const engine::TachogramPoint& b = snap.tachogram[i];
    const plot::Point p{b.t_s, static_cast<double>(b.hr_bpm), b.after_gap};
    if (is_labelled_artifact(b)) {
      if (!in_run) {  // a run starts at the line's last point, unless a gap lies between
        if (!out.line.empty() && !b.after_gap) {
          plot::Point from = out.line.back();
          from.break_before = true;
          out.spikes.push_back(from);
          out.spikes.push_back({p.x, p.y, false});
        } else {
          out.spikes.push_back({p.x, p.y, true});
        }
      } else {
        out.spikes.push_back(p);
      }
      gap_pending = gap_pending || b.after_gap;
      in_run = true;
      continue;
    }
    if (in_run && !b.after_gap) out.spikes.push_back(p);  // the run ends back on the line
    out.line.push_back({p.x, p.y, b.after_gap || gap_pending});
    gap_pending = false;
    in_run = false;
  }
  return out;
}

}  // namespace

void draw_tachogram_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  TachogramViewState& tv = state.tachogram;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const float px = em / kBodyFontPx;  // one design pixel at this content scale
  ImFont* font = ImGui::GetFont();

  // Title and legend.
  const float left = ImGui::GetCursorPosX();
  const float width = ImGui::GetContentRegionAvail().x;
  char title[64];
  // The axis numbers say no unit: the title does.
  std::snprintf(title, sizeof title, "Heart rate (beats/min), last %.0f minutes",
                tv.window_s / 60.0);
  text_coloured(kTextMuted, title);
  help_marker(help::kTachogram);
  {
    const float title_w = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    // "breath" only while the guide's wave is drawn (not while the pacer is paused).
    const bool wave = snap.pacer_enabled;
    const float legend_w = em * 1.6f + ImGui::CalcTextSize("heart").x +
                           (wave ? em * 1.6f + ImGui::CalcTextSize("breath").x : 0.0f) +
                           em * 1.2f;
    if (left + width - legend_w > title_w + em) {
      ImGui::SameLine(left + width - legend_w);
      legend_swatch(kHeart, "heart");
      if (wave) {
        ImGui::SameLine(0.0f, em * 1.0f);
        legend_swatch(with_alpha(kPacer, 0.7f), "breath");
      }
    }
  }

  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_h = em * 1.5f;
  const float small = em * 0.85f;
  const float gutter = plot::y_label_width("%.0f", 188.0, font, small);
  plot::Area area;
  area.min = ImVec2(top_left.x + gutter, top_left.y + em * 0.3f);
  area.max = ImVec2(top_left.x + avail.x, top_left.y + std::max(avail.y - label_h, em * 4.0f));
  const double now = session_now_s(snap, state);
  area.x = {now - tv.window_s, now};

  // The breath wave, faint, from the pacer schedule (the same pure function as the circle).
  remember_segment(tv, snap.pacer);
  if (snap.pacer_enabled && !tv.pacer_history.empty()) {
    plot::Area wave = area;
    wave.y = {-0.04, 1.0 / kWaveTop};
    // Only from the start of the schedule on: before the session there was no pacer.
    const double t0 = std::max(area.x.lo, std::max(0.0, tv.pacer_history.front().t_start_s));
    const int samples = std::clamp(static_cast<int>((area.to_screen_x(area.x.hi) -
                                                     area.to_screen_x(t0)) / (3.0f * px)),
                                   2, 800);
    std::vector<plot::Point> points(static_cast<std::size_t>(samples) + 1);
    for (int i = 0; i <= samples; ++i) {
      const double t = t0 + (area.x.hi - t0) * i / samples;
      points[static_cast<std::size_t>(i)] = {
          t, pacer_state(segment_at(tv.pacer_history, t), t).volume, false};
    }
    plot::draw_band(dl, wave, points, wave.y.lo, with_alpha(kPacer, 0.16f),
                    with_alpha(kPacer, 0.02f));
    plot::draw_line(dl, wave, points, {with_alpha(kPacer, 0.40f), 1.5f * px, false});
  }

  // Heart rate per beat inside the window (plus one before it, so the line enters at the edge).
  const std::size_t n = std::min<std::size_t>(snap.tachogram_size, engine::kTachogramCapacity);
  std::size_t first = n;
  while (first > 0 && snap.tachogram[first - 1].t_s >= area.x.lo) --first;
  if (first > 0) --first;
  const HeartLines lines = split_heart_lines(snap, first, n);
  const std::vector<plot::Point>& beats = lines.line;
  std::vector<double> values;  // the range follows the rhythm, not a labelled spike
  for (const plot::Point& b : beats) {
    if (b.x >= area.x.lo) values.push_back(b.y);
  }

  // Y range: eased toward the data's range so the axis never jumps.
  // Range of the middle 96 % of beats: an occasional missed or extra beat (a spike) is
  // clipped at the edge instead of flattening the breathing waves.
  const plot::Range target =
      plot::quantile_range(values, 0.02, 0.98, kMinSpanBpm, 0.18,
                           tv.range_valid ? plot::Range{tv.y_lo_bpm, tv.y_hi_bpm}
                                          : plot::Range{55.0, 85.0});
  plot::Range range = target;
  if (tv.range_valid && !state.reduced_motion) {
    range = plot::ease_range({tv.y_lo_bpm, tv.y_hi_bpm}, target, state.dt_s, kRangeTauS);
  }
  tv.y_lo_bpm = range.lo;
  tv.y_hi_bpm = range.hi;
  tv.range_valid = true;
  area.y = range;

  if (!values.empty()) {  // an axis without data would only be noise
    // About one label every three lines of text: enough to read, never crowded.
    const int max_ticks = std::clamp(static_cast<int>(area.height() / (em * 3.0f)), 2, 6);
    const std::vector<double> ticks = plot::nice_ticks(range.lo, range.hi, max_ticks);
    plot::draw_y_grid(dl, area, ticks, "%.0f", with_alpha(kGrid, 0.8f), kTextFaint, font, small);
  }

  // Paused feedback (poor signal / no contact): the history greys, no "now" dot, a note.
  const bool paused = feedback_paused(snap);
  if (paused) state.feedback.paused = true;
  const float spike_alpha = paused ? std::min(kArtifactAlpha, kPausedAlpha) : kArtifactAlpha;
  tv.spike_pieces =
      plot::draw_line(dl, area, lines.spikes, {with_alpha(kHeart, spike_alpha), 1.4f * px, false})
          .pieces;
  const plot::LineStats stats = plot::draw_line(
      dl, area, beats, {paused ? with_alpha(kHeart, kPausedAlpha) : kHeart, 2.2f * px, true});
  tv.line_pieces = stats.pieces;
  tv.plot_bottom_px = area.max.y;
  if (paused) {
    const std::string words = paused_words(snap);
    const char* msg = words.c_str();
    const ImVec2 size = ImGui::CalcTextSize(msg);
    const ImVec2 at(0.5f * (area.min.x + area.max.x - size.x),
                    area.min.y + area.height() * 0.25f - size.y * 0.5f);
    // On a soft backdrop: the greyed history must not run through the words.
    const ImVec2 pad(em * 0.5f, em * 0.25f);
    dl->AddRectFilled(ImVec2(at.x - pad.x, at.y - pad.y),
                      ImVec2(at.x + size.x + pad.x, at.y + size.y + pad.y), with_alpha(kCard, 0.9f),
                      em * 0.4f);
    dl->AddText(at, kTextMuted, msg);
  } else if (!beats.empty() && std::isfinite(beats.back().y) && beats.back().x >= area.x.lo) {
    ImVec2 last = area.to_screen(beats.back().x, beats.back().y);
    // While the axis eases toward a new range the newest beat can lie outside it: the dot
    // stays on the plot's edge, where the (clipped) line leaves it, not below the labels.
    last.y = std::clamp(last.y, area.min.y, area.max.y);
    dl->AddCircleFilled(last, 5.0f * px, with_alpha(kHeart, 0.25f), 20);
    dl->AddCircleFilled(last, 3.0f * px, kHeart, 16);
  }

  if (values.empty() && lines.spikes.empty() && !paused) {
    const char* msg = snap.beat_count == 0 ? "Your heartbeats will appear here"
                                           : "Waiting for the next beats";
    const ImVec2 size = ImGui::CalcTextSize(msg);
    dl->AddText(ImVec2(0.5f * (area.min.x + area.max.x - size.x),
                       area.min.y + area.height() * 0.25f - size.y * 0.5f),
                kTextFaint, msg);
  }

  // Time labels under the plot.
  char label[32];
  std::snprintf(label, sizeof label, "%.0f min ago", tv.window_s / 60.0);
  plot::draw_x_label(dl, area, area.x.lo, label, kTextFaint, font, small);
  std::snprintf(label, sizeof label, "%.0f min ago", tv.window_s / 120.0);
  plot::draw_x_label(dl, area, area.x.lo + tv.window_s * 0.5, label, kTextFaint, font, small);
  plot::draw_x_label(dl, area, area.x.hi, "now", kTextFaint, font, small);

  ImGui::SetCursorScreenPos(top_left);
  ImGui::Dummy(ImVec2(avail.x, area.max.y - top_left.y + label_h));
}

}  // namespace resonant::ui
