// A short valid WAV file (8 kHz, 16-bit mono) for recording URLs, so clients that
// download recordings work offline (DECISIONS.md row 16). Pure.
#pragma once

#include <string>

namespace bolna {

// `seconds` of a quiet 440 Hz tone (clamped to 1..5 s) as WAV bytes.
std::string make_wav(double seconds);

}  // namespace bolna
