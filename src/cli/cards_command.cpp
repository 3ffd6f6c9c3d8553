// resonant-cli cards SESSION: the response cards of a saved session's exercise blocks.
#include <cstdio>
#include <exception>
#include <filesystem>

#include <resonant/engine/session_history.hpp>
#include <resonant/engine/stored_cards.hpp>

#include "commands.hpp"
#include "session_marks.hpp"

namespace resonant::cli {

int run_cards(const CardsOptions& o) {
  try {
    const std::filesystem::path db =
        o.db_path.empty() ? engine::default_database_path() : std::filesystem::path(o.db_path);
    const auto cards = engine::stored_response_cards(db, o.session_id);
    if (cards.empty() && !o.json) {
      std::printf("session %lld has no exercise blocks (mark them with session --mark or the "
                  "dashboard's markers strip)\n",
                  static_cast<long long>(o.session_id));
    }
    print_response_cards(stdout, cards, o.json);
    return kExitOk;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli cards: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace resonant::cli
