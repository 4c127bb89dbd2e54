// The Hub API's model info JSON as a ReleaseLocation: the one place bytes
// off the network become file names and sizes, so every field is checked.
#pragma once

#include <string>

#include "owl/find.h"
#include "owl/hub.h"

namespace owl::hub {

// `body` is the JSON of GET /api/models/{repo}?blobs=true. A body that is
// not in the API's shape is an Error "hub.bad-response" naming the id.
Expected<ReleaseLocation> location_from_info(const HubId& id, const std::string& body,
                                             const HubSettings& settings);

}  // namespace owl::hub
