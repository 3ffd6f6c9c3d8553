#pragma once
// A screenshot written by `resonant --screenshot`, loaded for the GUI tests to look into
// (RGBA, top row first), with region counts.
#include <cstddef>
#include <set>
#include <string>

#include <stb_image.h>

namespace resonant::ui::testing {

struct Png {
  int width = 0;
  int height = 0;
  unsigned char* pixels = nullptr;  // null when the file could not be read
  explicit Png(const std::string& path) {
    int channels = 0;
    pixels = stbi_load(path.c_str(), &width, &height, &channels, 4);
  }
  ~Png() { stbi_image_free(pixels); }
  Png(const Png&) = delete;
  Png& operator=(const Png&) = delete;
  const unsigned char* at(int x, int y) const {
    return pixels + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                     static_cast<std::size_t>(x)) * 4u;
  }
  /// Pixels in [x0, x1) x [y0, y1) for which pred(pixel) holds.
  template <class Pred>
  int count(int x0, int x1, int y0, int y1, Pred pred) const {
    int n = 0;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) n += pred(at(x, y)) ? 1 : 0;
    }
    return n;
  }
  /// Distinct colours (32 levels a channel) in the region: text and controls make many, an
  /// empty card one or two.
  std::size_t colours(int x0, int x1, int y0, int y1) const {
    std::set<int> seen;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        const unsigned char* p = at(x, y);
        seen.insert((p[0] >> 3) << 10 | (p[1] >> 3) << 5 | (p[2] >> 3));
      }
    }
    return seen.size();
  }
};

}  // namespace resonant::ui::testing
