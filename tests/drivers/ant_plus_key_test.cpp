// The ANT+ network key from the user's config file, and what the handler says without it.
#include <resonant/drivers/ant_plus.hpp>
#include <resonant/drivers/ant_plus_key.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace resonant::drivers {
namespace {

const AntNetworkKey kFake{1, 2, 3, 4, 5, 6, 7, 8};

TEST(AntPlusKey, AcceptsTheUsualWaysOfWritingEightHexBytes) {
  for (const char* text : {
           "network_key = 01 02 03 04 05 06 07 08\n",
           "network_key=01:02:03:04:05:06:07:08",
           "  network_key = 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08  # copied\n",
           "# ANT+ key\n\nnetwork_key = 0102030405060708\n",
           "network_key = 1 2 3 4 5 6 7 8\r\n",
       }) {
    const auto p = parse_ant_plus_config(text, "ant-plus.conf");
    ASSERT_TRUE(p.key) << text << " -> " << p.error;
    EXPECT_EQ(*p.key, kFake) << text;
  }
  const auto upper = parse_ant_plus_config("network_key = AB cd Ef 0XfF 00 10 20 30", "f");
  ASSERT_TRUE(upper.key) << upper.error;
  EXPECT_EQ((*upper.key)[0], 0xAB);
  EXPECT_EQ((*upper.key)[3], 0xFF);
}

TEST(AntPlusKey, ErrorsNameTheFileAndLine) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"# c\nnetwork_key = 01 02 03 04 05 06 07\n", "ant-plus.conf:2: network_key needs 8 bytes"},
      {"network_key = 01 02 03 04 05 06 07 0G\n", "ant-plus.conf:1: '0G' is not a hex byte"},
      {"\n\nnetwrok_key = 01 02 03 04 05 06 07 08\n", "ant-plus.conf:3: unknown setting 'netwrok_key'"},
      {"01 02 03 04 05 06 07 08\n", "ant-plus.conf:1: expected 'network_key = "},
      {"network_key = 1 2 3 4 5 6 7 8\nnetwork_key = 1 2 3 4 5 6 7 8\n",
       "ant-plus.conf:2: network_key is set twice"},
      {"# nothing here\n", "ant-plus.conf: no network_key line"},
      {"network_key = 123 4 5 6 7 8 9 10", "'123' is not a hex byte"},
  };
  for (const auto& c : cases) {
    const auto p = parse_ant_plus_config(c.text, "ant-plus.conf");
    EXPECT_FALSE(p.key) << c.text;
    EXPECT_NE(p.error.find(c.expect), std::string::npos) << c.text << " -> " << p.error;
  }
}

TEST(AntPlusKey, DefaultPathFollowsXdg) {
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old_xdg ? old_xdg : "";
  ::setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
  EXPECT_EQ(default_ant_plus_config_path(), "/tmp/xdg-test/resonant/ant-plus.conf");
  ::setenv("XDG_CONFIG_HOME", "relative/not/allowed", 1);
  const std::string home = std::getenv("HOME") ? std::getenv("HOME") : ".";
  EXPECT_EQ(default_ant_plus_config_path(),
            std::filesystem::path(home) / ".config/resonant/ant-plus.conf");
  ::unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(default_ant_plus_config_path(),
            std::filesystem::path(home) / ".config/resonant/ant-plus.conf");
  if (old_xdg) ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
}

TEST(AntPlusKey, LoadsAFileOrSaysWhatToDo) {
  const auto dir = std::filesystem::temp_directory_path() / "resonant-ant-key-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "ant-plus.conf";
  std::filesystem::remove(path);

  const auto missing = load_ant_plus_options(path);
  EXPECT_FALSE(missing.options.ant_network_key);
  EXPECT_EQ(missing.options.ant_key_source, path.string());
  EXPECT_NE(missing.error.find(path.string() + " does not exist"), std::string::npos) << missing.error;
  EXPECT_NE(missing.error.find("thisisant.com"), std::string::npos) << missing.error;

  std::ofstream(path) << "network_key = 01 02 03 04 05 06 07 08 # fake\n";
  const auto ok = load_ant_plus_options(path);
  EXPECT_TRUE(ok.error.empty()) << ok.error;
  ASSERT_TRUE(ok.options.ant_network_key);
  EXPECT_EQ(*ok.options.ant_network_key, kFake);

  std::ofstream(path) << "network_key = 01 02\n";
  const auto bad = load_ant_plus_options(path);
  EXPECT_FALSE(bad.options.ant_network_key);
  EXPECT_NE(bad.error.find(path.string() + ":1:"), std::string::npos) << bad.error;
  std::filesystem::remove_all(dir);
}

TEST(AntPlusKey, HandlerWithoutKeySaysExactlyWhatToDo) {
  ProtocolOptions opts;
  opts.ant_key_source = "/home/someone/.config/resonant/ant-plus.conf";
  auto handler = make_ant_plus_handler(opts);
  EXPECT_TRUE(handler->on_open().empty()) << "nothing to send without a key";
  const auto fatal = handler->fatal_error();
  ASSERT_TRUE(fatal);
  for (const char* part : {"no ANT+ network key", "/home/someone/.config/resonant/ant-plus.conf",
                           "network_key = XX XX XX XX XX XX XX XX", "thisisant.com",
                           "adopter licence", "cannot ship"}) {
    EXPECT_NE(fatal->find(part), std::string::npos) << part << " missing in: " << *fatal;
  }
  EXPECT_LE(fatal->size(), 400u) << "fits a link message";

  opts.ant_network_key = kFake;
  auto keyed = make_ant_plus_handler(opts);
  EXPECT_FALSE(keyed->fatal_error());
  EXPECT_EQ(keyed->name(), "ant-plus");
  EXPECT_EQ(keyed->serial_settings().describe(), "115200 8N1");
  EXPECT_EQ(keyed->on_open(), (std::vector<std::uint8_t>{0xA4, 0x01, 0x4A, 0x00, 0xEF}));
}

}  // namespace
}  // namespace resonant::drivers
