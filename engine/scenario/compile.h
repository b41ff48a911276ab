// Compiles a validated scenario into the plain model. Precondition: validate() reported no error.
#pragma once

#include "engine/model/scenario.h"
#include "proto/scenario.pb.h"

namespace jcsim::scenario {

model::Scenario compile(const pb::Scenario& s);

}  // namespace jcsim::scenario
