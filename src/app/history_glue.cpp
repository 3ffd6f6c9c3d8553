#include "history_glue.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <utility>

#include <resonant/engine/session_history.hpp>
#include <resonant/engine/session_trends.hpp>

namespace resonant::app {
namespace {

constexpr const char* kDefaultClient = "me";

std::string client_data_words(const engine::ClientDataEntry& d) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%lld session%s, %.0f min recorded",
                static_cast<long long>(d.sessions), d.sessions == 1 ? "" : "s",
                d.recorded_s / 60.0);
  return buf;
}

bool has_client(const std::vector<engine::ClientEntry>& clients, const std::string& name) {
  for (const engine::ClientEntry& c : clients) {
    if (c.name == name) return true;
  }
  return false;
}

}  // namespace

ui::HistoryData load_history(const std::string& database, const std::string& client,
                             const std::optional<std::string>& add_client,
                             const std::optional<std::string>& delete_client) {
  ui::HistoryData data;
  data.client = client;
  if (database.empty()) {
    data.problem =
        "No session database could be found (the data folder could not be made). Set "
        "XDG_DATA_HOME to a writable folder, or start Resonant with --db FILE.";
    return data;
  }
  try {
    engine::SessionHistory history(database);
    if (add_client) {
      history.add_client(*add_client);
      data.client = *add_client;
      data.done = "Added " + *add_client + ".";
    }
    if (delete_client) {
      const engine::ClientDataEntry removed = history.delete_client(*delete_client);
      data.done = (*delete_client == kDefaultClient
                       ? std::string("Deleted your history and all its data (")
                       : "Deleted " + *delete_client + "\xE2\x80\x99s record and all its data (") +
                  client_data_words(removed) + ").";
      if (data.client == *delete_client) data.client = kDefaultClient;
    }
    data.clients = history.clients();
    // A client without a record yet (e.g. "me" before the first session) has no lists.
    if (!has_client(data.clients, data.client)) return data;
    data.sessions = history.sessions(data.client);
    data.client_data = history.client_data(data.client);
    data.trends = engine::client_trends(database, data.client);
  } catch (const std::exception& e) {
    data.problem = e.what();
  }
  return data;
}

HistoryLoader::~HistoryLoader() {
  if (job_.valid()) job_.wait();
}

void HistoryLoader::update(ui::ViewState& view) {
  ui::HistoryViewState& h = view.history;
  // Nothing is read (or created) until the History screen is opened.
  if (view.screen != ui::Screen::kHistory && !job_.valid()) return;
  if (job_.valid()) {
    if (job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    ui::HistoryData data = job_.get();
    h.client = data.client;
    h.data = std::move(data);
    h.loading = false;
  }
  if (!h.reload_requested && !h.add_client_request && !h.delete_client_request) return;
  job_ = std::async(std::launch::async, load_history, h.database, h.client,
                    std::exchange(h.add_client_request, std::nullopt),
                    std::exchange(h.delete_client_request, std::nullopt));
  h.reload_requested = false;
  h.loading = true;
}

}  // namespace resonant::app
