// doctest entry point for the unit tests (no HTTP, no threads unless a test makes them).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
