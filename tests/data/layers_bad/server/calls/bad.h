// A deliberate layer violation: the domain includes the HTTP layer.
#pragma once
#include "http/router.h"
