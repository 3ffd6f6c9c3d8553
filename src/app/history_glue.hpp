#pragma once
// The History screen's data: the app loads client and session lists and trends through the
// engine (session_history.hpp, session_trends.hpp) on a worker thread and hands them to the
// view as plain data (ui::HistoryData). The UI never touches storage and never waits.
#include <future>
#include <optional>
#include <string>

#include <resonant/ui/view_state.hpp>

namespace resonant::app {

/// Opens the database, applies the requests (add, then delete a client) and loads the lists
/// of `client` ("me" when that client was just deleted). Never throws: a problem is written
/// in HistoryData::problem (naming the file and what to do). Any thread.
ui::HistoryData load_history(const std::string& database, const std::string& client,
                             const std::optional<std::string>& add_client,
                             const std::optional<std::string>& delete_client);

/// Runs the History screen's requests (view.history) one at a time on a worker thread and
/// hands the result to the view when it is ready.
/// Threading contract: update() on the UI thread, once a frame; it never blocks.
class HistoryLoader {
 public:
  HistoryLoader() = default;
  ~HistoryLoader();  // waits for a running load (at most one database query)
  HistoryLoader(const HistoryLoader&) = delete;
  HistoryLoader& operator=(const HistoryLoader&) = delete;

  void update(ui::ViewState& view);

 private:
  std::future<ui::HistoryData> job_;
};

}  // namespace resonant::app
