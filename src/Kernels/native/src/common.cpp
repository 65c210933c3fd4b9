#include "common.h"

namespace {
thread_local std::string last_error;
}

namespace sf {
void set_last_error(const std::string& message) { last_error = message; }
}

// The message of the last failed call on this thread; valid until the next failure on it.
SF_API const char* sf_last_error() { return last_error.c_str(); }
