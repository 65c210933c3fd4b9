// Error plumbing shared by every shim file: each exported function catches every C++ exception,
// stores its message in a thread-local slot, and returns a non-zero status. C# reads the message.
#pragma once
#include <cstdint>
#include <exception>
#include <string>

#define SF_API extern "C" __attribute__((visibility("default")))

namespace sf {
void set_last_error(const std::string& message);
}

// Wraps a function body: returns 0 on success, 1 with the exception's message stored on failure.
#define SF_TRY try {
#define SF_CATCH                                                     \
  return 0;                                                          \
  }                                                                  \
  catch (const std::exception& e) {                                  \
    sf::set_last_error(e.what());                                    \
    return 1;                                                        \
  }                                                                  \
  catch (...) {                                                      \
    sf::set_last_error("unknown native exception");                  \
    return 1;                                                        \
  }
