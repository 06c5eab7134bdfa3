#include "calls/wav.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace bolna {

namespace {
void put32(std::string& s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put16(std::string& s, uint16_t v) {
  s.push_back(static_cast<char>(v & 0xff));
  s.push_back(static_cast<char>(v >> 8));
}
}  // namespace

std::string make_wav(double seconds) {
  constexpr uint32_t kRate = 8000;
  uint32_t samples = static_cast<uint32_t>(std::clamp(seconds, 1.0, 5.0) * kRate);
  uint32_t data_bytes = samples * 2;
  std::string w;
  w.reserve(44 + data_bytes);
  w += "RIFF";
  put32(w, 36 + data_bytes);
  w += "WAVEfmt ";
  put32(w, 16);
  put16(w, 1);  // PCM
  put16(w, 1);  // mono
  put32(w, kRate);
  put32(w, kRate * 2);
  put16(w, 2);
  put16(w, 16);
  w += "data";
  put32(w, data_bytes);
  for (uint32_t i = 0; i < samples; ++i) {
    double v = 0.05 * std::sin(2.0 * M_PI * 440.0 * i / kRate);
    put16(w, static_cast<uint16_t>(static_cast<int16_t>(v * 32767)));
  }
  return w;
}

}  // namespace bolna
