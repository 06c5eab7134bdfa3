// A deliberate violation: a domain file includes httplib.
#pragma once
#include <httplib.h>
