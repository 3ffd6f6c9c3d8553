// The History screen's glue (src/app/history_glue.cpp): lists, trends, adding and deleting
// a client, loaded from a temp database filled through the storage API (the sessions a
// recorder would write), and handed to the view through HistoryLoader without the UI
// waiting.
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <resonant/storage/database.hpp>
#include <resonant/storage/session_writer.hpp>

#include "history_glue.hpp"
#include "store_test_support.hpp"
#include "test_support.hpp"

namespace resonant::app {
namespace {

using resonant::testing::TempDir;
using namespace resonant::storage;

constexpr int kBeats = 30;

void write_session(const std::filesystem::path& db, const std::string& client) {
  SessionWriter w(Database::open(db));
  w.begin();
  w.write(test::begin_row(client));
  for (const Row& r : test::beat_rows(0, kBeats)) w.write(r);
  w.write(EndSessionRow{ProgressRow{800'000LL * kBeats, kBeats, 75.0, 30.0, 40.0}, unix_now_us()});
  w.commit();
}

TEST(HistoryGlue, LoadsTheClientsSessionsAndTrendsOfOneClient) {
  TempDir dir;
  const auto db = dir.path() / "h.db";
  write_session(db, "me");
  write_session(db, "me");
  write_session(db, "ana");
  const ui::HistoryData data = load_history(db.string(), "me", std::nullopt, std::nullopt);
  ASSERT_TRUE(data.problem.empty()) << data.problem;
  EXPECT_EQ(data.client, "me");
  ASSERT_EQ(data.clients.size(), 2u);
  ASSERT_EQ(data.sessions.size(), 2u);
  EXPECT_GT(data.sessions[0].id, data.sessions[1].id) << "newest first";
  for (const auto& s : data.sessions) {
    EXPECT_EQ(s.client, "me");
    EXPECT_EQ(s.beats, kBeats);
    EXPECT_EQ(s.status, "complete");
  }
  EXPECT_EQ(data.trends.sessions.size(), 2u);
  EXPECT_EQ(data.client_data.sessions, 2);
}

TEST(HistoryGlue, AddsAndDeletesAClientSayingWhatWasRemoved) {
  TempDir dir;
  const auto db = dir.path() / "h.db";
  write_session(db, "ana");
  ui::HistoryData data = load_history(db.string(), "me", std::string("bo"), std::nullopt);
  ASSERT_TRUE(data.problem.empty()) << data.problem;
  EXPECT_EQ(data.client, "bo") << "the added client is shown";
  EXPECT_EQ(data.done, "Added bo.");
  EXPECT_TRUE(data.sessions.empty());

  data = load_history(db.string(), "ana", std::nullopt, std::string("ana"));
  ASSERT_TRUE(data.problem.empty()) << data.problem;
  EXPECT_EQ(data.client, "me") << "after deleting the shown client, the default one is shown";
  EXPECT_NE(data.done.find("Deleted ana\xE2\x80\x99s record and all its data (1 session"),
            std::string::npos)
      << data.done;
  for (const auto& c : data.clients) EXPECT_NE(c.name, "ana");
  EXPECT_TRUE(load_history(db.string(), "me", std::nullopt, std::nullopt).sessions.empty());
}

TEST(HistoryGlue, AProblemIsWrittenNotThrown) {
  TempDir dir;
  const auto not_a_db = dir.path() / "folder.db";
  std::filesystem::create_directory(not_a_db);
  const ui::HistoryData data = load_history(not_a_db.string(), "me", std::nullopt, std::nullopt);
  EXPECT_FALSE(data.problem.empty());
  EXPECT_FALSE(load_history("", "me", std::nullopt, std::nullopt).problem.empty());
}

TEST(HistoryGlue, TheLoaderHandsTheListsToTheViewOnlyOnTheHistoryScreen) {
  TempDir dir;
  const auto db = dir.path() / "h.db";
  write_session(db, "me");
  ui::ViewState view;
  view.history.database = db.string();
  HistoryLoader loader;
  loader.update(view);
  EXPECT_FALSE(view.history.loading) << "nothing is read before the History screen opens";
  view.screen = ui::Screen::kHistory;
  loader.update(view);
  EXPECT_TRUE(view.history.loading);
  EXPECT_FALSE(view.history.reload_requested);
  // update() never waits; poll it as the frame loop would until the worker is done.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (view.history.loading && std::chrono::steady_clock::now() < deadline) {
    loader.update(view);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(view.history.data.has_value());
  EXPECT_EQ(view.history.data->sessions.size(), 1u);
}

}  // namespace
}  // namespace resonant::app
